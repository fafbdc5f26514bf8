import type { BookingRow, OutgoingMessage } from './booking-store';
import type { Db } from './db';

export type Attendance = 'held' | 'absent';
export type AnswerMethod = 'post' | 'email' | 'pickup';
export const ANSWER_METHODS: readonly AnswerMethod[] = ['post', 'email', 'pickup'];

/** What staff recorded of an appointment: the audience register's line, and the written answer sent. */
export interface Outcome {
  attendance: Attendance | null;
  resolution: string | null;
  decidedBy: string | null;
  recordedAt: string | null;
  answerSentAt: string | null;
  answerMethod: AnswerMethod | null;
  answerNote: string | null;
}

export interface RecordedBooking extends BookingRow {
  outcome: Outcome;
}

const COLUMNS = `b.id, b.code, b.procedure, b.resource_id AS resourceId, b.day, b.seq, b.start_at AS start,
  b.end_at AS end, b.status, b.name, b.phone, b.details_json AS details, b.lang, b.channel, b.ics_token AS icsToken,
  o.attendance, o.resolution, o.decided_by AS decidedBy, o.recorded_at AS recordedAt,
  o.answer_sent_at AS answerSentAt, o.answer_method AS answerMethod, o.answer_note AS answerNote`;
const FROM = 'FROM bookings b LEFT JOIN booking_outcomes o ON o.booking_id = b.id';
/** Only the resources named (a JSON array): the caller's scope, never another city's or office's. */
const IN_SCOPE = 'b.resource_id IN (SELECT value FROM json_each(@scope))';
/** An audience whose citizen asked for a written answer, and did not miss it. */
const ANSWER_ASKED = `b.procedure = 'audience' AND b.status = 'booked'
  AND json_extract(b.details_json, '$.answerBy') IN ('post', 'email', 'pickup')
  AND (o.attendance IS NULL OR o.attendance <> 'absent')`;

type Stored = Omit<BookingRow, 'details'> & Outcome & { details: string };
const parsed = (r: Stored): RecordedBooking => ({
  id: r.id,
  code: r.code,
  procedure: r.procedure,
  resourceId: r.resourceId,
  day: r.day,
  seq: r.seq,
  start: r.start,
  end: r.end,
  status: r.status,
  name: r.name,
  phone: r.phone,
  details: JSON.parse(r.details) as Record<string, unknown>,
  lang: r.lang,
  channel: r.channel,
  icsToken: r.icsToken,
  outcome: {
    attendance: r.attendance,
    resolution: r.resolution,
    decidedBy: r.decidedBy,
    recordedAt: r.recordedAt,
    answerSentAt: r.answerSentAt,
    answerMethod: r.answerMethod,
    answerNote: r.answerNote,
  },
});

/**
 * The desk's record of appointments (booking_outcomes): read with the bookings they belong to, within the
 * resources a staff member may see, and changed each in one transaction with whatever goes with the change
 * (the audit line, the citizen's SMS) run inside it by `within`.
 */
