import type { Lang } from '../../dialogs/municipality';
import type { StaffRequest } from '../../dialogs/reply';
import type { Db } from './db';
import type { TranscriptLine } from './conversation-store';

export interface StaffRequestRow extends StaffRequest {
  id: number;
  conversationId: string;
  channel: string;
  lang: Lang;
  transcript: TranscriptLine[];
  status: 'open' | 'done';
  createdAt: string;
}

/** Requests for a person, each with the conversation so far, for staff to call back (`npm run staff`). */
export interface StaffStore {
  record(
    request: StaffRequest & {
      conversationId: string;
      channel: string;
      lang: Lang;
      transcript: TranscriptLine[];
    },
    now: Date,
  ): Promise<number>;
  open(): Promise<StaffRequestRow[]>;
  /** Marks an open request done (the citizen was called back), with an optional note; false if none is open. */
  markDone(id: number, now: Date, note?: string): Promise<boolean>;
}

export function createStaffStore(db: Db): StaffStore {
  const insert = db.prepare(
    `INSERT INTO staff_requests (conversation_id, channel, lang, cause, phone, name, during, contact_day,
       transcript_json, created_at)
     VALUES (@conversationId, @channel, @lang, @cause, @phone, @name, @during, @contactDay, @transcript, @now)`,
  );
  const selectOpen = db.prepare<
    [],
    Omit<StaffRequestRow, 'transcript'> & {
      transcriptJson: string;
      name: string | null;
      during: string | null;
    }
  >(
    `SELECT id, conversation_id AS conversationId, channel, lang, cause, phone, name, during,
       contact_day AS contactDay, transcript_json AS transcriptJson, status, created_at AS createdAt
     FROM staff_requests WHERE status = 'open' ORDER BY id`,
  );
  const setDone = db.prepare(
    "UPDATE staff_requests SET status = 'done', done_at = ?, done_note = ? WHERE id = ? AND status = 'open'",
  );
  return {
    async markDone(id, now, note) {
      return setDone.run(now.toISOString(), note ?? null, id).changes === 1;
    },
    async record(request, now) {
      const result = insert.run({
        conversationId: request.conversationId,
        channel: request.channel,
        lang: request.lang,
        cause: request.cause,
        phone: request.phone,
        name: request.name ?? null,
        during: request.during ?? null,
        contactDay: request.contactDay ?? null,
        transcript: JSON.stringify(request.transcript),
        now: now.toISOString(),
      });
      return Number(result.lastInsertRowid);
    },
    async open() {
      return selectOpen.all().map(({ transcriptJson, name, during, ...row }) => ({
        ...row,
        name: name ?? undefined,
        during: during ?? undefined,
        transcript: JSON.parse(transcriptJson) as TranscriptLine[],
      }));
    },
  };
}
