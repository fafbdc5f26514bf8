/**
 * The procedure extension point, end to end: a test city (test/fixtures/plugin-city/) offers a procedure of its
 * own — the collection of bulky household waste — registered only by its folder, its locale namespace and its
 * section of the city's data, with nothing of it in bot/, dialogs/, locales/ or data/. The real server on
 * 127.0.0.1, a real SQLite file in a temporary folder; the Emulator's protocol, Twilio's signed webhook (with a
 * fake of Twilio's HTTP API), and "my booking".
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import twilio from 'twilio';
import { createClerk, type Clerk, type ClerkOptions } from '../../bot/compose';
import { loadConfig } from '../../bot/config';
import { silentLogger } from '../../bot/logger';
import { parseMunicipality } from '../../bot/municipality';
import { LANGS, type Lang, type Localized } from '../../dialogs/municipality';
import type { Params } from '../../dialogs/reply';
import { buttonsOf, citizen, sharedNlu, startChannel, tempDir, textOf } from '../helpers/clerk';
import { fakeTwilio } from '../helpers/fake-twilio';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'plugin-city');
const CITY_FILE = 'test/fixtures/plugin-city/data/testville.json';
const city = parseMunicipality(
  JSON.parse(readFileSync(path.join(FIXTURE, 'data', 'testville.json'), 'utf8')),
  CITY_FILE,
);

/** Monday 23 November 2026, 10:00 in Testville (Europe/Bucharest). */
const MONDAY_10AM = new Date('2026-11-23T08:00:00Z');
/**
 * The crew works Tuesdays and Thursdays, 08:00–14:00, in two-hour slots, booked at least 48 hours ahead: the
 * first day is Thursday 26 November, then Thursday 3 December (Tuesday 1 December is Romania's national day),
 * Tuesday 8 and Thursday 10 December (four days offered).
 */
const DAYS = ['2026-11-26', '2026-12-03', '2026-12-08', '2026-12-10'];
const TIMES = ['2026-11-26T06:00:00.000Z', '2026-11-26T08:00:00.000Z', '2026-11-26T10:00:00.000Z'];

const PUBLIC = 'https://clerk.example.org';
const TOKEN = 'test-auth-token';
const LOCALE: Record<Lang, string> = { ro: 'ro-RO', fa: 'fa-IR', en: 'en-US' };

/** A clerk for the test city: its procedures and locale namespaces from the fixture's folders. */
async function startTestville(options: {
  dbPath: string;
  now: () => Date;
  env?: Record<string, string>;
  twilioHttpClient?: ClerkOptions['twilioHttpClient'];
}) {
  const config = loadConfig({ DATABASE_PATH: options.dbPath, PORT: '0', ...options.env });
  const clerk: Clerk = await createClerk(config, {
    city,
    procedureDirs: [path.join(FIXTURE, 'procedures')],
    localeDirs: [path.join(FIXTURE, 'locales')],
    now: options.now,
    log: silentLogger,
    nlu: await sharedNlu(),
    twilioHttpClient: options.twilioHttpClient,
  });
  await new Promise<void>((resolve) => clerk.server.listen(0, '127.0.0.1', resolve));
  const { port } = clerk.server.address() as AddressInfo;
  return { clerk, baseUrl: `http://127.0.0.1:${port}` };
}

let tmp: ReturnType<typeof tempDir>;
let app: Awaited<ReturnType<typeof startTestville>>;
let channel: Awaited<ReturnType<typeof startChannel>>;
let clock: Date;
let fake: ReturnType<typeof fakeTwilio>;

beforeAll(async () => {
  channel = await startChannel();
});
afterAll(async () => {
  await channel?.close();
});
beforeEach(async () => {
  tmp = tempDir();
  clock = MONDAY_10AM;
  fake = fakeTwilio(() => clock);
  app = await startTestville({
    dbPath: `${tmp.dir}/clerk.db`,
    now: () => clock,
    twilioHttpClient: fake.httpClient,
    env: {
      PUBLIC_BASE_URL: PUBLIC,
      TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_FROM: '+40700000001',
      REMINDER_LOCAL_TIME: '18:00',
    },
  });
});
afterEach(async () => {
  try {
    await app?.clerk.close();
  } finally {
    tmp?.remove();
  }
});

