import type { Lang } from '../../dialogs/municipality';
import type { Choice } from '../../dialogs/reply';
import type { Db } from './db';

export interface ConversationRecord {
  id: string;
  channel: string;
  lang: Lang;
  /** The dialog actor's persisted snapshot (JSON), or undefined before the first turn. */
  snapshot?: unknown;
  /** The closed answers offered last, for matching what the citizen types. */
  choices: Choice[];
}

/** Durable conversations: loaded before every turn and saved after it. Async so another database can serve. */
export interface ConversationStore {
  load(id: string): Promise<ConversationRecord | undefined>;
  save(record: ConversationRecord, now: Date): Promise<void>;
}

export function createConversationStore(db: Db): ConversationStore {
  const select = db.prepare<
    [string],
    { id: string; channel: string; lang: Lang; snapshot: string | null; choices: string | null }
  >('SELECT id, channel, lang, snapshot, choices FROM conversations WHERE id = ?');
  const upsert = db.prepare(
    `INSERT INTO conversations (id, channel, lang, snapshot, choices, created_at, updated_at)
     VALUES (@id, @channel, @lang, @snapshot, @choices, @now, @now)
     ON CONFLICT (id) DO UPDATE SET lang = excluded.lang, snapshot = excluded.snapshot,
       choices = excluded.choices, updated_at = excluded.updated_at`,
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
        choices: row.choices ? (JSON.parse(row.choices) as Choice[]) : [],
      };
    },
    async save(record, now) {
      upsert.run({
        id: record.id,
        channel: record.channel,
        lang: record.lang,
        snapshot: record.snapshot === undefined ? null : JSON.stringify(record.snapshot),
        choices: JSON.stringify(record.choices),
        now: now.toISOString(),
      });
    },
  };
}
