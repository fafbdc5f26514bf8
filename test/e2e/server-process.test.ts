/**
 * The server as `npm start` runs it (dist/bot/server.js, built by `pretest`): a process of its own, on a
 * real SQLite file; ready when /healthz says so; SIGTERM lets the turns in flight finish and exits 0;
 * started again on the same file, it resumes the conversation.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { citizen, startChannel, tempDir, textOf } from '../helpers/clerk';

const SERVER = path.join(__dirname, '../../dist/bot/server.js');

async function startProcess(
  dbPath: string,
): Promise<{ child: ChildProcess; baseUrl: string; output: () => string }> {
  const child = spawn(process.execPath, [SERVER], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: dbPath, OUTBOX_INTERVAL_MS: '100' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 20_000);
    child.stdout!.on('data', () => {
      const line = out.split('\n').find((l) => l.includes('"server.listening"'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line).port);
      }
    });
  });
  return { child, baseUrl: `http://127.0.0.1:${port}`, output: () => out };
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

it('starts, serves, stops on SIGTERM with turns in flight, and resumes after a restart', async () => {
  const tmp = tempDir();
  const channel = await startChannel();
  const dbPath = path.join(tmp.dir, 'clerk.db');
  let server: Awaited<ReturnType<typeof startProcess>> | undefined;
  try {
    server = await startProcess(dbPath);
    const first = server;
    expect((await fetch(`${first.baseUrl}/healthz`)).status).toBe(200);
    const who = citizen(first.baseUrl, channel, 'ro-RO');
    await who.say('vreau audiență la șeful de departament');
    // Ten citizens mid-turn when SIGTERM arrives (the channel holds each reply for 600 ms): every turn is
    // answered before the process exits.
    channel.settings.delayMs = 600;
    const others = Array.from({ length: 10 }, () => citizen(first.baseUrl, channel, 'ro-RO'));
    const inFlight = others.map((c) => c.post({ type: 'message', text: 'audiență' }));
    await new Promise((r) => setTimeout(r, 300));
    const exited = stop(server.child);
    const results = await Promise.all(inFlight);
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(results.every((r) => r.replies.length === 1)).toBe(true);
    expect(await exited).toBe(0);
    channel.settings.delayMs = 0;
    expect(server.output()).toContain('"server.stopped"');

    server = await startProcess(dbPath);
    const resumed = citizen(server.baseUrl, channel, 'ro-RO', who.conversation);
    const reply = await resumed.say('da');
    expect(textOf(reply)).toMatch(/numărul de înregistrare/);
    expect(await stop(server.child)).toBe(0);
    // Stopped cleanly, not merely exited: the database was closed, which folds the write-ahead log back in.
    expect(server.output()).toContain('"server.stopped"');
    expect(existsSync(`${dbPath}-wal`)).toBe(false);
  } finally {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    await channel.close();
    tmp.remove();
  }
});
