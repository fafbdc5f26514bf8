/**
 * The write-ahead log is checkpointed by a worker thread, not by the server's connection in the middle of a
 * turn; if the worker cannot run, the connection's automatic checkpoint comes back.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { startCheckpointer } from '../../../bot/store/checkpointer';
import { createConversationStore } from '../../../bot/store/conversation-store';
import { openDatabase, type Db } from '../../../bot/store/db';
import { silentLogger } from '../../../bot/logger';
import { tempDir } from '../../helpers/clerk';

const NOW = new Date('2026-11-23T08:00:00Z');
let tmp: ReturnType<typeof tempDir>;
let db: Db;
let file: string;
beforeEach(() => {
  tmp = tempDir();
  file = path.join(tmp.dir, 'clerk.db');
  db = openDatabase(file);
});
afterEach(() => {
  db.close();
  tmp.remove();
});

it("copies the log back into the database file from another thread; the server's connection never does", async () => {
  const checkpointer = startCheckpointer(db, file, 50, silentLogger);
  try {
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const copied = new Promise<number>((resolve) => checkpointer.events.once('checkpoint', resolve));
    const before = statSync(file).size;
    // About 1 MB of conversations: 250 pages, fewer than the 1,000 at which SQLite would checkpoint by itself.
    const conversations = createConversationStore(db);
    for (let i = 0; i < 300; i++) {
      const snapshot = { value: 'askReason', context: { note: `${i}`.padEnd(3000, '.') } };
      await conversations.save({ id: `emulator:${i}`, channel: 'emulator', lang: 'ro', snapshot }, NOW);
    }
    expect(await copied).toBeGreaterThan(200);
    expect(statSync(file).size).toBeGreaterThan(before + 800_000);
  } finally {
    await checkpointer.stop();
  }
});

it('if the worker cannot run, the connection checkpoints by itself again', async () => {
  const unreachable = path.join(tmp.dir, 'no such folder', 'clerk.db');
  const checkpointer = startCheckpointer(db, unreachable, 50, silentLogger);
  await new Promise((resolve) => checkpointer.events.once('fallback', resolve));
  expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  await checkpointer.stop();
});
