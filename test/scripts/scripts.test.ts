import { audienceDetails, syncCity } from '../helpers/bookings';
import { createBookingStore } from '../../bot/store/booking-store';
import { openDatabase, type Db } from '../../bot/store/db';
import { loadMunicipality } from '../../bot/municipality';
import { runAgenda } from '../../scripts/agenda';
import { runOutbox } from '../../scripts/outbox';
import { tempDir } from '../helpers/clerk';

const city = loadMunicipality('cluj-napoca');
let tmp: ReturnType<typeof tempDir>;
let db: Db;

/** The proof given for the step before goes under `evidence`, as the audience keeps it. */
function splitEvidence(given: Record<string, unknown>) {
  const { petition, priorAudienceDate, ...rest } = given;
  return { ...rest, evidence: { petition, priorAudienceDate } } as Parameters<typeof audienceDetails>[0];
}

beforeEach(async () => {
  tmp = tempDir();
  db = openDatabase(`${tmp.dir}/clerk.db`);
  syncCity(db, city);
  const store = createBookingStore(db);
  const evidence = {
    'Ioana Pop': {
      petition: { number: '4521/2026', date: '2026-09-03', outcome: 'negative' as const },
      answerBy: 'email' as const,
      email: 'ioana@example.org',
    },
    'Ion Rus': {
      petition: { number: '77', date: '2026-09-01', outcome: 'none' as const },
      answerBy: 'none' as const,
    },
    'علی رضایی': {
      priorAudienceDate: '2026-11-02',
      answerBy: 'post' as const,
      postalAddress: 'str. Horea 10',
    },
  };
  for (const [officialId, seq, name] of [
    ['head-technical', 1, 'Ioana Pop'],
    ['head-technical', 0, 'Ion Rus'],
    ['vice-mayor-1', 0, 'علی رضایی'],
  ] as const) {
    const start = new Date(Date.parse('2026-11-24T07:00:00Z') + seq * 900_000);
    await store.reserve(
      {
        request: {
          procedure: 'audience',
          slot: {
            resourceId: officialId,
            day: '2026-11-24',
            seq,
            start: start.toISOString(),
            end: new Date(start.getTime() + 900_000).toISOString(),
          },
          name,
          phone: '+40722123456',
          details: audienceDetails(splitEvidence(evidence[name])),
        },
        lang: 'ro',
        channel: 'emulator',
        conversationId: 'c',
        confirmation: (code) => ({
          channel: 'sms',
          to: '+40722123456',
          body: `Audienta ${code}`,
          segments: 1,
        }),
      },
      new Date('2026-11-23T08:00:00Z'),
    );
  }
});
afterEach(() => {
  db.close();
  tmp.remove();
});

describe('npm run outbox', () => {
  it('--json prints one object a line with to, channel, body, status, createdAt', async () => {
    const lines: string[] = [];
    await runOutbox(db, ['--json'], (l) => lines.push(l));
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(JSON.parse(line)).toEqual(
        expect.objectContaining({
          to: '+40722123456',
          channel: 'sms',
          body: expect.stringMatching(/^Audienta [A-Z0-9]{4}-[A-Z0-9]{4}$/),
          status: 'pending',
          createdAt: '2026-11-23T08:00:00.000Z',
        }),
      );
    }
  });

  it('prints a readable list by default', async () => {
    const lines: string[] = [];
    await runOutbox(db, [], (l) => lines.push(l));
    expect(lines.join('\n')).toMatch(
      /booking\.confirmation {2}sms → \+40722123456 {2}\[pending, 0 attempt\(s\)\]/,
    );
  });
});