const t = (lang: Lang, key: string, params?: Params) => app.clerk.texts.t(lang, key, params);
const codeIn = (answer: string) => answer.match(/[A-Z0-9]{4}-[A-Z0-9]{4}/)?.[0] ?? '(no code)';
const icsUrlIn = (answer: string) => answer.match(/https?:\/\/\S+\.ics/)?.[0] ?? '(no link)';
/** Latin letters without their diacritics, as the SMS writes a booking's what and where (GSM-7). */
const plain = (text: string) =>
  text
    .normalize('NFD')
    .replace(/(?<=\p{Script=Latin})\p{Mn}+/gu, '')
    .normalize('NFC');
interface BulkyCity {
  bulkyWaste: { items: { id: string; name: Localized }[] };
}
const ITEMS = (city as unknown as BulkyCity).bulkyWaste.items;
/** The items' names as the procedure joins them, in every language. */
/** A text as a calendar file writes it (RFC 5545: commas, semicolons and backslashes escaped). */
const icsText = (text: string) => text.replace(/[\\;,]/g, (c) => `\\${c}`);
const itemNames = (ids: string[]): Localized =>
  Object.fromEntries(
    LANGS.map((lang) => [
      lang,
      ids.map((id) => ITEMS.find((i) => i.id === id)!.name[lang]).join(lang === 'fa' ? '، ' : ', '),
    ]),
  ) as Localized;

/** What a citizen says at the procedure's own questions, per language, and what it comes to. */
const CASES: Record<
  Lang,
  {
    items: string | { label: string };
    itemIds: string[];
    short: string;
    address: string;
    name: string;
    phone: string;
    e164: string;
  }
> = {
  ro: {
    items: 'o canapea veche și un frigider stricat',
    itemIds: ['furniture', 'appliances'],
    short: 'str 5',
    address: 'Strada Florilor nr. 12, bloc A',
    name: 'Ioana Pop',
    phone: '0722 123 456',
    e164: '+40722123456',
  },
  fa: {
    items: 'یک مبل کهنه و یک یخچال',
    itemIds: ['furniture', 'appliances'],
    short: 'پلاک ۵',
    address: 'خیابان فلوریلور، پلاک ۱۲',
    name: 'علی رضایی',
    phone: '۰۹۱۲ ۳۴۵ ۶۷۸۹',
    e164: '+989123456789',
  },
  en: {
    items: { label: 'Mattresses' },
    itemIds: ['mattresses'],
    short: 'No 5',
    address: '12 Florilor Street, block A',
    name: 'Jane Doe',
    phone: '+40 722 123 456',
    e164: '+40722123456',
  },
};

/**
 * Books a collection over the Emulator's protocol, every answer checked: the menu's button, the two questions
 * (a too short address refused with the procedure's own text), a day and a time, the name, the phone, the
 * consent, the summary and Confirm.
 */