export function createOutcomeStore(db: Db) {
  const between = db.prepare<{ scope: string; from: string; to: string }, Stored>(
    `SELECT ${COLUMNS} ${FROM}
     WHERE b.status = 'booked' AND b.day BETWEEN @from AND @to AND ${IN_SCOPE}
     ORDER BY b.day, b.resource_id, b.start_at, b.seq`,
  );
  const one = db.prepare<[number], Stored>(`SELECT ${COLUMNS} ${FROM} WHERE b.id = ?`);
  const answers = db.prepare<{ scope: string; upTo: string; sentSince: string }, Stored>(
    `SELECT ${COLUMNS} ${FROM}
     WHERE ${ANSWER_ASKED} AND ${IN_SCOPE} AND b.day <= @upTo
       AND (o.answer_sent_at IS NULL OR o.answer_sent_at >= @sentSince)
     ORDER BY b.day, b.start_at`,
  );
  const unsentBefore = db.prepare<{ scope: string; before: string }, { day: string }>(
    `SELECT b.day ${FROM}
     WHERE ${ANSWER_ASKED} AND ${IN_SCOPE} AND b.day < @before AND o.answer_sent_at IS NULL`,
  );
  const attendance = db.prepare(
    `INSERT INTO booking_outcomes (booking_id, attendance, recorded_by, recorded_at) VALUES (@id, @value, @by, @at)
     ON CONFLICT (booking_id) DO UPDATE SET attendance = excluded.attendance, recorded_by = excluded.recorded_by,
       recorded_at = excluded.recorded_at`,
  );
  const resolution = db.prepare(
    `INSERT INTO booking_outcomes (booking_id, resolution, decided_by, recorded_by, recorded_at)
     VALUES (@id, @resolution, @decidedBy, @by, @at)
     ON CONFLICT (booking_id) DO UPDATE SET resolution = excluded.resolution, decided_by = excluded.decided_by,
       recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at`,
  );
  const sent = db.prepare(
    `INSERT INTO booking_outcomes (booking_id, answer_sent_at, answer_method, answer_note, answer_sent_by)
     VALUES (@id, @at, @method, @note, @by)
     ON CONFLICT (booking_id) DO UPDATE SET answer_sent_at = excluded.answer_sent_at,
       answer_method = excluded.answer_method, answer_note = excluded.answer_note,
       answer_sent_by = excluded.answer_sent_by
     WHERE booking_outcomes.answer_sent_at IS NULL`,
  );
  const outbox = db.prepare(
    `INSERT INTO outbox (kind, channel, to_addr, body, segments, booking_id, essential, status, created_at, updated_at)
     VALUES (@kind, @channel, @to, @body, @segments, @bookingId, 1, 'pending', @now, @now)`,
  );

  const markSent = db.transaction(
    (
      id: number,
      answer: { method: AnswerMethod; note: string; userId: number },
      message: (row: RecordedBooking) => OutgoingMessage & { kind: string },
      at: string,
      within: () => void,
    ): { sent: true } | { sent: false; at: string } => {
      const row = parsed(one.get(id)!);
      if (row.outcome.answerSentAt) return { sent: false, at: row.outcome.answerSentAt };
      sent.run({ id, at, method: answer.method, note: answer.note, by: answer.userId });
      outbox.run({ ...message(row), bookingId: id, now: at });
      within();
      return { sent: true };
    },
  );

  return {
    /** Standing bookings from `from` to `to` (local days, included) of the resources in scope. */
    between(from: string, to: string, scope: readonly string[]): RecordedBooking[] {
      return between.all({ scope: JSON.stringify(scope), from, to }).map(parsed);
    },
    get(id: number): RecordedBooking | undefined {
      const row = one.get(id);
      return row && parsed(row);
    },
    /** Audiences up to `upTo` whose citizen asked for a written answer: not yet sent, or sent since `sentSince`. */
    writtenAnswers(scope: readonly string[], upTo: string, sentSince: Date): RecordedBooking[] {
      return answers
        .all({ scope: JSON.stringify(scope), upTo, sentSince: sentSince.toISOString() })
        .map(parsed);
    },
    /** The days of the audiences before `before` whose written answer has not been sent. */
    unsentDaysBefore(scope: readonly string[], before: string): string[] {
      return unsentBefore.all({ scope: JSON.stringify(scope), before }).map((r) => r.day);
    },
    setAttendance(id: number, value: Attendance, userId: number, now: Date, within: () => void): void {
      db.transaction(() => {
        attendance.run({ id, value, by: userId, at: now.toISOString() });
        within();
      }).immediate();
    },
    setResolution(
      id: number,
      value: { resolution: string; decidedBy: string },
      userId: number,
      now: Date,
      within: () => void,
    ): void {
      db.transaction(() => {
        resolution.run({ id, ...value, by: userId, at: now.toISOString() });
        within();
      }).immediate();
    },
    /**
     * Records the written answer sent and queues the citizen's message, in one transaction; an answer already
     * sent is not sent again (its time is returned).
     */
    markSent(
      id: number,
      answer: { method: AnswerMethod; note: string; userId: number },
      message: (row: RecordedBooking) => OutgoingMessage & { kind: string },
      now: Date,
      within: () => void,
    ) {
      return markSent.immediate(id, answer, message, now.toISOString(), within);
    },
  };
}

export type OutcomeStore = ReturnType<typeof createOutcomeStore>;
