import { randomBytes, randomInt } from 'node:crypto';
import {
  placesPerDay,
  SLOT_TAKEN,
  type AppointmentRequest,
  type BookingKey,
  type Resource,
  type Slot,
} from '../../dialogs/appointment';
import type { Lang } from '../../dialogs/municipality';
import {
  CitizenLimitError,
  moveLimit,
  newBookingLimit,
  type CitizenLimits,
  type Holding,
} from '../../dialogs/rules/citizen-limits';
import { CODE_ALPHABET } from '../../dialogs/rules/reference-code';
import type { Db } from './db';

/** A message to send outside a reply, written to the outbox in the same transaction as its cause. */
export interface OutgoingMessage {
  channel: 'sms' | 'whatsapp';
  to: string;
  body: string;
  segments: number;
}

/** A reminder the day before, scheduled with the booking and following it when it moves or is cancelled. */
export interface Reminder extends OutgoingMessage {
  /** When it may leave (ISO instant); a reminder whose time has passed is not scheduled. */
  sendAfter: string;
  /** A WhatsApp template's variables, for reminders outside the 24-hour window. */
  vars: string;
}

export interface BookingRow {
  id: number;
  code: string;
  procedure: string;
  resourceId: string;
  day: string;
  seq: number;
  start: string;
  end: string;
  status: 'booked' | 'cancelled';
  name: string;
  phone: string;
  /** The procedure's own answers (see AppointmentRequest.details). */
  details: Record<string, unknown>;
  lang: Lang;
  channel: string;
  icsToken: string;
}

export interface Reservation {
  request: AppointmentRequest;
  lang: Lang;
  channel: string;
  conversationId: string;
  /** Builds the confirmation from the new booking's code and calendar token, inside the transaction. */
  confirmation: (code: string, icsToken: string) => OutgoingMessage;
  /** The reminder for the day before, if one is due later. */
  reminder?: (code: string) => Reminder | undefined;
}

/** What is taken of a resource: places per day, and bookings per start instant. */
export interface Taken {
  places: Map<string, Set<number>>;
  times: Map<string, number>;
}

export interface BookingStore {
  /**
   * A resource's standing bookings from `fromDay` to `toDay` included, read once: the places taken per local
   * day, and how many start at each instant (ISO) — after a programme changes, a booking's place number no
   * longer says its time, and its time must still count.
   */
  taken(resourceId: string, fromDay: string, toDay: string): Promise<Taken>;
  /** The phone's active bookings of a procedure (booked, not yet begun): what the citizen limits count. */
  activeFor(phone: string, procedure: string, now: Date): Promise<Holding[]>;
  /**
   * Books the place and queues its confirmation in one transaction; throws `{ code: 'slot.taken' }` when full
   * and a CitizenLimitError past the citizen's limits. A request already booked by its conversation (same
   * `requestId`) is not booked again: its booking is returned, `replayed`, and nothing is queued.
   */
  reserve(
    reservation: Reservation,
    now: Date,
  ): Promise<{ code: string; icsToken: string; replayed: boolean }>;
  byIcsToken(token: string): Promise<BookingRow | undefined>;
  /** A day's bookings, by resource and time. */
  agenda(day: string): Promise<BookingRow[]>;
  /** The active booking with this code, made with this phone (both needed: the code alone is not enough). */
  find(key: BookingKey): Promise<BookingRow | undefined>;
  /** Cancels the booking and its pending reminder, and queues its notice, in one transaction; undefined when there is none. */
  cancel(
    key: BookingKey,
    notice: (row: BookingRow) => OutgoingMessage,
    now: Date,
  ): Promise<BookingRow | undefined>;
  /**
   * Moves the booking to another place in one transaction (the old place is freed as the new one is taken)
   * and queues its notice; throws `{ code: 'slot.taken' }` when the new place is full and a CitizenLimitError
   * when the phone already holds as many bookings with the resource that day as it may.
   */
  move(
    key: BookingKey,
    slot: Slot,
    notice: (row: BookingRow) => OutgoingMessage,
    now: Date,
    reminder?: (row: BookingRow) => Reminder | undefined,
    /** The booking's details at its new place, where they depend on the day (the procedure says). */
    details?: (row: BookingRow) => Record<string, unknown>,
  ): Promise<BookingRow | undefined>;
}

export function newReferenceCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

class SlotTakenError extends Error {
  readonly code = SLOT_TAKEN;
  constructor() {
    super('The place was taken meanwhile');
  }
}

function isCapacityViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    (e.code === 'SQLITE_CONSTRAINT_TRIGGER' && !!e.message?.includes('slot.full')) ||
    (e.code === 'SQLITE_CONSTRAINT_UNIQUE' && !!e.message?.includes('bookings.resource_id'))
  );
}