async function bookOverEmulator(lang: Lang) {
  const c = CASES[lang];
  const who = citizen(app.baseUrl, channel, LOCALE[lang]);
  const say = async (answer: string) => {
    const replies = await who.say(answer);
    return { text: textOf(replies), buttons: buttonsOf(replies) };
  };

  const greeting = await who.start();
  // The greeting says what the city's procedure does, in the procedure's own words; the menu offers it.
  expect(textOf(greeting)).toContain(t(lang, 'bulky-waste:offer'));
  expect(buttonsOf(greeting)[0]).toBe(t(lang, 'bulky-waste:menu'));

  const items = await say(t(lang, 'bulky-waste:menu'));
  expect(items.text).toBe(t(lang, 'bulky-waste:askItems'));
  expect(items.buttons).toEqual(
    ['furniture', 'appliances', 'mattresses', 'other'].map((id) => itemNames([id])[lang]),
  );

  const address = await say(typeof c.items === 'string' ? c.items : c.items.label);
  expect(address.text).toBe(t(lang, 'bulky-waste:askAddress'));

  const refused = await say(c.short);
  expect(refused.text).toBe(
    // One message of the reply's two texts, a blank line between them (as the Emulator receives them).
    [t(lang, 'bulky-waste:addressTooShort'), t(lang, 'bulky-waste:askAddress')].join('\n\n'),
  );

  const days = await say(c.address);
  expect(days.text).toBe(t(lang, 'bulky-waste:askDay'));
  expect(days.buttons).toEqual(DAYS.map((day) => t(lang, 'choice.day', { day })));

  const times = await say('1');
  expect(times.text).toBe(t(lang, 'bulky-waste:askTime', { day: DAYS[0] }));
  expect(times.buttons).toEqual([
    ...TIMES.map((when) => t(lang, 'choice.slot', { when })),
    t(lang, 'choice.otherDay'),
  ]);

  expect((await say('1')).text).toBe(t(lang, 'contact.askName'));
  expect((await say(c.name)).text).toBe(t(lang, 'contact.askPhone'));
  expect((await say(c.phone)).text).toBe(
    t(lang, 'contact.askConsent', { data: { t: 'bulky-waste:consentData' } }),
  );

  const summary = await say(t(lang, 'choice.yes'));
  expect(summary.text).toBe(
    t(lang, 'bulky-waste:summary', {
      items: itemNames(c.itemIds),
      address: c.address,
      when: TIMES[0],
      name: c.name,
      phone: c.e164,
    }),
  );
  expect(summary.buttons).toEqual([t(lang, 'choice.confirm'), t(lang, 'choice.cancel')]);

  const booked = await say(t(lang, 'choice.confirm'));
  const code = codeIn(booked.text);
  const icsUrl = icsUrlIn(booked.text);
  expect(booked.text).toContain(
    t(lang, 'bulky-waste:booked', {
      code,
      when: TIMES[0],
      where: { t: 'bulky-waste:where', params: { address: c.address } },
      icsUrl,
    }),
  );
  return { code, icsUrl };
}

describe('the test city', () => {
  it('is a municipality the schema accepts, its own section kept; its procedure is loaded from the fixture', () => {
    expect(city.procedures).toEqual(['bulky-waste']);
    expect(city.source).toBe('test fixture, not a real city');
    expect(ITEMS.map((i) => i.id)).toEqual(['furniture', 'appliances', 'mattresses', 'other']);
    expect(app.clerk.procedures.map((p) => p.id)).toEqual(['bulky-waste']);
    expect(app.clerk.procedures[0].resources(city).map((r) => [r.id, r.procedure, r.parallel])).toEqual([
      ['bulky-waste-crew', 'bulky-waste', 2],
    ]);
  });

  it('has every text of its procedure in its namespace, in each language, and none left over', () => {
    const source = readdirSync(path.join(FIXTURE, 'procedures', 'bulky-waste'))
      .map((file) => readFileSync(path.join(FIXTURE, 'procedures', 'bulky-waste', file), 'utf8'))
      .join('\n');
    // The keys its code names, and those the bot reads from every procedure's namespace.
    const used = new Set([
      ...[...source.matchAll(/'bulky-waste:([\w.]+)'/g)].map((m) => m[1]),
      ...['sms.confirmed', 'sms.moved', 'sms.cancelled', 'sms.reminder', 'ics.summary', 'ics.description'],
      // The example the conversation gives after three unusable answers to its typed question.
      'hints.askAddress',
    ]);
    const keys = (node: unknown, prefix = ''): string[] =>
      typeof node === 'string'
        ? [prefix]
        : Object.entries(node as object).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
    for (const lang of LANGS) {
      const file = path.join(FIXTURE, 'locales', lang, 'bulky-waste.json');
      const defined = keys(JSON.parse(readFileSync(file, 'utf8'))).sort();
      expect({ lang, keys: defined }).toEqual({ lang, keys: [...used].sort() });
    }
  });

  it('says what its procedure does in the greeting and how it goes in the help', async () => {
    const who = citizen(app.baseUrl, channel, LOCALE.en);
    expect(textOf(await who.start())).toContain(t('en', 'bulky-waste:offer'));
    expect(textOf(await who.say(t('en', 'choice.help')))).toContain(t('en', 'bulky-waste:help'));
  });
});