describe('npm run agenda', () => {
  it('lists the day per official, in local time, in order', async () => {
    const lines: string[] = [];
    expect(await runAgenda(db, city, ['--date', '2026-11-24'], (l) => lines.push(l))).toBe(0);
    const text = lines.join('\n');
    expect(text).toContain('Directorul Direcției Tehnice');
    expect(text.indexOf('09:00')).toBeLessThan(text.indexOf('09:15'));
    expect(text.indexOf('Ion Rus')).toBeLessThan(text.indexOf('Ioana Pop'));
    expect(text).toContain('علی رضایی');
    // The official sees the proof given for this step, and the desk where the written answer goes.
    expect(lines).toEqual(
      expect.arrayContaining([
        '         evidence: petition 4521/2026 of 2026-09-03, answered negatively',
        '         written answer: by e-mail to ioana@example.org',
        '         evidence: petition 77 of 2026-09-01, not answered',
        '         written answer: not requested',
        '         evidence: prior audience on 2026-11-02',
        '         written answer: by post to str. Horea 10',
      ]),
    );
  });

  it('--json: one audience a line; another day is empty; a bad date is refused', async () => {
    const lines: string[] = [];
    await runAgenda(db, city, ['--date=2026-11-24', '--json'], (l) => lines.push(l));
    expect(lines.map((l) => JSON.parse(l)).map((a) => [a.resource, a.time])).toEqual([
      ['head-technical', '09:00'],
      ['head-technical', '09:15'],
      ['vice-mayor-1', '09:00'],
    ]);
    expect(JSON.parse(lines[1])).toMatchObject({
      procedure: 'audience',
      name: 'Ioana Pop',
      details: {
        answerBy: 'email',
        email: 'ioana@example.org',
        evidence: { petition: { number: '4521/2026', date: '2026-09-03', outcome: 'negative' } },
      },
    });
    const none: string[] = [];
    await runAgenda(db, city, ['--date', '2026-11-25', '--json'], (l) => none.push(l));
    expect(none).toEqual([]);
    expect(await runAgenda(db, city, ['--date', 'tomorrow'], () => undefined)).toBe(2);
    // Without --date: today in Cluj-Napoca (23:30 UTC on the 23rd is already the 24th there).
    const today: string[] = [];
    await runAgenda(db, city, ['--json'], (l) => today.push(l), new Date('2026-11-23T23:30:00Z'));
    expect(today).toHaveLength(3);
  });
});

describe('npm run staff', () => {
  it('lists open requests for a person with whom to call, by when, and the conversation so far', async () => {
    const { createStaffStore } = await import('../../bot/store/staff-store');
    const { runStaff } = await import('../../scripts/staff');
    const out: string[] = [];
    await runStaff(db, [], (l) => out.push(l));
    expect(out).toEqual(['No open requests for a person.']);
    await createStaffStore(db).record(
      {
        phone: '+40722123456',
        name: 'Ioana Pop',
        cause: 'stuck',
        during: 'contact.askName',
        contactDay: '2026-11-23',
        conversationId: 'emulator:c1',
        channel: 'emulator',
        lang: 'ro',
        transcript: [
          { direction: 'in', text: 'vreau audiență', at: '2026-11-23T08:00:00Z' },
          { direction: 'out', text: 'La cine doriți audiență?', at: '2026-11-23T08:00:00Z' },
        ],
      },
      new Date('2026-11-23T08:00:00Z'),
    );
    out.length = 0;
    await runStaff(db, [], (l) => out.push(l));
    expect(out[0]).toContain('call Ioana Pop, +40722123456 on 2026-11-23');
    expect(out.join('\n')).toContain('citizen: vreau audiență');
    out.length = 0;
    await runStaff(db, ['--json'], (l) => out.push(l));
    expect(JSON.parse(out[0])).toMatchObject({
      cause: 'stuck',
      transcript: [{ direction: 'in' }, { direction: 'out' }],
    });
  });

  it('--done N marks a request done once the citizen was called back, with a note; it leaves the list', async () => {
    const { createStaffStore } = await import('../../bot/store/staff-store');
    const { runStaff } = await import('../../scripts/staff');
    const staff = createStaffStore(db);
    const request = {
      phone: '+40722123456',
      cause: 'citizen' as const,
      conversationId: 'emulator:c2',
      channel: 'emulator',
      lang: 'ro' as const,
      transcript: [],
    };
    const first = await staff.record(request, new Date('2026-11-23T08:00:00Z'));
    const second = await staff.record(request, new Date('2026-11-23T09:00:00Z'));
    const out: string[] = [];
    const at = new Date('2026-11-23T10:00:00Z');
    expect(
      await runStaff(db, ['--done', String(first), '--note', 'programat joi'], (l) => out.push(l), at),
    ).toBe(0);
    expect(out).toEqual([`Request #${first} marked done.`]);
    expect((await staff.open()).map((r) => r.id)).toEqual([second]);
    expect(
      db.prepare('SELECT status, done_at, done_note FROM staff_requests WHERE id = ?').get(first),
    ).toEqual({ status: 'done', done_at: '2026-11-23T10:00:00.000Z', done_note: 'programat joi' });
    // Twice, or a request that does not exist: said, and a failing exit code.
    out.length = 0;
    expect(await runStaff(db, ['--done', String(first)], (l) => out.push(l))).toBe(1);
    expect(await runStaff(db, ['--done', '999'], (l) => out.push(l))).toBe(1);
    expect(await runStaff(db, ['--done', 'x'], (l) => out.push(l))).toBe(2);
    expect(out).toEqual([
      `No open request #${first}.`,
      'No open request #999.',
      expect.stringContaining('Usage'),
    ]);
  });
});
