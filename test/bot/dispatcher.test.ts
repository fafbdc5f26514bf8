import { syncCity } from '../helpers/bookings';
/**
 * The outbox dispatcher with the real twilio client; only Twilio's HTTP API is a fake (test/helpers/
 * fake-twilio.ts), since the network would be there. What it would send, retries and permanent failures,
 * a crash mid-send, the sending policy, and WhatsApp's 24-hour window.
 */
import twilio from 'twilio';
import { silentLogger } from '../../bot/logger';
import { loadMunicipality } from '../../bot/municipality';
import { createDispatcher } from '../../bot/notify/dispatcher';
import { createTwilioSender } from '../../bot/notify/twilio-sender';

import { openDatabase, type Db } from '../../bot/store/db';
import { createOutboxStore } from '../../bot/store/outbox-store';
import { createSmsStore } from '../../bot/store/sms-store';
import { tempDir } from '../helpers/clerk';
import { fakeTwilio } from '../helpers/fake-twilio';

const ACCOUNT = `AC${'0'.repeat(32)}`;
let tmp: ReturnType<typeof tempDir>;
let db: Db;
let clock: Date;
const now = () => clock;

beforeEach(() => {
  tmp = tempDir();
  db = openDatabase(`${tmp.dir}/clerk.db`);
  syncCity(db, loadMunicipality('cluj-napoca'));
  clock = new Date('2026-11-23T08:00:00Z');
});
afterEach(() => {
  db.close();
  tmp.remove();
});

function queue(
  to: string,
  body: string,
  o: {
    channel?: 'sms' | 'whatsapp';
    essential?: boolean;
    sendAfter?: string;
    vars?: string;
    kind?: string;
  } = {},
): number {
  const at = clock.toISOString();
  return Number(
    db
      .prepare(
        `INSERT INTO outbox (kind, channel, to_addr, body, segments, essential, send_after, vars, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, 1, ?, ?, ?, 'pending', ?, ?)`,
      )
      .run(
        o.kind ?? 'booking.confirmation',
        o.channel ?? 'sms',
        to,
        body,
        o.essential === false ? 0 : 1,
        o.sendAfter ?? null,
        o.vars ?? null,
        at,
        at,
      ).lastInsertRowid,
  );
}

function dispatcher(
  fake: ReturnType<typeof fakeTwilio>,
  o: { template?: string; lastInbound?: Date; maxPerNumberPerHour?: number } = {},
) {
  const outbox = createOutboxStore(db);
  const sender = createTwilioSender({
    client: twilio(ACCOUNT, 'token', { httpClient: fake.httpClient }),
    from: '+40700000001',
    whatsappFrom: 'whatsapp:+14155238886',
    reminderContentSid: o.template ?? '',
    statusCallback: 'https://clerk.example.org/api/twilio/status',
    lastInboundAt: async () => o.lastInbound,
    now,
  });
  const d = createDispatcher({
    outbox,
    sms: createSmsStore(db),
    sender,
    policy: { countries: ['RO'], maxPerNumberPerHour: o.maxPerNumberPerHour ?? 5, maxPerHour: 500 },
    now,
    log: silentLogger,
    intervalMs: 1000,
    backoffMs: 30_000,
    maxAttempts: 4,
  });
  return { d, outbox };
}

const row = (id: number) =>
  createOutboxStore(db)
    .list()
    .then((rows) => rows.find((r) => r.id === id)!);

