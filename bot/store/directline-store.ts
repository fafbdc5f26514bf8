import { randomBytes } from 'node:crypto';
import type { Db } from './db';

/** The activities of Direct Line conversations, in order (the watermark is the position), and the signing key. */
export interface DirectLineStore {
  /** Appends an activity and returns its position (1, 2, …). */
  append(
    conversationId: string,
    build: (seq: number) => Record<string, unknown>,
  ): Promise<Record<string, unknown>>;
  /** At most `limit` activities after a watermark (all by default), and the new watermark (the last returned). */
  since(
    conversationId: string,
    watermark: number,
    limit?: number,
  ): Promise<{ activities: Record<string, unknown>[]; watermark: number }>;
  exists(conversationId: string): Promise<boolean>;
  /** How many activities the conversation holds, both ways. */
  count(conversationId: string): Promise<number>;
  /** The key that signs tokens: made once, kept in the database. */
  secret(): Buffer;
}

export function createDirectLineStore(db: Db): DirectLineStore {
  const last = db
    .prepare<[string], number | null>('SELECT max(seq) FROM directline_activities WHERE conversation_id = ?')
    .pluck();
  const insert = db.prepare(
    'INSERT INTO directline_activities (conversation_id, seq, activity) VALUES (?, ?, ?)',
  );
  const after = db.prepare<[string, number, number], { seq: number; activity: string }>(
    'SELECT seq, activity FROM directline_activities WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?',
  );
  const getSetting = db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck();
  const putSetting = db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)');
  const appendTx = db.transaction(
    (conversationId: string, build: (seq: number) => Record<string, unknown>) => {
      const seq = (last.get(conversationId) ?? 0) + 1;
      const activity = build(seq);
      insert.run(conversationId, seq, JSON.stringify(activity));
      return activity;
    },
  );
  let key: Buffer | undefined;
  return {
    async append(conversationId, build) {
      return appendTx.immediate(conversationId, build);
    },
    async since(conversationId, watermark, limit = -1) {
      const rows = after.all(conversationId, watermark, limit);
      return {
        activities: rows.map((r) => JSON.parse(r.activity) as Record<string, unknown>),
        watermark: rows.length > 0 ? rows[rows.length - 1].seq : watermark,
      };
    },
    async exists(conversationId) {
      return (last.get(conversationId) ?? 0) > 0;
    },
    async count(conversationId) {
      // Positions start at 1 and are never reused, so the last one is the count.
      return last.get(conversationId) ?? 0;
    },
    secret() {
      if (!key) {
        putSetting.run('directline.secret', randomBytes(32).toString('base64'));
        key = Buffer.from(getSetting.get('directline.secret')!, 'base64');
      }
      return key;
    },
  };
}