describe.each<Lang>(['ro', 'fa', 'en'])('a bulky-waste collection over the Emulator, in %s', (lang) => {
  it('is booked after the items and the address, and kept with its details; SMS from its namespace', async () => {
    const { code, icsUrl } = await bookOverEmulator(lang);
    const c = CASES[lang];

    const [booking] = await app.clerk.bookings.agenda(DAYS[0]);
    expect(booking).toMatchObject({
      code,
      procedure: 'bulky-waste',
      resourceId: 'bulky-waste-crew',
      start: TIMES[0],
      status: 'booked',
      name: c.name,
      phone: c.e164,
      lang,
      details: { items: c.itemIds, address: c.address },
    });

    const outbox = await app.clerk.outbox.list();
    expect(outbox.map((m) => [m.kind, m.channel, m.to])).toEqual([
      ['booking.confirmation', 'sms', c.e164],
      ['booking.reminder', 'sms', c.e164],
    ]);
    expect(outbox[0].body).toBe(
      t(lang, 'bulky-waste:sms.confirmed', {
        code,
        when: TIMES[0],
        what: plain(t(lang, 'bulky-waste:what', { items: itemNames(c.itemIds) })),
        where: plain(t(lang, 'bulky-waste:where', { address: c.address })),
        icsUrl,
      }),
    );
    expect(outbox[1].body).toBe(t(lang, 'bulky-waste:sms.reminder', { code, when: TIMES[0] }));

    // The calendar invite: the procedure's summary, the citizen's street as the location.
    const ics = await fetch(`${app.baseUrl}${new URL(icsUrl).pathname}`);
    expect(ics.status).toBe(200);
    const body = (await ics.text()).replace(/\r\n[ \t]/g, '');
    const what = t(lang, 'bulky-waste:what', { items: itemNames(c.itemIds) });
    expect(body).toContain(`SUMMARY:${icsText(t(lang, 'bulky-waste:ics.summary', { what, code }))}`);
    expect(body).toContain('DTSTART;TZID=Europe/Bucharest:20261126T080000');
    expect(body).toContain(`LOCATION:${icsText(c.address)}`);
  });
});

describe('a bulky-waste collection over SMS', () => {
  let sidSeq = 0;
  const CITIZEN = '+40722123456';
  async function sms(body: string): Promise<string> {
    const params = {
      MessageSid: `SM${String(++sidSeq).padStart(32, '0')}`,
      AccountSid: `AC${'0'.repeat(32)}`,
      From: CITIZEN,
      To: '+40700000001',
      Body: body,
      NumMedia: '0',
    };
    clock = new Date(clock.getTime() + 10_000);
    const response = await fetch(`${app.baseUrl}/api/twilio`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Signature': twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}/api/twilio`, params),
      },
      body: new URLSearchParams(params),
    });
    expect(response.status).toBe(200);
    return [...(await response.text()).matchAll(/<Message>([\s\S]*?)<\/Message>/g)]
      .map((m) =>
        m[1]
          .replace(/&quot;/g, '"')
          .replace(/&apos;/g, "'")
          .replace(/&amp;/g, '&'),
      )
      .join('\n');
  }

  it('is booked with numbered answers, opened in words, without asking the phone; the SMS goes out', async () => {
    const menu = await sms('bună ziua');
    expect(menu).toContain(t('ro', 'bulky-waste:offer'));
    expect(menu).toContain(`1 ${t('ro', 'bulky-waste:menu')}`);
    // Asked in words: the sentence says what is thrown away, so the first question is the address.
    expect(await sms('vreau să arunc o saltea veche')).toContain(t('ro', 'bulky-waste:askAddress'));
    expect(await sms('Str. 5')).toContain(t('ro', 'bulky-waste:addressTooShort'));
    // Three unusable answers: the procedure's own example, from its namespace, and a person offered.
    expect(await sms('Str. 6')).toContain(t('ro', 'bulky-waste:addressTooShort'));
    const stuck = await sms('Str. 7');
    expect(stuck).toContain(t('ro', 'bulky-waste:hints.askAddress'));
    expect(stuck).toContain(t('ro', 'choice.person'));
    expect(await sms('Strada Mică nr. 3, Testville')).toContain(t('ro', 'bulky-waste:askDay'));
    expect(await sms('1')).toContain(t('ro', 'bulky-waste:askTime', { day: DAYS[0] }));
    expect(await sms('2')).toContain(t('ro', 'contact.askName'));
    // The sender's number is the phone: the consent comes next.
    expect(await sms('Ioana Pop')).toContain(
      t('ro', 'contact.askConsent', { data: { t: 'bulky-waste:consentData' } }),
    );
    expect(await sms('1')).toContain(
      t('ro', 'bulky-waste:summary', {
        items: itemNames(['mattresses']),
        address: 'Strada Mică nr. 3, Testville',
        when: TIMES[1],
        name: 'Ioana Pop',
        phone: CITIZEN,
      }),
    );
    const booked = await sms('1');
    const code = codeIn(booked);
    expect(booked).toContain(
      t('ro', 'bulky-waste:booked', {
        code,
        when: TIMES[1],
        where: { t: 'bulky-waste:where', params: { address: 'Strada Mică nr. 3, Testville' } },
        icsUrl: icsUrlIn(booked),
      }),
    );

    const [booking] = await app.clerk.bookings.agenda(DAYS[0]);
    expect(booking).toMatchObject({
      code,
      procedure: 'bulky-waste',
      channel: 'sms',
      phone: CITIZEN,
      start: TIMES[1],
      details: { items: ['mattresses'], address: 'Strada Mică nr. 3, Testville' },
    });
    const [confirmation] = await app.clerk.outbox.list();
    expect(confirmation).toMatchObject({ kind: 'booking.confirmation', channel: 'sms', to: CITIZEN });
    expect(confirmation.body).toBe(
      t('ro', 'bulky-waste:sms.confirmed', {
        code,
        when: TIMES[1],
        what: plain(t('ro', 'bulky-waste:what', { items: itemNames(['mattresses']) })),
        where: 'Ridicare de la: Strada Mica nr. 3, Testville.',
        icsUrl: icsUrlIn(booked),
      }),
    );
    // Through Twilio (the fake of its HTTP API), as every SMS goes.
    await app.clerk.dispatcher.runOnce();
    expect(fake.posts().map((p) => [p.data?.To, p.data?.Body])).toEqual([[CITIZEN, confirmation.body]]);
  });
});