describe('sending through Twilio', () => {
  it('posts To, From, Body and the status callback to the account’s Messages resource, and records the sid', async () => {
    const fake = fakeTwilio(now);
    const id = queue('+40722123456', 'Audienta ACDE-3467 confirmata');
    await dispatcher(fake).d.runOnce();
    const [post] = fake.posts();
    expect(post.uri).toBe(`https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages.json`);
    expect(post.data).toEqual({
      To: '+40722123456',
      From: '+40700000001',
      Body: 'Audienta ACDE-3467 confirmata',
      StatusCallback: 'https://clerk.example.org/api/twilio/status',
    });
    expect(await row(id)).toMatchObject({
      status: 'sent',
      providerSid: fake.stored[0].sid,
      route: 'sms',
      attempts: 1,
    });
  });

  it('retries 5xx, 429 and network errors with a doubling backoff, recording every attempt', async () => {
    const fake = fakeTwilio(now);
    fake.then(
      { kind: 'status', status: 503, code: 20503, message: 'Service unavailable' },
      { kind: 'status', status: 429, code: 20429, message: 'Too many requests' },
      { kind: 'network' },
    );
    const id = queue('+40722123456', 'x');
    const { d, outbox } = dispatcher(fake);
    await d.runOnce();
    expect(await row(id)).toMatchObject({ status: 'pending', nextAttemptAt: '2026-11-23T08:00:30.000Z' });
    await d.runOnce(); // not yet due
    expect(fake.posts()).toHaveLength(1);
    clock = new Date('2026-11-23T08:00:30Z');
    await d.runOnce();
    expect(await row(id)).toMatchObject({ nextAttemptAt: '2026-11-23T08:01:30.000Z' }); // 60 s after the second
    clock = new Date('2026-11-23T08:01:30Z');
    await d.runOnce(); // network error
    clock = new Date('2026-11-23T08:03:30Z');
    await d.runOnce();
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 4 });
    expect((await outbox.attempts(id)).map((a) => [a.outcome, a.httpStatus])).toEqual([
      ['started', null],
      ['retry', 503],
      ['started', null],
      ['retry', 429],
      ['started', null],
      ['retry', null],
      ['started', null],
      ['sent', null],
    ]);
  });

  it('does not retry what no retry can fix: an invalid number, an opted-out number', async () => {
    const fake = fakeTwilio(now);
    fake.then(
      { kind: 'status', status: 400, code: 21211, message: "The 'To' number is not a valid phone number." },
      { kind: 'status', status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' },
    );
    const a = queue('+40722123456', 'a');
    const b = queue('+40722123457', 'b');
    const { d, outbox } = dispatcher(fake);
    await d.runOnce();
    clock = new Date('2026-11-23T09:00:00Z');
    await d.runOnce();
    expect(fake.posts()).toHaveLength(2);
    expect((await row(a)).status).toBe('failed');
    expect((await outbox.attempts(b)).at(-1)).toMatchObject({
      outcome: 'failed',
      httpStatus: 400,
      errorCode: '21610',
    });
  });

  it('gives up after the last attempt', async () => {
    const fake = fakeTwilio(now);
    const fail = { kind: 'status' as const, status: 500, code: 20500, message: 'Internal error' };
    fake.then(fail, fail, fail, fail);
    const id = queue('+40722123456', 'x');
    const { d } = dispatcher(fake);
    for (let i = 0; i < 6; i++) {
      await d.runOnce();
      clock = new Date(clock.getTime() + 3_600_000);
    }
    expect(fake.posts()).toHaveLength(4);
    expect(await row(id)).toMatchObject({ status: 'failed', attempts: 4 });
  });
});

describe('a dispatcher killed mid-send', () => {
  it('after a restart, sends each pending message exactly once', async () => {
    const fake = fakeTwilio(now);
    // The first dispatcher is killed while two requests are out: Twilio accepted the first, not the second.
    fake.then({ kind: 'accept-and-hang' }, { kind: 'hang' });
    const accepted = queue('+40722123456', 'first');
    const lost = queue('+40722123457', 'second');
    const untouched = queue('+40722123458', 'third');
    const first = dispatcher(fake).d;
    void first.runOnce();
    await fake.whenPosted(1); // stuck on the first; the process dies here
    void first.runOnce(); // (a second tick of the dying process takes the second message, and hangs)
    await fake.whenPosted(2);
    expect(fake.posts().map((p) => p.data?.Body)).toEqual(['first', 'second']);
    expect((await row(accepted)).status).toBe('sending');
    expect((await row(lost)).status).toBe('sending');

    const second = dispatcher(fake).d;
    await second.recover();
    await second.runOnce();
    const bodies = fake.posts().map((p) => p.data?.Body);
    expect(bodies.filter((b) => b === 'first')).toHaveLength(1);
    expect(bodies.filter((b) => b === 'second')).toHaveLength(2); // never reached Twilio the first time
    expect(fake.stored.map((m) => m.body).sort()).toEqual(['first', 'second', 'third']);
    expect(await row(accepted)).toMatchObject({ status: 'sent', providerSid: fake.stored[0].sid });
    expect((await row(lost)).status).toBe('sent');
    expect((await row(untouched)).status).toBe('sent');
  });
});

