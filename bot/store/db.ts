import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrationsPath } from '../paths';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the SQLite file and applies the numbered migrations in bot/store/migrations,
 * each in its own transaction. A failing migration throws: the server does not start on a half-migrated file.
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // better-sqlite3 waits on a lock with the event loop held: another process's write (a staff script) takes
  // milliseconds, and a lock held longer is answered 503 at once rather than stalling every conversation.
  db.pragma('busy_timeout = 500');
  migrate(db);
  db.pragma('foreign_keys = ON');
  return db;
}

/**
 * Foreign keys are off while migrations run (SQLite's own way to rebuild a table that others refer to) and
 * checked before each migration commits: a migration that would leave a dangling reference fails whole.
 */
export function migrate(db: Db, dir = migrationsPath()): string[] {
  db.pragma('foreign_keys = OFF');
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const done = new Set(db.prepare('SELECT name FROM schema_migrations').pluck().all() as string[]);
  const files = readdirSync(dir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort();
  const applied: string[] = [];
  for (const file of files) {
    if (done.has(file)) continue;
    const sql = readFileSync(path.join(dir, file), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      const dangling = db.pragma('foreign_key_check') as unknown[];
      if (dangling.length) throw new Error(`${file} leaves ${dangling.length} dangling references`);
      db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(
        file,
        new Date().toISOString(),
      );
    }).immediate();
    applied.push(file);
  }
  return applied;
}
