import type { Db } from './db';
import type { StaffRequestRow } from './staff-store';
import type { TranscriptLine } from './conversation-store';

/** A conversation a person has taken: the clerk stays quiet in it until it is released. */
export interface Hold {
  conversationId: string;
  userId: number;
  /** The holder's first name (what a second taker is told). */
  firstName: string;
  requestId: number | null;
  takenAt: string;
}

export type TakeResult = { taken: true } | { taken: false; holder: Hold };

/**
 * Who holds which conversation (`conversation_holds`, one holder at a time: the conversation is the key), and the
 * requests for a person as the desk reads them one by one.
 */
export interface HoldStore {
  /** Takes the conversation for a user; if someone holds it already (the same user too), says who. */
  take(conversationId: string, userId: number, requestId: number | null, now: Date): TakeResult;
  /** The clerk's check every turn: one look-up by the table's key. */
  isHeld(conversationId: string): boolean;
  holder(conversationId: string): Hold | undefined;
  /** Ends a hold; false if the conversation was not held. */
  release(conversationId: string): boolean;
  /** The conversations one person holds. */
  heldBy(userId: number): Hold[];
  /** A request for a person, open or done (the desk's page for it). */
  request(id: number): StaffRequestRow | undefined;
  /** The open requests of one conversation (a citizen may have asked twice). */
  openRequestIds(conversationId: string): number[];
}

export function createHoldStore(db: Db): HoldStore {
  const HOLD = `SELECT h.conversation_id AS conversationId, h.user_id AS userId, u.first_name AS firstName,
      h.request_id AS requestId, h.taken_at AS takenAt
    FROM conversation_holds h JOIN staff_users u ON u.id = h.user_id`;
  const insert = db.prepare(
    `INSERT INTO conversation_holds (conversation_id, user_id, request_id, taken_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (conversation_id) DO NOTHING`,
  );
  const held = db
    .prepare<[string], number>('SELECT 1 FROM conversation_holds WHERE conversation_id = ?')
    .pluck();
  const byConversation = db.prepare<[string], Hold>(`${HOLD} WHERE h.conversation_id = ?`);
  const byUser = db.prepare<[number], Hold>(`${HOLD} WHERE h.user_id = ? ORDER BY h.taken_at`);
  const remove = db.prepare('DELETE FROM conversation_holds WHERE conversation_id = ?');
  const requestById = db.prepare<
    [number],
    Omit<StaffRequestRow, 'transcript' | 'name' | 'during' | 'contactDay'> & {
      transcriptJson: string;
      name: string | null;
      during: string | null;
      contactDay: string | null;
    }
  >(
    `SELECT id, conversation_id AS conversationId, channel, lang, cause, phone, name, during,
       contact_day AS contactDay, transcript_json AS transcriptJson, status, created_at AS createdAt
     FROM staff_requests WHERE id = ?`,
  );
  const openOf = db
    .prepare<[string], number>(
      "SELECT id FROM staff_requests WHERE conversation_id = ? AND status = 'open' ORDER BY id",
    )
    .pluck();
  return {
    take(conversationId, userId, requestId, now) {
      if (insert.run(conversationId, userId, requestId, now.toISOString()).changes === 1)
        return { taken: true };
      return { taken: false, holder: byConversation.get(conversationId)! };
    },
    isHeld: (conversationId) => held.get(conversationId) !== undefined,
    holder: (conversationId) => byConversation.get(conversationId),
    release: (conversationId) => remove.run(conversationId).changes === 1,
    heldBy: (userId) => byUser.all(userId),
    request(id) {
      const row = requestById.get(id);
      if (!row) return undefined;
      const { transcriptJson, name, during, contactDay, ...rest } = row;
      return {
        ...rest,
        name: name ?? undefined,
        during: during ?? undefined,
        contactDay: contactDay ?? undefined,
        transcript: JSON.parse(transcriptJson) as TranscriptLine[],
      };
    },
    openRequestIds: (conversationId) => openOf.all(conversationId),
  };
}
