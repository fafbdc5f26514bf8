/**
 * SMS and WhatsApp end to end over HTTP: Twilio's webhook as Twilio sends it (form-encoded, signed with
 * X-Twilio-Signature computed by the twilio library for the public URL), TwiML parsed back, the real
 * server, engine and SQLite file; outbound through the dispatcher with the real twilio client and a fake
 * of Twilio's HTTP API (the network).
 */
import twilio from 'twilio';
import type { Lang } from '../../dialogs/municipality';
import { startClerk, tempDir, type RunningClerk } from '../helpers/clerk';
import { fakeTwilio } from '../helpers/fake-twilio';

const TOKEN = 'test-auth-token';
const PUBLIC = 'https://clerk.example.org';
const CITIZEN = '+40722123456';

let tmp: ReturnType<typeof tempDir>;
let app: RunningClerk;
let clock: Date;
let fake: ReturnType<typeof fakeTwilio>;

async function start(env: Record<string, string> = {}) {
  tmp = tempDir();
  clock = new Date('2026-11-23T08:00:00Z'); // Monday 10:00 in Cluj-Napoca
  fake = fakeTwilio(() => clock);
  app = await startClerk({
    dbPath: `${tmp.dir}/clerk.db`,
    now: () => clock,
    twilioHttpClient: fake.httpClient,
    env: {
      PUBLIC_BASE_URL: PUBLIC,
      TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_FROM: '+40700000001',
      TWILIO_WHATSAPP_FROM: 'whatsapp:+14155238886',
      REMINDER_LOCAL_TIME: '18:00',
      ...env,
    },
  });
}
async function stop() {
  await app.close();
  tmp.remove();
}

let sidSeq = 0;
interface Sent {
  status: number;
  contentType: string | null;
  messages: string[];
}

/** Posts a webhook as Twilio does; `sign` says what the signature is computed for (or with). */
async function post(
  path: string,
  params: Record<string, string>,
  sign: { url?: string; token?: string; none?: boolean } = {},
): Promise<Sent> {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  if (!sign.none)
    headers['X-Twilio-Signature'] = twilio.getExpectedTwilioSignature(
      sign.token ?? TOKEN,
      sign.url ?? `${PUBLIC}${path}`,
      params,
    );
  const response = await fetch(`${app.baseUrl}${path}`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(params),
  });
  const body = await response.text();
  const messages = [...body.matchAll(/<Message>([\s\S]*?)<\/Message>/g)].map((m) =>
    m[1]
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&'),
  );
  return { status: response.status, contentType: response.headers.get('content-type'), messages };
}

function sms(body: string, o: { from?: string; sid?: string; media?: number } = {}) {
  return post('/api/twilio', {
    MessageSid: o.sid ?? `SM${String(++sidSeq).padStart(32, '0')}`,
    AccountSid: `AC${'0'.repeat(32)}`,
    From: o.from ?? CITIZEN,
    To: '+40700000001',
    Body: body,
    NumMedia: String(o.media ?? 0),
  });
}
const text = (s: Sent) => s.messages.join('\n');

/**
 * Books an audience with a head of department, texting from `from` (an SMS or whatsapp: number), one answer
 * every `everyMs` on the clerk's clock.
 */
