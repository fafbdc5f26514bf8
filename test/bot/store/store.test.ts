import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createBookingStore, type Reservation } from '../../../bot/store/booking-store';
import { createConversationStore } from '../../../bot/store/conversation-store';
import { migrate, openDatabase, type Db } from '../../../bot/store/db';
import { createOutboxStore } from '../../../bot/store/outbox-store';
import { loadMunicipality } from '../../../bot/municipality';
import { sampleRequest, sampleReservation, syncCity } from '../../helpers/bookings';
import { tempDir } from '../../helpers/clerk';

const city = loadMunicipality('cluj-napoca');
const NOW = new Date('2026-11-23T08:00:00Z');

const request = sampleRequest;
const reservation = sampleReservation;

let tmp: ReturnType<typeof tempDir>;
let file: string;
const open: Db[] = [];
function connect(): Db {
  const db = openDatabase(file);
  syncCity(db, city);
  open.push(db);
  return db;
}

beforeEach(() => {
  tmp = tempDir();
  file = path.join(tmp.dir, 'nested', 'clerk.db');
});
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  tmp.remove();
});

describe('migrations', () => {
  it('creates the file and its folder, applies each migration once', () => {
    const db = connect();
    expect(db.prepare('SELECT name FROM schema_migrations').pluck().all()).toEqual([
      '001_init.sql',
      '002_my_booking_staff.sql',
      '003_twilio.sql',
      '004_directline.sql',
      '005_conversation_version.sql',
      '006_staff_done.sql',
      '007_citizen_limits.sql',
      '008_appointments.sql',
      '009_dialog_version.sql',
      '010_staff_desk.sql',
      '011_programmes.sql',
    ]);
    expect(migrate(db)).toEqual([]);
  });

  it('a failing migration throws and is not recorded', () => {
    const dir = path.join(tmp.dir, 'migrations');
    mkdirSync(dir);
    writeFileSync(path.join(dir, '001_ok.sql'), 'CREATE TABLE a (x INTEGER);');
    writeFileSync(path.join(dir, '002_broken.sql'), 'CREATE TABLE b (x INTEGER); THIS IS NOT SQL;');
    const db = connect();
    expect(() => migrate(db, dir)).toThrow();
    const names = db.prepare('SELECT name FROM schema_migrations').pluck().all();
    expect(names).toContain('001_ok.sql');
    expect(names).not.toContain('002_broken.sql');
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'b'").pluck().get()).toBe(0);
  });
});