describe('what may leave', () => {
  it('only to the allowed countries, within the per-number limit, and nothing optional to opted-out numbers', async () => {
    const fake = fakeTwilio(now);
    const iran = queue('+989123456789', 'x');
    const many = Array.from({ length: 4 }, (_, i) => queue('+40722000000', `m${i}`));
    await createSmsStore(db).optOut('+40733000000', clock);
    const reminder = queue('+40733000000', 'r', { kind: 'booking.reminder', essential: false });
    const confirmation = queue('+40733000000', 'c');
    await dispatcher(fake, { maxPerNumberPerHour: 3 }).d.runOnce();
    expect((await row(iran)).status).toBe('refused-country');
    expect(await Promise.all(many.map(async (id) => (await row(id)).status))).toEqual([
      'sent',
      'sent',
      'sent',
      'refused-rate',
    ]);
    expect((await row(reminder)).status).toBe('skipped-optout');
    expect((await row(confirmation)).status).toBe('sent');
  });

  it('reminders wait for their time', async () => {
    const fake = fakeTwilio(now);
    const id = queue('+40722123456', 'r', {
      kind: 'booking.reminder',
      sendAfter: '2026-11-23T16:00:00.000Z',
    });
    const { d } = dispatcher(fake);
    await d.runOnce();
    expect((await row(id)).status).toBe('pending');
    clock = new Date('2026-11-23T16:00:00Z');
    await d.runOnce();
    expect((await row(id)).status).toBe('sent');
  });
});

describe('WhatsApp', () => {
  const vars = JSON.stringify({ 1: 'ACDE-3467', 2: 'marți, 24 noiembrie 2026, ora 09:00' });

  it('within 24 hours of the citizen’s last message: a free-form WhatsApp message', async () => {
    const fake = fakeTwilio(now);
    const id = queue('+40722123456', 'confirmata', { channel: 'whatsapp', vars });
    await dispatcher(fake, { lastInbound: new Date('2026-11-23T07:00:00Z') }).d.runOnce();
    expect(fake.posts()[0].data).toMatchObject({
      To: 'whatsapp:+40722123456',
      From: 'whatsapp:+14155238886',
      Body: 'confirmata',
    });
    expect(await row(id)).toMatchObject({ route: 'whatsapp', routeReason: 'within the 24-hour window' });
  });

  it('outside the window: the approved template with its variables', async () => {
    const fake = fakeTwilio(now);
    const id = queue('+40722123456', 'maine', { channel: 'whatsapp', kind: 'booking.reminder', vars });
    await dispatcher(fake, { template: 'HX123', lastInbound: new Date('2026-11-21T07:00:00Z') }).d.runOnce();
    expect(fake.posts()[0].data).toMatchObject({
      To: 'whatsapp:+40722123456',
      ContentSid: 'HX123',
      ContentVariables: vars,
    });
    expect(fake.posts()[0].data?.Body).toBeUndefined();
    expect((await row(id)).route).toBe('whatsapp-template');
  });

  it('outside the window without a template: by SMS, and the outbox says why', async () => {
    const fake = fakeTwilio(now);
    const id = queue('+40722123456', 'maine', { channel: 'whatsapp', kind: 'booking.reminder', vars });
    await dispatcher(fake).d.runOnce();
    expect(fake.posts()[0].data).toMatchObject({ To: '+40722123456', From: '+40700000001', Body: 'maine' });
    expect(await row(id)).toMatchObject({
      route: 'sms',
      routeReason: 'outside the 24-hour window and no template configured: SMS instead',
    });
  });
});
