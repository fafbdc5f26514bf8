import { createBookingStore } from '../../../bot/store/booking-store';
import { createConversationStore } from '../../../bot/store/conversation-store';
import { openDatabase, type Db } from '../../../bot/store/db';
import { createDirectLineStore } from '../../../bot/store/directline-store';
import { createOutboxStore } from '../../../bot/store/outbox-store';
import { purgeOlderThan } from '../../../bot/store/retention';
import { createSmsStore } from '../../../bot/store/sms-store';
import { createStaffStore } from '../../../bot/store/staff-store';
import { createStaffUsers } from '../../../bot/store/staff-users';
import { loadMunicipality } from '../../../bot/municipality';
import { runPurge } from '../../../scripts/purge';
import { sampleRequest, sampleReservation, syncCity } from '../../helpers/bookings';
import { tempDir } from '../../helpers/clerk';

const city = loadMunicipality('cluj-napoca');
const OLD = new Date('2026-06-01T08:00:00Z');
const RECENT = new Date('2026-11-20T08:00:00Z');
const NOW = new Date('2026-11-23T08:00:00Z');
const CUTOFF = new Date('2026-08-25T08:00:00Z'); // 90 days before NOW

let tmp: ReturnType<typeof tempDir>;
let db: Db;
beforeEach(() => {
  tmp = tempDir();
  db = openDatabase(`${tmp.dir}/clerk.db`);
  syncCity(db, city);
});
afterEach(() => {
  db.close();
  tmp.remove();
});

/** One of everything that holds personal data, once long ago and once recently. */
async function seed() {
  const conversations = createConversationStore(db);
  const line = (text: string, at: Date) => [{ direction: 'in' as const, text, at: at.toISOString() }];
  for (const [id, at] of [
    ['emulator:old', OLD],
    ['webchat:old-web', OLD],
    ['emulator:recent', RECENT],
    ['webchat:recent-web', RECENT],
  ] as const) {
    await conversations.save(
      { id, channel: 'test', lang: 'ro', snapshot: { name: 'Ioana Pop' } },
      at,
      line('Ioana Pop', at),
    );
  }
  const directLine = createDirectLineStore(db);
  for (const id of ['old-web', 'recent-web']) {
    await directLine.append(id, (seq) => ({ id: `${id}/${seq}`, text: 'Ioana Pop' }));
    await directLine.append(id, (seq) => ({ id: `${id}/${seq}`, text: '0722 123 456' }));
  }
  const staff = createStaffStore(db);
  const request = {
    phone: '+40722123456',
    name: 'Ioana Pop',
    cause: 'citizen' as const,
    channel: 'test',
    lang: 'ro' as const,
  };
  const transcript = line('vreau un om', OLD);
  const doneLongAgo = await staff.record({ ...request, conversationId: 'a', transcript }, OLD);
  await staff.markDone(doneLongAgo, OLD);
  const doneRecently = await staff.record({ ...request, conversationId: 'b', transcript }, OLD);
  await staff.markDone(doneRecently, RECENT);
  const stillOpen = await staff.record({ ...request, conversationId: 'c', transcript }, OLD);
  const sms = createSmsStore(db);
  await sms.rememberReply('SM-old', 'Rezumat: Ioana Pop…', OLD);
  await sms.rememberReply('SM-recent', 'Rezumat: Ioana Pop…', RECENT);
  const bookings = createBookingStore(db);
  const outbox = createOutboxStore(db);
  const booked: number[] = [];
  for (const [seq, at] of [
    [0, OLD],
    [1, RECENT],
  ] as const) {
    await bookings.reserve(
      { ...sampleReservation(seq), request: { ...sampleRequest(seq), name: 'Ioana Pop' } },
      at,
    );
    const [message] = (await outbox.list()).filter((m) => !booked.includes(m.id));
    booked.push(message.id);
    await outbox.claim(message.id, at);
    await outbox.recordSent(message.id, { sid: `SM${seq}`, status: 'sent' }, at);
  }
  const pending = (await outbox.list()).find((m) => !booked.includes(m.id));
  // The desk: a session last seen long ago and one in use; a failed sign-in long ago and one recent.
  const users = createStaffUsers(db);
  const ana = users.add(
    {
      email: 'ana@cluj.ro',
      firstName: 'Ana',
      role: 'desk',
      municipality: city.id,
      resourceId: null,
      passwordHash: 'x',
    },
    OLD,
  );
  users.startSession(ana, 'ro', OLD);
  users.startSession(ana, 'ro', RECENT);
  users.recordFailure('address:old', OLD);
  users.recordFailure('address:recent', RECENT);
  // Walk-in tickets (the conversation of an SMS walk-in is named by their number): one long ago, one recent.
  const ticket = db.prepare(
    `INSERT INTO walk_in_tickets (resource_id, day, number, conversation_id, channel, lang, created_at)
     VALUES ('head-technical', ?, 1, 'sms:+40722123456', 'sms', 'ro', ?)`,
  );
  ticket.run(OLD.toISOString().slice(0, 10), OLD.toISOString());
  ticket.run(RECENT.toISOString().slice(0, 10), RECENT.toISOString());
  return { staff, stillOpen, doneLongAgo, doneRecently, booked, pending };
}

