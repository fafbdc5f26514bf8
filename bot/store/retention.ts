import type { Db } from './db';

/** What a purge cleared, per kind of record. */
export interface Purged {
  conversations: number;
  webChatActivities: number;
  staffRequests: number;
  smsReplies: number;
  messages: number;
  /** Desk sessions ended or idle before the cutoff, and failed sign-ins counted before it. */
  staffSessions: number;
  signInFailures: number;
  /** Queue tickets of past days (each names the citizen's conversation: for SMS, their number). */
  walkInTickets: number;
}

/**
 * Personal data kept no longer than needed: everything older than `cutoff` that the clerk itself no longer
 * uses is cleared, in one transaction —
 *  - conversations idle since before it: their transcript and dialog state (a citizen coming back starts
 *    at the greeting), and the web chat activities of those conversations;
 *  - requests for a person marked done before it: the transcript, the name and the phone;
 *  - the replies remembered for SMS/WhatsApp redeliveries, and the text and number of messages the outbox
 *    finished with (sent, failed, cancelled).
 *  - the desk's sessions no longer open, and the failed sign-ins (an address's keyed hash) counted for limits;
 *  - walk-in queue tickets given before it.
 * Bookings stay: they are the audience register the city keeps (Cluj-Napoca City Hall, audience procedure). Open requests stay.
 */
export function purgeOlderThan(db: Db, cutoff: Date): Purged {
  const before = cutoff.toISOString();
  const idle = db
    .prepare<[string], string>(
      "SELECT id FROM conversations WHERE updated_at < ? AND (snapshot IS NOT NULL OR transcript <> '')",
    )
    .pluck();
  const clearConversation = db.prepare(
    "UPDATE conversations SET snapshot = NULL, transcript = '', version = version + 1 WHERE id = ?",
  );
  const dropActivities = db.prepare('DELETE FROM directline_activities WHERE conversation_id = ?');
  const clearStaff = db.prepare(
    `UPDATE staff_requests SET transcript_json = '[]', name = NULL, phone = ''
     WHERE status = 'done' AND done_at < ? AND phone <> ''`,
  );
  const dropReplies = db.prepare('DELETE FROM inbound_messages WHERE created_at < ?');
  const clearMessages = db.prepare(
    `UPDATE outbox SET body = '', to_addr = '', vars = NULL
     WHERE status NOT IN ('pending', 'sending') AND updated_at < ? AND to_addr <> ''`,
  );
  const dropSessions = db.prepare('DELETE FROM staff_sessions WHERE seen_at < ? OR ended_at < ?');
  const dropFailures = db.prepare('DELETE FROM staff_sign_in_failures WHERE at < ?');
  const dropTickets = db.prepare('DELETE FROM walk_in_tickets WHERE created_at < ?');
  return db
    .transaction(() => {
      const purged: Purged = {
        conversations: 0,
        webChatActivities: 0,
        staffRequests: 0,
        smsReplies: 0,
        messages: 0,
        staffSessions: 0,
        signInFailures: 0,
        walkInTickets: 0,
      };
      for (const id of idle.all(before)) {
        clearConversation.run(id);
        purged.conversations++;
        if (id.startsWith('webchat:')) {
          purged.webChatActivities += dropActivities.run(id.slice('webchat:'.length)).changes;
        }
      }
      purged.staffRequests = clearStaff.run(before).changes;
      purged.smsReplies = dropReplies.run(before).changes;
      purged.messages = clearMessages.run(before).changes;
      purged.staffSessions = dropSessions.run(before, before).changes;
      purged.signInFailures = dropFailures.run(before).changes;
      purged.walkInTickets = dropTickets.run(before).changes;
      return purged;
    })
    .immediate();
}