describe('bookings', () => {
  it('a booking and its confirmation are written together', async () => {
    const db = connect();
    const { code, icsToken } = await createBookingStore(db).reserve(reservation(0), NOW);
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(icsToken.length).toBeGreaterThanOrEqual(32);
    const [sms] = await createOutboxStore(db).list();
    expect(sms).toMatchObject({
      body: `Audienta ${code} confirmata`,
      status: 'pending',
      kind: 'booking.confirmation',
    });
  });

  it('if the confirmation cannot be written, there is no booking either', async () => {
    const db = connect();
    const broken: Reservation = {
      ...reservation(0),
      confirmation: () => {
        throw new Error('renderer failed');
      },
    };
    await expect(createBookingStore(db).reserve(broken, NOW)).rejects.toThrow('renderer failed');
    expect(await createBookingStore(db).agenda('2026-11-24')).toEqual([]);
    expect(await createOutboxStore(db).list()).toEqual([]);
  });

  it('the database itself refuses a sixth person on a day, and two people in one place', () => {
    const db = connect();
    const insert = db.prepare(
      `INSERT INTO bookings (code, procedure, resource_id, day, seq, start_at, end_at, name, phone, lang, channel, ics_token, created_at)
       VALUES (?, 'audience', 'head-technical', '2026-11-24', ?, 's', 'e', 'n', 'p', 'ro', 't', ?, 'now')`,
    );
    for (let seq = 0; seq < 5; seq++) insert.run(`C${seq}`, seq, `t${seq}`);
    expect(() => insert.run('C5', 5, 't5')).toThrow(/slot\.full/);
    db.prepare("UPDATE bookings SET status = 'cancelled' WHERE seq = 4").run();
    expect(() => insert.run('C6', 0, 't6')).toThrow(/UNIQUE/);
    expect(() => insert.run('C7', 4, 't7')).not.toThrow();
  });

  it('twenty connections racing for the places of one day: five win, the rest hear "slot.taken"', async () => {
    const stores = Array.from({ length: 20 }, () => createBookingStore(connect()));
    const results = await Promise.allSettled(stores.map((s, i) => s.reserve(reservation(i % 7), NOW)));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(5);
    expect(lost.every((r) => (r.reason as { code?: string }).code === 'slot.taken')).toBe(true);
    const day = await stores[0].agenda('2026-11-24');
    expect(day.map((b) => b.seq).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(await createOutboxStore(open[0]).list()).toHaveLength(5);
  });

  it('taken places are reported per day and per start time, and the calendar token finds its booking', async () => {
    const store = createBookingStore(connect());
    const { icsToken, code } = await store.reserve(reservation(2), NOW);
    await store.reserve(reservation(0, '2026-11-26'), NOW);
    const { places: taken, times } = await store.taken('head-technical', '2026-11-23', '2026-12-31');
    expect(taken).toEqual(
      new Map([
        ['2026-11-24', new Set([2])],
        ['2026-11-26', new Set([0])],
      ]),
    );
    const starts = [reservation(2).request.slot.start, reservation(0, '2026-11-26').request.slot.start];
    expect(times).toEqual(new Map(starts.map((start) => [start, 1])));
    expect(await store.byIcsToken(icsToken)).toMatchObject({ code, seq: 2 });
    expect(await store.byIcsToken('not-a-token')).toBeUndefined();
  });
});

describe('changing a booking', () => {
  const notice = (kind: string) => (row: { code: string; phone: string }) => ({
    channel: 'sms' as const,
    to: row.phone,
    body: `${kind} ${row.code}`,
    segments: 1,
  });
  const key = (code: string) => ({ code, phone: '+40722123456' });

  it('a move frees the old place and takes the new one in one transaction, with its notice', async () => {
    const store = createBookingStore(connect());
    const { code, icsToken } = await store.reserve(reservation(0), NOW);
    const moved = await store.move(key(code), request(3, '2026-11-26').slot, notice('moved'), NOW);
    expect(moved).toMatchObject({ code, day: '2026-11-26', seq: 3 });
    expect(await store.agenda('2026-11-24')).toEqual([]);
    expect(await store.byIcsToken(icsToken)).toMatchObject({ day: '2026-11-26', seq: 3 });
    // The freed place is free for the next citizen.
    await expect(store.reserve(reservation(0), NOW)).resolves.toBeDefined();
    const sent = await createOutboxStore(open[0]).list();
    expect(sent.map((m) => [m.kind, m.body])).toContainEqual(['booking.moved', `moved ${code}`]);
  });

  it('a move keeps the details its procedure gives for the new day, in the same transaction', async () => {
    const store = createBookingStore(connect());
    const { code } = await store.reserve(reservation(0), NOW);
    const moved = await store.move(
      key(code),
      request(3, '2026-11-26').slot,
      notice('moved'),
      NOW,
      undefined,
      (row) => ({ ...row.details, due: `after ${row.day}` }),
    );
    expect(moved?.details).toMatchObject({ due: 'after 2026-11-26' });
    expect((await store.agenda('2026-11-26'))[0].details).toMatchObject({ due: 'after 2026-11-26' });
  });

  it('a move into a full day fails as a whole: the booking keeps its place and no notice is queued', async () => {
    const store = createBookingStore(connect());
    for (let seq = 0; seq < 5; seq++) await store.reserve(reservation(seq, '2026-11-26'), NOW);
    const { code } = await store.reserve(reservation(0), NOW);
    await expect(
      store.move(key(code), request(0, '2026-11-26').slot, notice('moved'), NOW),
    ).rejects.toMatchObject({
      code: 'slot.taken',
    });
    expect(await store.find(key(code))).toMatchObject({ day: '2026-11-24', seq: 0 });
    expect((await createOutboxStore(open[0]).list()).some((m) => m.kind === 'booking.moved')).toBe(false);
  });

  it('two citizens racing for a freed place: one moves in, the other hears "slot.taken"', async () => {
    const [a, b, c] = Array.from({ length: 3 }, () => createBookingStore(connect()));
    for (let seq = 0; seq < 5; seq++) await a.reserve(reservation(seq), NOW);
    const [first] = await a.agenda('2026-11-24');
    await a.cancel(key(first.code), notice('cancelled'), NOW);
    const { code: x } = await b.reserve(reservation(0, '2026-11-26'), NOW);
    const { code: y } = await c.reserve(reservation(1, '2026-11-26'), NOW);
    const freed = request(first.seq).slot;
    const results = await Promise.allSettled([
      b.move(key(x), freed, notice('moved'), NOW),
      c.move(key(y), freed, notice('moved'), NOW),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect((lost?.reason as { code?: string }).code).toBe('slot.taken');
    expect((await a.agenda('2026-11-24')).map((r) => r.seq).sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('a booking’s reminder follows it: rescheduled when it moves, dropped when it is cancelled', async () => {
    const store = createBookingStore(connect());
    const reminderFor = (row: { code: string; start: string }) => ({
      channel: 'sms' as const,
      to: '+40722123456',
      body: `maine ${row.code} ${row.start}`,
      segments: 1,
      sendAfter: new Date(Date.parse(row.start) - 15 * 3_600_000).toISOString(),
      vars: '{}',
    });
    const r = reservation(0);
    const { code } = await store.reserve(
      { ...r, reminder: (c) => reminderFor({ code: c, start: r.request.slot.start }) },
      NOW,
    );
    const reminders = async () =>
      (await createOutboxStore(open[0]).list())
        .filter((m) => m.kind === 'booking.reminder')
        .map((m) => [m.status, m.sendAfter, m.essential]);
    expect(await reminders()).toEqual([['pending', '2026-11-23T16:00:00.000Z', false]]);

    await store.move(key(code), request(1, '2026-11-26').slot, notice('moved'), NOW, reminderFor);
    expect(await reminders()).toEqual([
      ['cancelled', '2026-11-23T16:00:00.000Z', false],
      ['pending', '2026-11-25T16:15:00.000Z', false],
    ]);
    await store.cancel(key(code), notice('cancelled'), NOW);
    expect((await reminders()).map(([status]) => status)).toEqual(['cancelled', 'cancelled']);
  });

  it('no reminder is scheduled when its time has already passed', async () => {
    const store = createBookingStore(connect());
    const r = reservation(0);
    await store.reserve(
      {
        ...r,
        reminder: () => ({
          channel: 'sms',
          to: '+40722123456',
          body: 'x',
          segments: 1,
          sendAfter: '2026-11-23T07:00:00.000Z',
          vars: '{}',
        }),
      },
      NOW,
    );
    expect((await createOutboxStore(open[0]).list()).map((m) => m.kind)).toEqual(['booking.confirmation']);
  });

  it('cancelling needs the code and the phone it was made with, and happens once', async () => {
    const store = createBookingStore(connect());
    const { code } = await store.reserve(reservation(0), NOW);
    expect(await store.cancel({ code, phone: '+40733000000' }, notice('cancelled'), NOW)).toBeUndefined();
    expect(await store.cancel(key(code), notice('cancelled'), NOW)).toMatchObject({ status: 'cancelled' });
    expect(await store.cancel(key(code), notice('cancelled'), NOW)).toBeUndefined();
    const sent = await createOutboxStore(open[0]).list();
    expect(sent.filter((m) => m.kind === 'booking.cancelled')).toHaveLength(1);
  });
});

describe('conversations', () => {
  it('survive closing and reopening the database', async () => {
    const first = connect();
    await createConversationStore(first).save(
      {
        id: 'emulator:1',
        channel: 'emulator',
        lang: 'fa',
        snapshot: { value: 'askPhone', context: { name: 'علی' } },
        dialogVersion: 7,
      },
      NOW,
    );
    first.close();
    open.splice(open.indexOf(first), 1);
    const again = await createConversationStore(connect()).load('emulator:1');
    expect(again).toEqual({
      id: 'emulator:1',
      channel: 'emulator',
      lang: 'fa',
      snapshot: { value: 'askPhone', context: { name: 'علی' } },
      version: 1,
      dialogVersion: 7,
    });
  });

  it('count their saves: every save raises the version', async () => {
    const store = createConversationStore(connect());
    expect(await store.load('emulator:2')).toBeUndefined();
    const record = {
      id: 'emulator:2',
      channel: 'emulator',
      lang: 'ro' as const,
      snapshot: { value: 'menu' },
    };
    expect(await store.save(record, NOW)).toBe(1);
    expect(await store.save({ ...record, snapshot: { value: 'chooseLevel' } }, NOW)).toBe(2);
    expect(await store.load('emulator:2')).toMatchObject({ snapshot: { value: 'chooseLevel' }, version: 2 });
  });
});