const COLUMNS = `id, code, procedure, resource_id AS resourceId, day, seq, start_at AS start, end_at AS end, status,
  name, phone, details_json AS details, lang, channel, ics_token AS icsToken`;
type StoredRow = Omit<BookingRow, 'details'> & { details: string };
const parsed = (row: StoredRow | undefined): BookingRow | undefined =>
  row && { ...row, details: JSON.parse(row.details) as Record<string, unknown> };

/** Writes the city's bookable resources (with their daily capacity) so the database can enforce it. */
export function syncResources(db: Db, municipality: string, resources: readonly Resource[]): void {
  const upsert = db.prepare(
    `INSERT INTO resources (id, municipality, procedure, max_per_day, minutes_each, title_json)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET municipality = excluded.municipality, procedure = excluded.procedure,
       max_per_day = excluded.max_per_day, minutes_each = excluded.minutes_each, title_json = excluded.title_json`,
  );
  db.transaction(() => {
    for (const r of resources) {
      upsert.run(r.id, municipality, r.procedure, placesPerDay(r), r.minutesEach, JSON.stringify(r.title));
    }
  })();
}

export interface BookingStoreOptions {
  /**
   * Each procedure's limits per phone number, checked inside each booking's and move's own transaction (so
   * two conversations racing cannot both pass). Without them (tools, some tests) nothing is limited per citizen.
   */
  limits?: Readonly<Record<string, CitizenLimits>>;
}

