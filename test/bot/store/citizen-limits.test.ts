/**
 * The store's own enforcement of the limits per phone number (municipality `audience.perCitizen`), inside
 * the booking's and the move's transaction, on a real SQLite file — and the look-up counts it keeps.
 */
import path from 'node:path';
import { createBookingStore, type Reservation } from '../../../bot/store/booking-store';
import { openDatabase, type Db } from '../../../bot/store/db';
import { createKeyedHash } from '../../../bot/store/keyed-hash';
import { createLookupStore } from '../../../bot/store/lookup-store';
import { createOutboxStore } from '../../../bot/store/outbox-store';
import { loadMunicipality } from '../../../bot/municipality';
import { CITIZEN_LIMIT } from '../../../dialogs/rules/citizen-limits';
import { sampleRequest, sampleReservation, cityLimits, syncCity } from '../../helpers/bookings';
import { tempDir } from '../../helpers/clerk';

const city = loadMunicipality('cluj-napoca');
const limits = cityLimits(city);
const NOW = new Date('2026-11-23T08:00:00Z');
const PHONE = '+40722123456';

let tmp: ReturnType<typeof tempDir>;
const open: Db[] = [];
function connect(): Db {
  const db = openDatabase(path.join(tmp.dir, 'clerk.db'));
  syncCity(db, city);
  open.push(db);
  return db;
}
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  tmp.remove();
});

/** Place `seq` of `day` with `official`, booked by PHONE (unless another is given). */
function place(seq: number, day: string, official = 'head-technical', phone = PHONE): Reservation {
  const r = sampleReservation(seq, day);
  return {
    ...r,
    request: { ...r.request, slot: { ...r.request.slot, resourceId: official }, phone },
  };
}
const notice = (row: { code: string; phone: string }) => ({
  channel: 'sms' as const,
  to: row.phone,
  body: `moved ${row.code}`,
  segments: 1,
});

