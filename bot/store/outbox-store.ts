import type { Db } from './db';

export interface OutboxRow {
  id: number;
  kind: string;
  channel: string;
  to: string;
  body: string;
  segments: number;
  status: string;
  attempts: number;
  createdAt: string;
  updatedAt: string;
}

/** The messages the clerk sends outside replies; written with their cause, sent afterwards. */
export interface OutboxStore {
  pending(limit: number): Promise<OutboxRow[]>;
  markDelivered(id: number, status: string, now: Date): Promise<void>;
  list(limit?: number): Promise<OutboxRow[]>;
}

const COLUMNS = `id, kind, channel, to_addr AS "to", body, segments, status, attempts,
  created_at AS createdAt, updated_at AS updatedAt`;

export function createOutboxStore(db: Db): OutboxStore {
  const pending = db.prepare<[number], OutboxRow>(
    `SELECT ${COLUMNS} FROM outbox WHERE status = 'pending' ORDER BY id LIMIT ?`,
  );
  const mark = db.prepare(
    'UPDATE outbox SET status = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?',
  );
  const list = db.prepare<[number], OutboxRow>(`SELECT ${COLUMNS} FROM outbox ORDER BY id DESC LIMIT ?`);
  return {
    async pending(limit) {
      return pending.all(limit);
    },
    async markDelivered(id, status, now) {
      mark.run(status, now.toISOString(), id);
    },
    async list(limit = 1000) {
      return list.all(limit).reverse();
    },
  };
}
