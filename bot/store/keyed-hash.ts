import { createHmac, randomBytes } from 'node:crypto';
import type { Db } from './db';

export interface KeyedHash {
  /** HMAC-SHA256 of the value with this database's secret, in hex: for tables that count without keeping it. */
  full(value: string): string;
  /**
   * Its first 8 hex digits: ties log lines about one booking or conversation together. Keyed because a
   * reference code has only 25^8 values — a plain hash of one could be reversed by trying them all.
   */
  short(value: string): string;
}

/** The secret is made on first start and kept in the database (`settings`), so tags stay stable across restarts. */
export function createKeyedHash(db: Db): KeyedHash {
  db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run(
    'hash.key',
    randomBytes(32).toString('base64'),
  );
  const key = Buffer.from(
    db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck().get('hash.key')!,
    'base64',
  );
  const full = (value: string) => createHmac('sha256', key).update(value).digest('hex');
  return { full, short: (value) => full(value).slice(0, 8) };
}
