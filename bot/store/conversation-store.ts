import type { Lang } from '../../dialogs/municipality';
import type { Db } from './db';

export interface ConversationRecord {
  id: string;
  channel: string;
  lang: Lang;
  /** The dialog actor's persisted snapshot (JSON), or undefined before the first turn. */
  snapshot?: unknown;
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
  /** Saves the state and appends what was said this turn, in one transaction. */
  save(record: ConversationRecord, now: Date, said?: TranscriptLine[]): Promise<void>;
  transcript(id: string): Promise<TranscriptLine[]>;
  /** When the conversation last had a turn (for WhatsApp's 24-hour window). */
  lastSeen(id: string): Promise<Date | undefined>;
}

export function createConversationStore(db: Db): ConversationStore {
  const select = db.prepare<[string], { id: string; channel: string; lang: Lang; snapshot: string | null }>(
    'SELECT id, channel, lang, snapshot FROM conversations WHERE id = ?',
  );
  const upsert = db.prepare(
    `INSERT INTO conversations (id, channel, lang, snapshot, transcript, created_at, updated_at)
     VALUES (@id, @channel, @lang, @snapshot, @said, @now, @now)
     ON CONFLICT (id) DO UPDATE SET lang = excluded.lang, snapshot = excluded.snapshot,
       transcript = transcript || excluded.transcript, updated_at = excluded.updated_at`,
  );
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
      };
    },
    async save(record, now, said = []) {
      upsert.run({
        id: record.id,
        channel: record.channel,
        lang: record.lang,
        snapshot: record.snapshot === undefined ? null : JSON.stringify(record.snapshot),
        said: said.map((line) => `${JSON.stringify(line)}\n`).join(''),
        now: now.toISOString(),
      });
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
