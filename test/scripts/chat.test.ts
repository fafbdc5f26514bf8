/**
 * `npm run chat`: the same engine in the terminal. Lines in, numbered plain-text answers out — a citizen
 * books an audience, asks the hours on the way, then cancels the booking with its code, in ro and fa.
 */
import { PassThrough } from 'node:stream';
import { loadConfig } from '../../bot/config';
import { openDatabase } from '../../bot/store/db';
import { runChat } from '../../scripts/chat';
import { MONDAY_10AM, sharedNlu, tempDir } from '../helpers/clerk';

async function chat(dbPath: string, argv: string[], lines: string[]): Promise<{ code: number; out: string }> {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (c: Buffer) => (out += c.toString('utf8')));
  input.end(`${lines.join('\n')}\n`);
  const code = await runChat({
    config: loadConfig({ DATABASE_PATH: dbPath, PORT: '0' }),
    argv,
    input,
    output,
    now: () => MONDAY_10AM,
    nlu: await sharedNlu(),
  });
  return { code, out };
}

const lines: Record<'ro' | 'fa', { book: string[]; hours: string; phone: string }> = {
  ro: {
    book: ['1', '1', 'da', '123456/2026', '01.09.2026', '1', 'groapă mare în asfalt pe strada Horea nr. 10'],
    hours: 'care e programul?',
    phone: '0722 123 456',
  },
  fa: {
    book: ['۱', '۱', 'بله', '۱۲۳۴۵۶/۲۰۲۶', '۱۴۰۵/۰۶/۱۰', '۱', 'چاله بزرگ در آسفالت خیابان هوریا پلاک ۱۰'],
    hours: 'ساعات کاری شما چیست؟',
    phone: '۰۹۱۲ ۳۴۵ ۶۷۸۹',
  },
};

describe.each<'ro' | 'fa'>(['ro', 'fa'])('npm run chat, in %s', (lang) => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  it('books with numbered answers, answers the hours mid-dialog, and cancels with the code', async () => {
    const l = lines[lang];
    const db = `${tmp.dir}/clerk.db`;
    const booked = await chat(
      db,
      ['--lang', lang],
      [
        ...l.book,
        l.hours,
        '1',
        lang === 'fa' ? 'سارا احمدی' : 'Ioana Pop',
        l.phone,
        '4',
        '1',
        '1',
        '1',
        '/quit',
      ],
    );
    expect(booked.code).toBe(0);
    expect(booked.out).toContain(lang === 'fa' ? '۱ وقت ملاقات' : '1 Audiență');
    expect(booked.out).toContain(lang === 'fa' ? '۱۷:۳۰' : '17:30');
    // The code follows its label (": "); the header's conversation id (a UUID) must not be taken for it.
    const code = booked.out.match(/: ([A-Z0-9]{4}-[A-Z0-9]{4})\n/)?.[1];
    expect(code).toBeDefined();

    const cancelled = await chat(db, ['--lang', lang], ['2', code!, l.phone, '2', '1', '/quit']);
    expect(cancelled.code).toBe(0);
    const check = openDatabase(db);
    expect(check.prepare('SELECT status FROM bookings WHERE code = ?').pluck().get(code)).toBe('cancelled');
    expect(check.prepare("SELECT count(*) FROM outbox WHERE kind = 'booking.cancelled'").pluck().get()).toBe(
      1,
    );
    check.close();
  });
});

describe.each<'ro' | 'fa'>(['ro', 'fa'])('npm run chat, changes and a person, in %s', (lang) => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  it('moves a booking with its code, and offers a person after three unusable answers', async () => {
    const l = lines[lang];
    const db = `${tmp.dir}/clerk.db`;
    const name = lang === 'fa' ? 'سارا احمدی' : 'Ioana Pop';
    const booked = await chat(
      db,
      ['--lang', lang],
      [...l.book, '1', name, l.phone, '4', '1', '1', '1', '/quit'],
    );
    const code = booked.out.match(/: ([A-Z0-9]{4}-[A-Z0-9]{4})\n/)![1];

    // My booking → code → phone → move → the first free place → yes.
    const moved = await chat(db, ['--lang', lang], ['2', code, l.phone, '1', '1', '1', '/quit']);
    expect(moved.code).toBe(0);
    const check = openDatabase(db);
    expect(check.prepare('SELECT seq FROM bookings WHERE code = ?').pluck().get(code)).toBe(1);
    expect(check.prepare("SELECT count(*) FROM outbox WHERE kind = 'booking.moved'").pluck().get()).toBe(1);

    // Three answers the clerk cannot use for the name: the clerk explains and offers a person as answer 1.
    const stuck = await chat(db, ['--lang', lang], [...l.book, '1', '1', '2', '3', '1', l.phone, '/quit']);
    expect(stuck.out).toContain(lang === 'fa' ? '۱ صحبت با یک کارمند' : '1 Vreau să vorbesc cu un om');
    expect(stuck.out).toContain(lang === 'fa' ? 'همکاران' : 'un coleg');
    expect(check.prepare('SELECT cause FROM staff_requests').pluck().all()).toEqual(['stuck']);
    check.close();
  });
});

it('refuses an unknown language with the usage line', async () => {
  const tmp = tempDir();
  const { code, out } = await chat(`${tmp.dir}/clerk.db`, ['--lang', 'de'], []);
  expect(code).toBe(2);
  expect(out).toContain('Usage: npm run chat');
  tmp.remove();
});