describe('my booking', () => {
  it('finds a collection by its code and phone, describes it in the procedure’s words, and cancels it', async () => {
    const { code } = await bookOverEmulator('en');
    const c = CASES.en;
    const who = citizen(app.baseUrl, channel, LOCALE.en);
    await who.start();
    expect(textOf(await who.say(t('en', 'choice.myBooking')))).toBe(t('en', 'booking.askCode'));
    expect(textOf(await who.say(code))).toBe(t('en', 'booking.askPhone'));
    const shown = await who.say(c.phone);
    expect(textOf(shown)).toBe(
      t('en', 'booking.show', {
        code,
        what: { t: 'bulky-waste:what', params: { items: itemNames(c.itemIds) } },
        when: TIMES[0],
      }),
    );
    expect(textOf(await who.say(t('en', 'choice.cancelBooking')))).toBe(t('en', 'booking.confirmCancel'));
    const cancelled = await who.say(t('en', 'choice.yes'));
    expect(textOf(cancelled)).toContain(t('en', 'booking.cancelled', { code }));

    // No longer active: off the crew's agenda, and not found again with its code and phone.
    expect(await app.clerk.bookings.agenda(DAYS[0])).toEqual([]);
    expect(await app.clerk.bookings.find({ code, phone: c.e164 })).toBeUndefined();
    const outbox = await app.clerk.outbox.list();
    expect(outbox.map((m) => [m.kind, m.status])).toEqual([
      ['booking.confirmation', 'pending'],
      ['booking.reminder', 'cancelled'],
      ['booking.cancelled', 'pending'],
    ]);
    expect(outbox[2]).toMatchObject({ to: c.e164, channel: 'sms' });
    expect(outbox[2].body).toBe(
      t('en', 'bulky-waste:sms.cancelled', {
        code,
        when: TIMES[0],
        what: t('en', 'bulky-waste:what', { items: itemNames(c.itemIds) }),
        where: t('en', 'bulky-waste:where', { address: c.address }),
      }),
    );
  });
});
