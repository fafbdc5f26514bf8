/**
 * A booking is made once per request of its conversation: a Confirm that comes again after the booking was
 * committed (the process failing before the conversation was saved, a double click) gets the same booking.
 * The store on a real SQLite file, then the real server over HTTP with a conversation store that fails once.
 */
import path from 'node:path';
import { createBookingStore, type Reservation } from '../../../bot/store/booking-store';
import { openDatabase, type Db } from '../../../bot/store/db';
import { createOutboxStore } from '../../../bot/store/outbox-store';
import { loadMunicipality } from '../../../bot/municipality';
import { sampleReservation, cityLimits, syncCity } from '../../helpers/bookings';
import { clerkPerTest, tempDir, textOf } from '../../helpers/clerk';
import { conversationTables, headTurns } from '../../helpers/conversation';

const city = loadMunicipality('cluj-napoca');
const NOW = new Date('2026-11-23T08:00:00Z');

describe('the store', () => {
  let tmp: ReturnType<typeof tempDir>;
  let db: Db;
  beforeEach(() => {
    tmp = tempDir();
    db = openDatabase(path.join(tmp.dir, 'clerk.db'));
    syncCity(db, city);
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });
  const requested = (seq: number, requestId: string, conversationId = 'emulator:c1'): Reservation => {
    const r = sampleReservation(seq);
    return { ...r, conversationId, request: { ...r.request, requestId } };
  };
  const rows = () => db.prepare('SELECT code FROM bookings').pluck().all();
  const confirmations = async () =>
    (await createOutboxStore(db).list()).filter((m) => m.kind === 'booking.confirmation');

  it('a request booked already returns its booking: one row, one confirmation', async () => {
    const store = createBookingStore(db, { limits: cityLimits(city) });
    const first = await store.reserve(requested(0, 'r1'), NOW);
    const again = await store.reserve(requested(0, 'r1'), NOW);
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ ...first, replayed: true });
    expect(rows()).toEqual([first.code]);
    expect(await confirmations()).toHaveLength(1);
  });

  it('another request, or the same id in another conversation, is another booking', async () => {
    const store = createBookingStore(db);
    const a = await store.reserve(requested(0, 'r1'), NOW);
    const b = await store.reserve(requested(1, 'r2'), NOW);
    const c = await store.reserve(requested(2, 'r1', 'emulator:c2'), NOW);
    expect(new Set([a.code, b.code, c.code]).size).toBe(3);
    expect(await confirmations()).toHaveLength(3);
  });

  it('a cancelled booking frees its request: asked again, it is booked anew', async () => {
    const store = createBookingStore(db);
    const first = await store.reserve(requested(0, 'r1'), NOW);
    await store.cancel(
      { code: first.code, phone: '+40722123456' },
      (row) => ({ channel: 'sms', to: row.phone, body: 'x', segments: 1 }),
      NOW,
    );
    const again = await store.reserve(requested(0, 'r1'), NOW);
    expect(again.replayed).toBe(false);
    expect(again.code).not.toBe(first.code);
  });
});

describe('the server, with a conversation store that fails once', () => {
  const ctx = clerkPerTest();
  const { play, fixedPart } = conversationTables(ctx);
  const CODE = /[A-Z0-9]{4}-[A-Z0-9]{4}/;
  const toSummary = headTurns('ro').slice(0, 14);
  const confirm = () => ctx.app.clerk.texts.t('ro', 'choice.confirm');
  const bookings = () => ctx.app.clerk.db.prepare('SELECT code FROM bookings').pluck().all() as string[];
  const confirmationsFor = async (code: string) =>
    (await ctx.app.clerk.outbox.list()).filter(
      (m) => m.kind === 'booking.confirmation' && m.body.includes(code),
    );

  it('the booking is committed, saving the conversation fails: the same Confirm again gets the same code', async () => {
    const { who } = await play('ro', toSummary);
    const store = ctx.app.clerk.conversations;
    const save = store.save.bind(store);
    let failures = 0;
    store.save = async (...args) => {
      if (failures++ === 0) throw new Error('the process died here');
      return save(...args);
    };
    const failed = textOf(await who.say(confirm()));
    expect(failed).not.toMatch(CODE);
    expect(failed).not.toContain(fixedPart('ro', 'audience.booked'));
    // The booking and its SMS were committed before the failure.
    const [code] = bookings();
    expect(bookings()).toHaveLength(1);

    const again = textOf(await who.say(confirm()));
    expect(again).toContain(fixedPart('ro', 'audience.booked'));
    expect(again.match(CODE)?.[0]).toBe(code);
    expect(bookings()).toEqual([code]);
    expect(await confirmationsFor(code)).toHaveLength(1);
    expect(failures).toBe(2);
  });
});