export function createBookingStore(db: Db, options: BookingStoreOptions = {}): BookingStore {
  const limitsOf = (procedure: string) => options.limits?.[procedure];
  const taken = db.prepare<[string, string, string], { day: string; seq: number; start: string }>(
    "SELECT day, seq, start_at AS start FROM bookings WHERE resource_id = ? AND day BETWEEN ? AND ? AND status = 'booked'",
  );
  const insertBooking = db.prepare(
    `INSERT INTO bookings (code, procedure, resource_id, day, seq, start_at, end_at, name, phone, details_json, lang,
       channel, conversation_id, ics_token, created_at, request_id)
     VALUES (@code, @procedure, @resourceId, @day, @seq, @start, @end, @name, @phone, @details, @lang,
       @channel, @conversationId, @icsToken, @now, @requestId)`,
  );
  const insertOutbox = db.prepare(
    `INSERT INTO outbox (kind, channel, to_addr, body, segments, booking_id, essential, send_after, vars, status,
       created_at, updated_at)
     VALUES (@kind, @channel, @to, @body, @segments, @bookingId, @essential, @sendAfter, @vars, 'pending', @now, @now)`,
  );
  const dropReminder = db.prepare(
    `UPDATE outbox SET status = 'cancelled', updated_at = ?
     WHERE booking_id = ? AND kind = 'booking.reminder' AND status = 'pending'`,
  );
  const codeExists = db.prepare('SELECT 1 FROM bookings WHERE code = ?').pluck();
  const byToken = db.prepare<[string], StoredRow>(`SELECT ${COLUMNS} FROM bookings WHERE ics_token = ?`);
  const byDay = db.prepare<[string], StoredRow>(
    `SELECT ${COLUMNS} FROM bookings WHERE day = ? AND status = 'booked' ORDER BY resource_id, start_at, seq`,
  );
  const byKey = db.prepare<[string, string], StoredRow>(
    `SELECT ${COLUMNS} FROM bookings WHERE code = ? AND phone = ? AND status = 'booked'`,
  );
  const byRequest = db.prepare<[string, string], { code: string; icsToken: string }>(
    `SELECT code, ics_token AS icsToken FROM bookings
     WHERE conversation_id = ? AND request_id = ? AND status = 'booked'`,
  );
  const activeByPhone = db.prepare<[string, string, string], Holding>(
    `SELECT code, resource_id AS resourceId, day FROM bookings
     WHERE phone = ? AND procedure = ? AND status = 'booked' AND start_at > ? ORDER BY start_at`,
  );
  const setCancelled = db.prepare(
    "UPDATE bookings SET status = 'cancelled', changed_at = ? WHERE id = ? AND status = 'booked'",
  );
  const setPlace = db.prepare(
    `UPDATE bookings SET day = @day, seq = @seq, start_at = @start, end_at = @end, details_json = @details,
       changed_at = @now
     WHERE id = @id AND status = 'booked'`,
  );
  const queue = (kind: string, sms: OutgoingMessage, bookingId: number, now: string) =>
    insertOutbox.run({ kind, ...sms, bookingId, essential: 1, sendAfter: null, vars: null, now });
  /** Schedules a booking's reminder (non-essential: opted-out numbers do not get it). */
  const schedule = (reminder: Reminder | undefined, bookingId: number, now: string) => {
    if (!reminder || reminder.sendAfter <= now) return;
    const { sendAfter, vars, ...sms } = reminder;
    insertOutbox.run({ kind: 'booking.reminder', ...sms, bookingId, essential: 0, sendAfter, vars, now });
  };

  const cancelTx = db.transaction(
    (key: BookingKey, notice: (row: BookingRow) => OutgoingMessage, now: string) => {
      const row = parsed(byKey.get(key.code, key.phone));
      if (!row) return undefined;
      setCancelled.run(now, row.id);
      dropReminder.run(now, row.id);
      const cancelled = { ...row, status: 'cancelled' as const };
      queue('booking.cancelled', notice(cancelled), row.id, now);
      return cancelled;
    },
  );
  const moveTx = db.transaction(
    (
      key: BookingKey,
      slot: Slot,
      notice: (row: BookingRow) => OutgoingMessage,
      now: string,
      reminder?: (row: BookingRow) => Reminder | undefined,
      details?: (row: BookingRow) => Record<string, unknown>,
    ) => {
      const row = parsed(byKey.get(key.code, key.phone));
      if (!row) return undefined;
      if (slot.resourceId !== row.resourceId) throw new Error('a booking moves within its resource');
      const limits = limitsOf(row.procedure);
      const hit =
        limits && moveLimit(activeByPhone.all(row.phone, row.procedure, now), limits, row.code, slot);
      if (hit) throw new CitizenLimitError(hit);
      const placed = { ...row, day: slot.day, seq: slot.seq, start: slot.start, end: slot.end };
      const moved = details ? { ...placed, details: details(placed) } : placed;
      setPlace.run({
        id: row.id,
        day: slot.day,
        seq: slot.seq,
        start: slot.start,
        end: slot.end,
        details: JSON.stringify(moved.details),
        now,
      });
      queue('booking.moved', notice(moved), row.id, now);
      // What was scheduled for the old time follows the booking: the old reminder goes, a new one is set.
      dropReminder.run(now, row.id);
      schedule(reminder?.(moved), row.id, now);
      return moved;
    },
  );

  const reserveTx = db.transaction((r: Reservation, now: string) => {
    const q = r.request;
    // Asked again after it was committed: the same booking, before any limit counts it against itself.
    const booked = q.requestId ? byRequest.get(r.conversationId, q.requestId) : undefined;
    if (booked) return { ...booked, replayed: true };
    const limits = limitsOf(q.procedure);
    const hit = limits && newBookingLimit(activeByPhone.all(q.phone, q.procedure, now), limits, q.slot);
    if (hit) throw new CitizenLimitError(hit);
    let code = newReferenceCode();
    while (codeExists.get(code)) code = newReferenceCode();
    const icsToken = randomBytes(24).toString('base64url');
    const result = insertBooking.run({
      code,
      procedure: q.procedure,
      resourceId: q.slot.resourceId,
      day: q.slot.day,
      seq: q.slot.seq,
      start: q.slot.start,
      end: q.slot.end,
      name: q.name,
      phone: q.phone,
      details: JSON.stringify(q.details),
      lang: r.lang,
      channel: r.channel,
      conversationId: r.conversationId,
      icsToken,
      now,
      requestId: q.requestId ?? null,
    });
    const bookingId = Number(result.lastInsertRowid);
    queue('booking.confirmation', r.confirmation(code, icsToken), bookingId, now);
    schedule(r.reminder?.(code), bookingId, now);
    return { code, icsToken, replayed: false };
  });

  return {
    async taken(resourceId, fromDay, toDay) {
      const places = new Map<string, Set<number>>();
      const times = new Map<string, number>();
      for (const row of taken.all(resourceId, fromDay, toDay)) {
        if (!places.has(row.day)) places.set(row.day, new Set());
        places.get(row.day)!.add(row.seq);
        times.set(row.start, (times.get(row.start) ?? 0) + 1);
      }
      return { places, times };
    },
    async activeFor(phone, procedure, now) {
      return activeByPhone.all(phone, procedure, now.toISOString());
    },
    async reserve(reservation, now) {
      try {
        // BEGIN IMMEDIATE: the write lock is taken before anything is read, so racing writers queue.
        return reserveTx.immediate(reservation, now.toISOString());
      } catch (error) {
        if (isCapacityViolation(error)) throw new SlotTakenError();
        throw error;
      }
    },
    async byIcsToken(token) {
      return parsed(byToken.get(token));
    },
    async agenda(day) {
      return byDay.all(day).map((row) => parsed(row)!);
    },
    async find(key) {
      return parsed(byKey.get(key.code, key.phone));
    },
    async cancel(key, notice, now) {
      return cancelTx.immediate(key, notice, now.toISOString());
    },
    async move(key, slot, notice, now, reminder, details) {
      try {
        return moveTx.immediate(key, slot, notice, now.toISOString(), reminder, details);
      } catch (error) {
        if (isCapacityViolation(error)) throw new SlotTakenError();
        throw error;
      }
    },
  };
}