async function bookOverSms(from: string, everyMs = 10_000) {
  // What the citizen texts, and the question (a locale key) the clerk asks next.
  const turns: [string, string][] = [
    ['vreau audiență', 'audience.askLevel'],
    ['1', 'audience.askHasPetition'],
    ['1', 'audience.askPetitionNumber'],
    ['123456/2026', 'audience.askPetitionDate'],
    ['01.09.2026', 'audience.askPetitionOutcome'],
    ['1', 'audience.askReason'],
    ['groapă mare în asfalt pe strada Horea nr. 10', 'audience.askMode'],
    ['1', 'contact.askName'],
    ['Ioana Pop', 'audience.askAnswerBy'], // not contact.askPhone: the sender's number is the phone
    ['4', 'contact.askConsent'],
    ['1', 'audience.askSlot'],
    ['1', 'audience.summary'],
  ];
  const opening = (key: string) => app.clerk.texts.t('ro', key).split('{{')[0].split('\n')[0].slice(0, 30);
  for (const [say, key] of turns) {
    clock = new Date(clock.getTime() + everyMs);
    const reply = await sms(say, { from });
    expect({ say, got: text(reply) }).toEqual({ say, got: expect.stringContaining(opening(key)) });
    expect(text(reply)).not.toMatch(/<|\*\*|\[/); // no markup, no cards
  }
}

describe('the webhook', () => {
  beforeEach(() => start());
  afterEach(stop);

  it('answers a signed message with TwiML; refuses forged, unsigned and wrongly-addressed ones with 403, unprocessed', async () => {
    const ok = await sms('bună ziua');
    expect(ok.status).toBe(200);
    expect(ok.contentType).toContain('text/xml');
    expect(text(ok)).toContain('1 Audiență');

    const params = {
      MessageSid: 'SMforged',
      From: '+40733000000',
      To: '+40700000001',
      Body: 'salut',
      NumMedia: '0',
    };
    expect((await post('/api/twilio', params, { token: 'not-the-token' })).status).toBe(403);
    expect((await post('/api/twilio', params, { none: true })).status).toBe(403);
    // Signed for the address the server listens on rather than the public one Twilio was given: refused.
    expect((await post('/api/twilio', params, { url: `${app.baseUrl}/api/twilio` })).status).toBe(403);
    expect(await app.clerk.conversations.load('sms:+40733000000')).toBeUndefined();
  });

  it('books an audience over SMS with numbered answers, without asking the phone; confirmation and reminder in the outbox', async () => {
    await bookOverSms(CITIZEN);
    const booked = await sms('1');
    const code = text(booked).match(/: ([A-Z0-9]{4}-[A-Z0-9]{4})\n/)![1];
    const [booking] = await app.clerk.bookings.agenda('2026-11-24');
    expect(booking).toMatchObject({ code, phone: CITIZEN });
    const outbox = await app.clerk.outbox.list();
    expect(outbox.map((m) => [m.kind, m.channel, m.to, m.sendAfter])).toEqual([
      ['booking.confirmation', 'sms', CITIZEN, null],
      ['booking.reminder', 'sms', CITIZEN, '2026-11-23T16:00:00.000Z'], // 18:00 the day before, local
    ]);
    expect(outbox[1].body).toContain(code);

    // The dispatcher sends the confirmation now, the reminder at its time, through Twilio.
    await app.clerk.dispatcher.runOnce();
    expect(fake.posts().map((p) => p.data?.Body)).toEqual([outbox[0].body]);
    clock = new Date('2026-11-23T16:00:00Z');
    await app.clerk.dispatcher.runOnce();
    expect(fake.posts().map((p) => p.data?.Body)).toEqual([outbox[0].body, outbox[1].body]);

    // A reply to the reminder with the code alone opens the booking: the phone is the sender's, not asked.
    const opened = text(await sms(code.toLowerCase()));
    expect(opened).toContain(
      app.clerk.texts.t('ro', 'booking.show', { code, what: '', when: booking.start }).slice(0, 20),
    );
    expect(opened).toContain(app.clerk.texts.t('ro', 'choice.cancelBooking'));

    // Twilio's signed status callback is recorded against the message.
    const sid = fake.stored[0].sid;
    const status = await post('/api/twilio/status', {
      MessageSid: sid,
      MessageStatus: 'delivered',
      To: CITIZEN,
    });
    expect(status.status).toBe(204);
    expect((await app.clerk.outbox.list())[0].status).toBe('delivered');
    expect(
      (await post('/api/twilio/status', { MessageSid: sid, MessageStatus: 'failed' }, { none: true })).status,
    ).toBe(403);
  });

  it('a redelivered message (same MessageSid) gets the same reply and changes nothing', async () => {
    await sms('vreau audiență');
    const first = await sms('1', { sid: 'SMredelivered' });
    const before = await app.clerk.conversations.load(`sms:${CITIZEN}`);
    const again = await sms('1', { sid: 'SMredelivered' });
    expect(again.messages).toEqual(first.messages);
    expect(await app.clerk.conversations.load(`sms:${CITIZEN}`)).toEqual(before);
    expect(await app.clerk.conversations.transcript(`sms:${CITIZEN}`)).toHaveLength(4);
  });

  it('STOP opts out (confirmed once) and stops reminders; START opts back in; HELP says what the clerk does', async () => {
    const stop1 = await sms('STOP');
    expect(text(stop1)).toContain('START');
    expect((await sms('stop')).messages).toEqual([]);
    expect(await app.clerk.sms.isOptedOut(CITIZEN)).toBe(true);

    // A booking's reminder to an opted-out number is skipped; its confirmation (essential) still goes.
    app.clerk.db
      .prepare(
        `INSERT INTO outbox (kind, channel, to_addr, body, segments, essential, send_after, status, created_at, updated_at)
         VALUES ('booking.reminder', 'sms', ?, 'maine', 1, 0, '2026-11-23T07:00:00.000Z', 'pending', 'now', 'now')`,
      )
      .run(CITIZEN);
    await app.clerk.dispatcher.runOnce();
    expect((await app.clerk.outbox.list()).map((m) => m.status)).toEqual(['skipped-optout']);
    expect(fake.posts()).toEqual([]);

    expect(text(await sms('START'))).toContain('STOP');
    expect(await app.clerk.sms.isOptedOut(CITIZEN)).toBe(false);
    const help = text(await sms('AJUTOR'));
    expect(help).toContain('0264 592 857');
  });

  it('media get a polite answer that only text is read', async () => {
    expect(text(await sms('', { media: 1 }))).toBe(app.clerk.texts.t('ro', 'sms.mediaIgnored'));
  });

  it('long information is split into messages of a few segments, at line breaks, never mid-word', async () => {
    await sms('bună ziua');
    await sms('3'); // Program și adrese
    const reply = await sms('5'); // Ce face fiecare serviciu
    expect(reply.messages.length).toBeGreaterThan(1);
    const { smsCost } = await import('../../bot/notify/sms-segments');
    for (const m of reply.messages) expect(smsCost(m).segments).toBeLessThanOrEqual(4);
    const words = (s: string) => s.split(/\s+/).filter(Boolean);
    expect(reply.messages.flatMap(words)).toEqual(words(reply.messages.join('\n')));
    for (const s of app.clerk.city.services ?? []) expect(text(reply)).toContain(s.name);
  });

  it('WhatsApp: the same clerk and language detection, the sender’s number, and its notices on WhatsApp', async () => {
    const from = `whatsapp:${CITIZEN}`;
    const persian = await sms('می‌خواهم وقت ملاقات بگیرم', { from: 'whatsapp:+40733000009' });
    expect(text(persian)).toContain('۱ ');
    expect((await app.clerk.conversations.load('whatsapp:+40733000009'))?.lang).toBe('fa');

    await bookOverSms(from);
    const booked = await sms('1', { from });
    expect(text(booked)).toMatch(/: [A-Z0-9]{4}-[A-Z0-9]{4}\n/);
    const outbox = await app.clerk.outbox.list();
    expect(outbox.map((m) => [m.kind, m.channel, m.to])).toEqual([
      ['booking.confirmation', 'whatsapp', CITIZEN],
      ['booking.reminder', 'whatsapp', CITIZEN],
    ]);
    // The confirmation goes within the 24-hour window: a WhatsApp message. The reminder, a day later with
    // no template configured: by SMS, and the outbox says why.
    await app.clerk.dispatcher.runOnce();
    expect(fake.posts()[0].data).toMatchObject({ To: `whatsapp:${CITIZEN}`, From: 'whatsapp:+14155238886' });
    clock = new Date('2026-11-24T16:00:00Z'); // past the reminder's time, and 24 hours after the last message
    await app.clerk.dispatcher.runOnce();
    expect(fake.posts()[1].data).toMatchObject({ To: CITIZEN, From: '+40700000001' });
    expect((await app.clerk.outbox.list())[1].routeReason).toContain('no template configured');
  });
});

describe('rate limits', () => {
  beforeEach(() => start({ INBOUND_MAX_PER_NUMBER_PER_MINUTE: '3', INBOUND_MAX_PER_MINUTE: '5' }));
  afterEach(stop);

  it('per number: told once to wait a minute, in their language; then silence (an auto-responder is cut off); in all: nothing', async () => {
    for (let i = 0; i < 3; i++) expect((await sms('salut')).messages.length).toBeGreaterThan(0);
    const refused = await sms('salut');
    expect(refused.status).toBe(200);
    expect(refused.messages).toEqual([app.clerk.texts.t('ro', 'errors.slowDown')]);
    expect((await sms('salut')).messages).toEqual([]);
    // Another number still gets through, until the global limit.
    expect((await sms('salut', { from: '+40733000001' })).messages.length).toBeGreaterThan(0);
    expect((await sms('salut', { from: '+40733000001' })).messages.length).toBeGreaterThan(0);
    expect((await sms('salut', { from: '+40733000002' })).messages).toEqual([]);
    // A minute later the number may talk again, and would be told again past the limit.
    clock = new Date(clock.getTime() + 61_000);
    expect((await sms('salut')).messages.length).toBeGreaterThan(0);
  });

  it('a Persian citizen past the limit is told in Persian', async () => {
    const persian = '+989121234567';
    for (let i = 0; i < 3; i++) await sms('سلام', { from: persian });
    expect((await sms('سلام', { from: persian })).messages).toEqual([
      app.clerk.texts.t('fa', 'errors.slowDown'),
    ]);
  });
});

describe('a quick citizen, under the default limits', () => {
  beforeEach(() => start());
  afterEach(stop);

  it('answering every 1.5 seconds books over SMS: every turn is answered', async () => {
    await bookOverSms(CITIZEN, 1_500);
    clock = new Date(clock.getTime() + 1_500);
    const code = text(await sms('1')).match(/: ([A-Z0-9]{4}-[A-Z0-9]{4})\n/)?.[1];
    expect(code).toBeDefined();
    expect(await app.clerk.bookings.agenda('2026-11-24')).toMatchObject([{ code }]);
  });
});

describe.each<[Lang, string]>([
  ['fa', 'لغو'],
  ['ro', 'DEZABONARE'],
])('opt-out keywords in %s', (lang, word) => {
  beforeEach(() => start());
  afterEach(stop);
  it(`“${word}” opts out, in the citizen’s language`, async () => {
    const reply = text(await sms(word));
    expect(reply).toBe(app.clerk.texts.t(lang, 'sms.optedOut'));
    expect(await app.clerk.sms.isOptedOut(CITIZEN)).toBe(true);
  });
});
