import type { Db } from './db';
import { createKeyedHash } from './keyed-hash';

export interface AuditEntry {
  id: number;
  at: string;
  /** Who: the account's e-mail, or none for a change made on the server's command line. */
  who: string | null;
  action: string;
  bookingId: number | null;
  conversationId: string | null;
  detail: Record<string, unknown>;
}

/**
 * The audit log: every change a person makes, who made it, when and on which booking or conversation. The
 * database refuses to update or delete a line (triggers in the migration), whatever the application does.
 * Because nothing ever leaves it, no phone number goes in: a conversation named by the citizen's number
 * (`sms:+40…`, `whatsapp:+40…`) is written as its channel and a keyed hash, the same for every line about it.
 */
export function createAuditLog(db: Db) {
  const hash = createKeyedHash(db);
  const conversationRef = (id: string) => {
    const byPhone = /^([a-z]+):\+\d+$/.exec(id);
    return byPhone ? `${byPhone[1]}:#${hash.full(id).slice(0, 16)}` : id;
  };
  const insert = db.prepare(
    `INSERT INTO audit_log (at, user_id, action, booking_id, conversation_id, detail_json)
     VALUES (@at, @userId, @action, @bookingId, @conversationId, @detail)`,
  );
  const recent = db.prepare<[string, string, number], Omit<AuditEntry, 'detail'> & { detail: string }>(
    `SELECT a.id, a.at, u.email AS who, a.action, a.booking_id AS bookingId, a.conversation_id AS conversationId,
       a.detail_json AS detail
     FROM audit_log a LEFT JOIN staff_users u ON u.id = a.user_id
     WHERE a.at >= ? AND a.at < ? ORDER BY a.id DESC LIMIT ?`,
  );
  return {
    write(
      entry: {
        userId: number | null;
        action: string;
        bookingId?: number;
        conversationId?: string;
        detail?: Record<string, unknown>;
      },
      now: Date,
    ): void {
      insert.run({
        at: now.toISOString(),
        userId: entry.userId,
        action: entry.action,
        bookingId: entry.bookingId ?? null,
        conversationId: entry.conversationId ? conversationRef(entry.conversationId) : null,
        detail: JSON.stringify(entry.detail ?? {}),
      });
    },
    /** Lines from `from` (inclusive) to `to` (exclusive), newest first. */
    between(from: Date, to: Date, limit = 500): AuditEntry[] {
      return recent
        .all(from.toISOString(), to.toISOString(), limit)
        .map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
