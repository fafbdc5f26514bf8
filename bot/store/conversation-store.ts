import type { Lang } from '../../dialogs/municipality';
import type { Db } from './db';

export interface ConversationRecord {
  id: string;
  channel: string;
  lang: Lang;
  /** The dialog actor's persisted snapshot (JSON), or undefined before the first turn. */
  snapshot?: unknown;
  /** Raised by every save (undefined before the first): tells whether a copy kept in memory is still current. */
  version?: number;
  /** The version of the dialog that saved `snapshot` (see DIALOG_VERSION). */
  dialogVersion?: number;
}

/** One message of the conversation, as staff read it. */
export interface TranscriptLine {
  direction: 'in' | 'out';
  text: string;
  at: string;
}

/** Durable conversations: loaded before every turn and saved after it. Async so another database can serve. */
export interface ConversationStore {
  load(id: string): Promise<ConversationRecord | undefined>;
  /** Saves the state and appends what was said this turn, in one transaction; resolves to the new version. */
  save(record: ConversationRecord, now: Date, said?: TranscriptLine[]): Promise<number>;
  transcript(id: string): Promise<TranscriptLine[]>;
  /** When the conversation last had a turn (for WhatsApp's 24-hour window). */
  lastSeen(id: string): Promise<Date | undefined>;
}

export function createConversationStore(db: Db): ConversationStore {
  const select = db.prepare<
    [string],
    {
      id: string;
      channel: string;
      lang: Lang;
      snapshot: string | null;
      version: number;
      dialogVersion: number;
    }
  >(
    'SELECT id, channel, lang, snapshot, version, dialog_version AS dialogVersion FROM conversations WHERE id = ?',
  );
  const upsert = db
    .prepare<[Record<string, string | number | null>], number>(
      `INSERT INTO conversations (id, channel, lang, snapshot, transcript, created_at, updated_at, version,
         dialog_version)
       VALUES (@id, @channel, @lang, @snapshot, @said, @now, @now, 1, @dialogVersion)
       ON CONFLICT (id) DO UPDATE SET lang = excluded.lang, snapshot = excluded.snapshot,
         transcript = transcript || excluded.transcript, updated_at = excluded.updated_at, version = version + 1,
         dialog_version = excluded.dialog_version
       RETURNING version`,
    )
    .pluck();
  const updatedAt = db.prepare<[string], string>('SELECT updated_at FROM conversations WHERE id = ?').pluck();
  const transcriptOf = db
    .prepare<[string], string>('SELECT transcript FROM conversations WHERE id = ?')
    .pluck();
  return {
    async load(id) {
      const row = select.get(id);
      if (!row) return undefined;
      return {
        id: row.id,
        channel: row.channel,
        lang: row.lang,
        snapshot: row.snapshot ? JSON.parse(row.snapshot) : undefined,
        version: row.version,
        dialogVersion: row.dialogVersion,
      };
    },
    async save(record, now, said = []) {
      return upsert.get({
        id: record.id,
        channel: record.channel,
        lang: record.lang,
        snapshot: record.snapshot === undefined ? null : JSON.stringify(record.snapshot),
        said: said.map((line) => `${JSON.stringify(line)}\n`).join(''),
        now: now.toISOString(),
        dialogVersion: record.dialogVersion ?? 1,
      })!;
    },
    async lastSeen(id) {
      const at = updatedAt.get(id);
      return at ? new Date(at) : undefined;
    },
    async transcript(id) {
      const text = transcriptOf.get(id) ?? '';
      return text
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as TranscriptLine);
    },
  };
}