describe('limits per phone number, enforced by the store', () => {
  it('the data says one audience with the same official a day and three in all', () => {
    expect(limits).toMatchObject({ audience: { perResourcePerDay: 1, active: 3 } });
  });

  it('refuses a second place of the same official’s day to the same phone, and lets another phone have it', async () => {
    const store = createBookingStore(connect(), { limits });
    const first = await store.reserve(place(0, '2026-11-24'), NOW);
    await expect(store.reserve(place(1, '2026-11-24'), NOW)).rejects.toMatchObject({
      code: CITIZEN_LIMIT,
      hit: { limit: 'resourceDay', max: 1, resourceId: 'head-technical', day: '2026-11-24' },
    });
    // The error names no booking: errors can reach a log.
    await expect(store.reserve(place(1, '2026-11-24'), NOW)).rejects.not.toThrow(first.code);
    await expect(
      store.reserve(place(1, '2026-11-24', 'head-technical', '+40733000000'), NOW),
    ).resolves.toMatchObject({ replayed: false });
    // The same phone with another official that day, or the same official another day: allowed.
    await store.reserve(place(0, '2026-11-24', 'head-urbanism'), NOW);
    expect((await store.agenda('2026-11-24')).map((b) => [b.resourceId, b.phone, b.seq])).toEqual([
      ['head-technical', PHONE, 0],
      ['head-technical', '+40733000000', 1],
      ['head-urbanism', PHONE, 0],
    ]);
    // One confirmation per booking made, none for the refused ones.
    expect(await createOutboxStore(open[0]).list()).toHaveLength(3);
  });

  it('refuses a fourth active booking; past and cancelled ones do not count', async () => {
    const db = connect();
    const store = createBookingStore(db, { limits });
    for (const day of ['2026-11-24', '2026-11-26', '2026-12-01']) await store.reserve(place(0, day), NOW);
    await expect(store.reserve(place(0, '2026-12-03'), NOW)).rejects.toMatchObject({
      code: CITIZEN_LIMIT,
      hit: { limit: 'active', max: 3 },
    });
    // Once the first audience has taken place, the phone may book again.
    const afterFirst = new Date('2026-11-24T12:00:00Z');
    await expect(store.reserve(place(0, '2026-12-03'), afterFirst)).resolves.toBeDefined();
    await expect(store.reserve(place(0, '2026-12-08'), afterFirst)).rejects.toMatchObject({
      hit: { limit: 'active' },
    });
    const [last] = await store.agenda('2026-12-03');
    await store.cancel({ code: last.code, phone: PHONE }, notice, afterFirst);
    await expect(store.reserve(place(0, '2026-12-08'), afterFirst)).resolves.toBeDefined();
  });

  it('two connections racing with the same phone for two places of one day: exactly one wins', async () => {
    const [a, b] = [createBookingStore(connect(), { limits }), createBookingStore(connect(), { limits })];
    const results = await Promise.allSettled([
      a.reserve(place(0, '2026-11-24'), NOW),
      b.reserve(place(1, '2026-11-24'), NOW),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(lost?.reason).toMatchObject({ code: CITIZEN_LIMIT });
    expect(await a.agenda('2026-11-24')).toHaveLength(1);
  });

  it('a move onto a day where the phone holds another audience with the official is refused as a whole', async () => {
    const store = createBookingStore(connect(), { limits });
    const x = await store.reserve(place(0, '2026-11-24'), NOW);
    const y = await store.reserve(place(0, '2026-11-26'), NOW);
    await expect(
      store.move({ code: y.code, phone: PHONE }, sampleRequest(2, '2026-11-24').slot, notice, NOW),
    ).rejects.toMatchObject({ code: CITIZEN_LIMIT, hit: { limit: 'resourceDay', day: '2026-11-24' } });
    expect(await store.find({ code: y.code, phone: PHONE })).toMatchObject({ day: '2026-11-26', seq: 0 });
    expect((await createOutboxStore(open[0]).list()).some((m) => m.kind === 'booking.moved')).toBe(false);
    // Within its own day, or to a free day, a booking moves as before (it does not count against itself).
    await expect(
      store.move({ code: x.code, phone: PHONE }, sampleRequest(3, '2026-11-24').slot, notice, NOW),
    ).resolves.toMatchObject({ seq: 3 });
    await expect(
      store.move({ code: y.code, phone: PHONE }, sampleRequest(1, '2026-12-01').slot, notice, NOW),
    ).resolves.toMatchObject({ day: '2026-12-01' });
  });

  it('a phone’s active bookings are listed for the dialog’s early check', async () => {
    const store = createBookingStore(connect(), { limits });
    const { code } = await store.reserve(place(0, '2026-11-24'), NOW);
    await store.reserve(place(0, '2026-11-26', 'head-technical', '+40733000000'), NOW);
    expect(await store.activeFor(PHONE, 'audience', NOW)).toEqual([
      { code, resourceId: 'head-technical', day: '2026-11-24' },
    ]);
    expect(await store.activeFor(PHONE, 'audience', new Date('2026-11-25T00:00:00Z'))).toEqual([]);
  });
});

describe('look-ups counted in the database', () => {
  const minutes = (m: number) => new Date(NOW.getTime() + m * 60_000);

  it('a code is refused after five failed look-ups within 15 minutes, for every conversation, until the window frees', async () => {
    const db = connect();
    const lookups = createLookupStore(db, createKeyedHash(db));
    for (let i = 0; i < 5; i++)
      expect(await lookups.admit(`c${i}`, 'ACDE-3467', minutes(i))).toMatchObject({ ok: true });
    expect(await lookups.admit('another', 'ACDE-3467', minutes(5))).toEqual({ ok: false, minutes: 10 });
    // Another code is not affected.
    expect(await lookups.admit('another', 'ACDE-3468', minutes(5))).toMatchObject({ ok: true });
    // The first failure leaves the window at minute 15.
    expect(await lookups.admit('another', 'ACDE-3467', minutes(15))).toMatchObject({ ok: true });
    // Neither the code nor the conversation is kept in clear.
    const rows = JSON.stringify(db.prepare('SELECT * FROM lookup_attempts').all());
    expect(rows).not.toMatch(/ACDE|another/);
  });

  it('a look-up that found its booking does not count against the code; the conversation counts every look-up', async () => {
    const db = connect();
    const lookups = createLookupStore(db, createKeyedHash(db));
    for (let i = 0; i < 10; i++) {
      const admitted = await lookups.admit('c', 'ACDE-3467', minutes(i));
      if (!admitted.ok) throw new Error(`refused at ${i}`);
      await lookups.found(admitted.attempt);
    }
    expect(await lookups.admit('c', 'ACDE-3467', minutes(10))).toEqual({ ok: false, minutes: 50 });
    expect(await lookups.admit('d', 'ACDE-3467', minutes(10))).toMatchObject({ ok: true });
  });

  it('attempts older than the longest window are deleted as new ones come', async () => {
    const db = connect();
    const lookups = createLookupStore(db, createKeyedHash(db));
    await lookups.admit('c', 'ACDE-3467', NOW);
    await lookups.admit('c', 'ACDE-3467', minutes(61));
    expect(db.prepare('SELECT count(*) FROM lookup_attempts').pluck().get()).toBe(1);
  });

  it('the keyed hash is stable for a database and differs between databases', () => {
    const db = connect();
    const again = connect();
    expect(createKeyedHash(db).short('ACDE-3467')).toBe(createKeyedHash(again).short('ACDE-3467'));
    expect(createKeyedHash(db).short('ACDE-3467')).toMatch(/^[0-9a-f]{8}$/);
    const other = tempDir();
    try {
      const elsewhere = openDatabase(path.join(other.dir, 'clerk.db'));
      expect(createKeyedHash(elsewhere).full('ACDE-3467')).not.toBe(createKeyedHash(db).full('ACDE-3467'));
      elsewhere.close();
    } finally {
      other.remove();
    }
  });
});
