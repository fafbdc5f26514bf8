import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger';
import type { Db } from './db';

/**
 * The worker: its own connection to the same file, a passive checkpoint every `intervalMs` (it copies what
 * the write-ahead log holds back into the database file without waiting for, or blocking, the server's
 * connection), and a word to the parent when pages were copied.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  const [result] = db.pragma('wal_checkpoint(PASSIVE)');
  if (result.checkpointed > 0) parentPort.postMessage({ pages: result.checkpointed });
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Emits 'checkpoint' with the number of pages copied back into the database file. */
  events: EventEmitter;
  /** Stops the worker (before the database closes: closing the last connection checkpoints what is left). */
  stop(): Promise<void>;
}

/**
 * Moves SQLite's WAL checkpoints off the event loop. With its automatic checkpoint, the connection that
 * commits the transaction crossing 1,000 log pages copies them back and syncs the file itself, stalling
 * every turn in flight for milliseconds (5–10 ms here, one save in a few hundred). Here the server's own
 * connection never checkpoints, and a worker thread does it every `intervalMs`. Durability is the same:
 * commits are in the write-ahead log either way. If the worker fails, the automatic checkpoint comes back.
 */
export function startCheckpointer(db: Db, file: string, intervalMs: number, log: Logger): Checkpointer {
  const events = new EventEmitter();
  db.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { driver: require.resolve('better-sqlite3'), file, intervalMs },
  });
  worker.unref();
  let stopping = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('message', (m: { pages: number }) => events.emit('checkpoint', m.pages));
  worker.on('error', (error) => log.error('checkpointer.failed', { error: error.name }));
  worker.once('exit', () => {
    if (stopping) return;
    db.pragma('wal_autocheckpoint = 1000');
    events.emit('fallback');
  });
  return {
    events,
    async stop() {
      stopping = true;
      worker.ref(); // until it has closed its connection, the process waits for it
      worker.postMessage('stop');
      await exited;
    },
  };
}
