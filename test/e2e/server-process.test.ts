/**
 * The server as `npm start` runs it (bot/server.ts), in a process of its own, from the source as it is now
 * (test/helpers/register-ts.js: never a stale build in dist/), on a real SQLite file; ready when /healthz says so;
 * SIGTERM lets the turns in flight finish and exits 0; started again on the same file, it resumes the conversation.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { closeAfterEach, killChild } from '../helpers/cleanup';
import { citizen, startChannel, tempDir, textOf } from '../helpers/clerk';

const ROOT = path.join(__dirname, '..', '..');
const SERVER = path.join(ROOT, 'bot', 'server.ts');
const REGISTER_TS = path.join(ROOT, 'test', 'helpers', 'register-ts.js');
const closeLater = closeAfterEach();

interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  /** Resolves once the process has written a line containing this text. */
  logged(text: string): Promise<void>;
}

async function startProcess(dbPath: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['-r', REGISTER_TS, '--disable-warning=DEP0111', SERVER], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: dbPath, OUTBOX_INTERVAL_MS: '100' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  closeLater(() => killChild(child));
  let out = '';
  const watchers: { text: string; resolve: () => void }[] = [];
  const collect = (d: Buffer) => {
    out += d.toString();
    for (const w of watchers.filter((w) => out.includes(w.text))) {
      watchers.splice(watchers.indexOf(w), 1);
      w.resolve();
    }
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const logged = (text: string) =>
    out.includes(text) ? Promise.resolve() : new Promise<void>((resolve) => watchers.push({ text, resolve }));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${out}`)));
    void logged('"server.listening"').then(() => {
      const line = out.split('\n').find((l) => l.includes('"server.listening"'))!;
      resolve(JSON.parse(line).port);
    });
  });
  return { child, baseUrl: `http://127.0.0.1:${port}`, output: () => out, logged };
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

it('starts, serves, stops on SIGTERM with turns in flight, and resumes after a restart', async () => {
  const tmp = tempDir();
  closeLater(() => tmp.remove());
  const channel = await startChannel();
  closeLater(() => channel.close());
  const dbPath = path.join(tmp.dir, 'clerk.db');

  const first = await startProcess(dbPath);
  expect((await fetch(`${first.baseUrl}/healthz`)).status).toBe(200);
  const who = citizen(first.baseUrl, channel, 'ro-RO');
  await who.say('vreau audiență la șeful de departament');
  // Ten citizens mid-turn when SIGTERM arrives: the channel holds each reply unacknowledged, so each turn is
  // still in flight; once the process has taken the signal, the replies are let through. Every turn is
  // answered before the process exits.
  channel.hold();
  const others = Array.from({ length: 10 }, () => citizen(first.baseUrl, channel, 'ro-RO'));
  const inFlight = others.map((c) => c.post({ type: 'message', text: 'audiență' }));
  await channel.whenHolding(10);
  const exited = stop(first.child);
  await first.logged('"server.stopping"');
  channel.release();
  const results = await Promise.all(inFlight);
  expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
  expect(results.every((r) => r.replies.length === 1)).toBe(true);
  expect(await exited).toBe(0);
  expect(first.output()).toContain('"server.stopped"');

  const second = await startProcess(dbPath);
  const resumed = citizen(second.baseUrl, channel, 'ro-RO', who.conversation);
  const reply = await resumed.say('da');
  expect(textOf(reply)).toMatch(/numărul de înregistrare/);
  expect(await stop(second.child)).toBe(0);
  // Stopped cleanly, not merely exited: the database was closed, which folds the write-ahead log back in.
  expect(second.output()).toContain('"server.stopped"');
  expect(existsSync(`${dbPath}-wal`)).toBe(false);
});