describe('retention: personal data older than the cutoff is cleared', () => {
  it('clears what is old and no longer used, keeps what is recent, open or the audience register', async () => {
    const { staff, stillOpen, doneLongAgo, doneRecently, booked } = await seed();
    expect(purgeOlderThan(db, CUTOFF)).toEqual({
      conversations: 2,
      webChatActivities: 2,
      staffRequests: 1,
      smsReplies: 1,
      messages: 1,
      staffSessions: 1,
      signInFailures: 1,
      walkInTickets: 1,
    });
    expect(db.prepare('SELECT count(*) FROM staff_sessions').pluck().get()).toBe(1);
    expect(db.prepare('SELECT key FROM staff_sign_in_failures').pluck().all()).toEqual(['address:recent']);
    expect(db.prepare('SELECT created_at FROM walk_in_tickets').pluck().all()).toEqual([
      RECENT.toISOString(),
    ]);
    const conversations = createConversationStore(db);
    expect(await conversations.load('emulator:old')).toMatchObject({ snapshot: undefined });
    expect(await conversations.transcript('emulator:old')).toEqual([]);
    expect(await conversations.load('emulator:recent')).toMatchObject({ snapshot: { name: 'Ioana Pop' } });
    expect(await conversations.transcript('webchat:recent-web')).toHaveLength(1);
    const directLine = createDirectLineStore(db);
    expect((await directLine.since('old-web', 0)).activities).toEqual([]);
    expect((await directLine.since('recent-web', 0)).activities).toHaveLength(2);
    const staffRows = db
      .prepare('SELECT id, phone, name, transcript_json AS t FROM staff_requests ORDER BY id')
      .all();
    expect(staffRows).toEqual([
      { id: doneLongAgo, phone: '', name: null, t: '[]' },
      {
        id: doneRecently,
        phone: '+40722123456',
        name: 'Ioana Pop',
        t: expect.stringContaining('vreau un om'),
      },
      { id: stillOpen, phone: '+40722123456', name: 'Ioana Pop', t: expect.stringContaining('vreau un om') },
    ]);
    expect((await staff.open()).map((r) => r.id)).toEqual([stillOpen]);
    const sms = createSmsStore(db);
    expect(await sms.replied('SM-old')).toBeUndefined();
    expect(await sms.replied('SM-recent')).toBeDefined();
    const messages = db
      .prepare('SELECT id, to_addr AS toAddr, body FROM outbox WHERE id IN (?, ?) ORDER BY id')
      .all(...booked);
    expect(messages).toEqual([
      { id: booked[0], toAddr: '', body: '' },
      { id: booked[1], toAddr: '+40722123456', body: expect.stringMatching(/^Audienta /) },
    ]);
    // The audience register keeps both bookings, with their names.
    expect((await createBookingStore(db).agenda('2026-11-24')).map((b) => b.name)).toEqual([
      'Ioana Pop',
      'Ioana Pop',
    ]);
    // Twice: nothing more to clear.
    expect(purgeOlderThan(db, CUTOFF)).toEqual({
      conversations: 0,
      webChatActivities: 0,
      staffRequests: 0,
      smsReplies: 0,
      messages: 0,
      staffSessions: 0,
      signInFailures: 0,
      walkInTickets: 0,
    });
  });

  it('npm run purge: the retention in days, by default RETENTION_DAYS; a bad number is refused', async () => {
    await seed();
    const out: string[] = [];
    expect(await runPurge(db, [], 90, (l) => out.push(l), NOW)).toBe(0);
    expect(out).toEqual(
      expect.arrayContaining([
        'Cleared what was older than 90 days (before 2026-08-25T08:00:00.000Z):',
        '  conversations (transcript and state): 2',
        '  walk-in queue tickets: 1',
      ]),
    );
    out.length = 0;
    expect(await runPurge(db, ['--days', '1'], 90, (l) => out.push(l), NOW)).toBe(0);
    expect(out).toContain('  conversations (transcript and state): 2'); // the recent ones, three days old
    expect(await runPurge(db, ['--days', '0'], 90, () => undefined, NOW)).toBe(2);
    expect(await runPurge(db, ['--days', 'x'], 90, () => undefined, NOW)).toBe(2);
  });
});

describe('retention in the server', () => {
  it('purges at start (and then once a day) what is older than RETENTION_DAYS, and logs only the counts', async () => {
    const { createClerk } = await import('../../../bot/compose');
    const { loadConfig } = await import('../../../bot/config');
    const { sharedNlu } = await import('../../helpers/clerk');
    await seed();
    db.close();
    const logged: [string, Record<string, unknown> | undefined][] = [];
    const log = {
      info: (event: string, data?: Record<string, unknown>) => logged.push([event, data]),
      warn: () => undefined,
      error: () => undefined,
    };
    const config = loadConfig({ DATABASE_PATH: `${tmp.dir}/clerk.db`, RETENTION_DAYS: '90' });
    const clerk = await createClerk(config, { log, dispatch: true, now: () => NOW, nlu: await sharedNlu() });
    try {
      expect(await clerk.conversations.transcript('emulator:old')).toEqual([]);
      expect(await clerk.conversations.transcript('emulator:recent')).toHaveLength(1);
      expect(logged).toContainEqual([
        'retention.purged',
        {
          days: 90,
          conversations: 2,
          webChatActivities: 2,
          staffRequests: 1,
          smsReplies: 1,
          messages: 1,
          staffSessions: 1,
          signInFailures: 1,
          walkInTickets: 1,
        },
      ]);
    } finally {
      await clerk.close();
      db = openDatabase(`${tmp.dir}/clerk.db`);
    }
  });
});
