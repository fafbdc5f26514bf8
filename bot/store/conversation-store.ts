import type { Lang } from '../../dialogs/municipality';
import type { Db } from './db';

export interface ConversationRecord {
  id: string;
  channel: string;
  lang: Lang;
  /** The dialog actor's persisted snapshot (JSON), or undefined before the first turn. */
  snapshot?: unknown;
}

/** Durable conversations: loaded before every turn and saved after it. Async so another database can serve. */
export interface ConversationStore {
  load(id: string): Promise<ConversationRecord | undefined>;
  save(record: ConversationRecord, now: Date): Promise<void>;
}

export function createConversationStore(db: Db): ConversationStore {
  const select = db.prepare<[string], { id: string; channel: string; lang: Lang; snapshot: string | null }>(
    'SELECT id, channel, lang, snapshot FROM conversations WHERE id = ?',
  );
  const upsert = db.prepare(
    `INSERT INTO conversations (id, channel, lang, snapshot, created_at, updated_at)
     VALUES (@id, @channel, @lang, @snapshot, @now, @now)
     ON CONFLICT (id) DO UPDATE SET lang = excluded.lang, snapshot = excluded.snapshot,
       updated_at = excluded.updated_at`,
  );
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
    async save(record, now) {
      upsert.run({
        id: record.id,
        channel: record.channel,
        lang: record.lang,
        snapshot: record.snapshot === undefined ? null : JSON.stringify(record.snapshot),
        now: now.toISOString(),
      });
    },
  };
}
