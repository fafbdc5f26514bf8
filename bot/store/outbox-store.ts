import type { Db } from './db';

export interface OutboxRow {
  id: number;
  kind: string;
  channel: 'sms' | 'whatsapp';
  to: string;
  body: string;
  segments: number;
  /** pending, sending, sent (accepted by Twilio), queued/delivered/undelivered/failed (Twilio's callbacks),
   * dev-outbox, cancelled, skipped-optout, refused-country, refused-rate */
  status: string;
  attempts: number;
  bookingId: number | null;
  essential: boolean;
  sendAfter: string | null;
  nextAttemptAt: string | null;
  providerSid: string | null;
  route: string | null;
  routeReason: string | null;
  /** A WhatsApp template's variables ({"1": code, "2": when}), for messages that may need one. */
  vars: string | null;
  sentAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AttemptRow {
  outcome: string;
  at: string;
  httpStatus: number | null;
  errorCode: string | null;
}

export interface SendOutcome {
  status: string;
  sid?: string;
  route?: string;
  routeReason?: string;
}

export interface SendFailure {
  httpStatus?: number;
  code?: string;
}

/**
 * The messages the clerk sends outside replies, written in the same transaction as their cause and sent
 * afterwards by the dispatcher: claimed (`sending`) before the provider is called, so that a crash between
 * the call and its record is found again at start and reconciled rather than sent twice.
 */
export interface OutboxStore {
  /** Pending messages whose time has come (reminders wait for `send_after`, retries for their backoff). */
  due(now: Date, limit: number): Promise<OutboxRow[]>;
  /** Takes a pending message for sending; false if another dispatcher took it first. */
  claim(id: number, now: Date): Promise<boolean>;
  /** Messages left `sending` (the process stopped mid-send). */
  inFlight(): Promise<OutboxRow[]>;
  recordSent(id: number, outcome: SendOutcome, now: Date): Promise<void>;
  recordRetry(id: number, failure: SendFailure, nextAttemptAt: Date, now: Date): Promise<void>;
  recordFailed(id: number, failure: SendFailure, now: Date): Promise<void>;
  /** Not sent, by policy: opted out, a country not allowed, a rate limit. */
  recordRefused(id: number, status: string, now: Date): Promise<void>;
  /** Back to pending: the provider has no trace of the interrupted send. */
  release(id: number, now: Date): Promise<void>;
  /** A status callback from the provider; false when no message has that sid. */
  recordStatus(sid: string, status: string, now: Date): Promise<boolean>;
  /** Messages sent to a number (or, without one, to anyone) since an instant: for the rate limits. */
  sentSince(since: Date, to?: string): Promise<number>;
  attempts(id: number): Promise<AttemptRow[]>;
  list(limit?: number): Promise<OutboxRow[]>;
  /** Queues a message that belongs to no booking (a person's words from the staff desk); resolves to its id. */
  queue(
    message: {
      kind: string;
      channel: 'sms' | 'whatsapp';
      to: string;
      body: string;
      segments: number;
      essential: boolean;
    },
    now: Date,
  ): Promise<number>;
}

const COLUMNS = `id, kind, channel, to_addr AS "to", body, segments, status, attempts, booking_id AS bookingId,
  essential, send_after AS sendAfter, next_attempt_at AS nextAttemptAt, provider_sid AS providerSid, route,
  route_reason AS routeReason, vars, sent_at AS sentAt, created_at AS createdAt, updated_at AS updatedAt`;

type Raw = Omit<OutboxRow, 'essential'> & { essential: number };
const row = (r: Raw): OutboxRow => ({ ...r, essential: r.essential === 1 });

export function createOutboxStore(db: Db): OutboxStore {
  const due = db.prepare<[string, string, number], Raw>(
    `SELECT ${COLUMNS} FROM outbox WHERE status = 'pending'
       AND (send_after IS NULL OR send_after <= ?) AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
     ORDER BY id LIMIT ?`,
  );
  const claim = db.prepare(
    "UPDATE outbox SET status = 'sending', attempts = attempts + 1, updated_at = ? WHERE id = ? AND status = 'pending'",
  );
  const inFlight = db.prepare<[], Raw>(`SELECT ${COLUMNS} FROM outbox WHERE status = 'sending' ORDER BY id`);
  const attempt = db.prepare(
    'INSERT INTO outbox_attempts (outbox_id, at, outcome, http_status, error_code) VALUES (?, ?, ?, ?, ?)',
  );
  const sent = db.prepare(
    `UPDATE outbox SET status = @status, provider_sid = @sid, route = @route, route_reason = @routeReason,
       sent_at = @now, updated_at = @now, next_attempt_at = NULL WHERE id = @id`,
  );
  const setStatus = db.prepare('UPDATE outbox SET status = ?, updated_at = ? WHERE id = ?');
  const retry = db.prepare(
    "UPDATE outbox SET status = 'pending', next_attempt_at = ?, updated_at = ? WHERE id = ?",
  );
  const bySid = db.prepare('UPDATE outbox SET status = ?, updated_at = ? WHERE provider_sid = ?');
  const sentTo = db
    .prepare<[string, string], number>('SELECT count(*) FROM outbox WHERE to_addr = ? AND sent_at >= ?')
    .pluck();
  const sentAll = db.prepare<[string], number>('SELECT count(*) FROM outbox WHERE sent_at >= ?').pluck();
  const attempts = db.prepare<[number], AttemptRow>(
    'SELECT outcome, at, http_status AS httpStatus, error_code AS errorCode FROM outbox_attempts WHERE outbox_id = ? ORDER BY id',
  );
  const list = db.prepare<[number], Raw>(`SELECT ${COLUMNS} FROM outbox ORDER BY id DESC LIMIT ?`);

  const insert = db.prepare(
    `INSERT INTO outbox (kind, channel, to_addr, body, segments, essential, status, created_at, updated_at)
     VALUES (@kind, @channel, @to, @body, @segments, @essential, 'pending', @now, @now)`,
  );

  const note = (id: number, now: string, outcome: string, failure: SendFailure = {}) =>
    attempt.run(id, now, outcome, failure.httpStatus ?? null, failure.code ?? null);

  return {
    async queue(message, now) {
      const at = now.toISOString();
      return Number(
        insert.run({ ...message, essential: message.essential ? 1 : 0, now: at }).lastInsertRowid,
      );
    },
    async due(now, limit) {
      const at = now.toISOString();
      return due.all(at, at, limit).map(row);
    },
    async claim(id, now) {
      const at = now.toISOString();
      return db.transaction(() => {
        if (claim.run(at, id).changes === 0) return false;
        note(id, at, 'started');
        return true;
      })();
    },
    async inFlight() {
      return inFlight.all().map(row);
    },
    async recordSent(id, outcome, now) {
      const at = now.toISOString();
      db.transaction(() => {
        sent.run({
          id,
          status: outcome.status,
          sid: outcome.sid ?? null,
          route: outcome.route ?? null,
          routeReason: outcome.routeReason ?? null,
          now: at,
        });
        note(id, at, outcome.status === 'dev-outbox' ? 'dev-outbox' : 'sent');
      })();
    },
    async recordRetry(id, failure, nextAttemptAt, now) {
      const at = now.toISOString();
      db.transaction(() => {
        retry.run(nextAttemptAt.toISOString(), at, id);
        note(id, at, 'retry', failure);
      })();
    },
    async recordFailed(id, failure, now) {
      const at = now.toISOString();
      db.transaction(() => {
        setStatus.run('failed', at, id);
        note(id, at, 'failed', failure);
      })();
    },
    async recordRefused(id, status, now) {
      const at = now.toISOString();
      db.transaction(() => {
        setStatus.run(status, at, id);
        note(id, at, status);
      })();
    },
    async release(id, now) {
      const at = now.toISOString();
      db.transaction(() => {
        setStatus.run('pending', at, id);
        note(id, at, 'reconciled-resend');
      })();
    },
    async recordStatus(sid, status, now) {
      return bySid.run(status, now.toISOString(), sid).changes > 0;
    },
    async sentSince(since, to) {
      const at = since.toISOString();
      return to ? sentTo.get(to, at)! : sentAll.get(at)!;
    },
    async attempts(id) {
      return attempts.all(id);
    },
    async list(limit = 1000) {
      return list.all(limit).map(row).reverse();
    },
  };
}
