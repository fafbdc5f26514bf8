/**
 * The pieces a benchmark of the server as `npm start` runs it needs: the server in a process of its own on a
 * temporary SQLite file, and the channel it posts its replies to (the Emulator's set-up).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** The server file (dist/bot/server.js), listening on a free port of 127.0.0.1, on a temporary SQLite file. */
export async function startServer(serverFile: string, extraEnv: NodeJS.ProcessEnv = {}, profileDir?: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'civic-clerk-bench-'));
  const databasePath = path.join(dir, 'clerk.db');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_PATH: databasePath,
    PORT: '0',
    HOST: '127.0.0.1',
    // The outbox has nothing to send here; its timer would only add noise to what is measured.
    OUTBOX_INTERVAL_MS: '3600000',
    ...extraEnv,
  };
  delete env.NODE_ENV;
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : [];
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', ...profile, serverFile], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const port = await listeningPort(child);
    return { pid: child.pid!, port, databasePath, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The port from the server's `server.listening` log line (one JSON object a line on stdout). */
function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { event?: string; port?: number };
        if (entry.event === 'server.listening' && entry.port) resolve(entry.port);
      } catch {
        // Not a log line.
      }
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code} before listening`)));
  });
}

/** The channel the server posts its replies to; keeps each conversation's replies until taken. */
export async function startChannel() {
  const replies = new Map<string, string[]>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const match = req.url?.match(/^\/v3\/conversations\/([^/]+)\/activities/);
      if (match) {
        const id = decodeURIComponent(match[1]);
        const activity = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text?: string };
        replies.set(id, [...(replies.get(id) ?? []), activity.text ?? '']);
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"id":"1"}');
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    take(id: string): string {
      const text = (replies.get(id) ?? []).join('\n');
      replies.delete(id);
      return text;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Posts an activity to the server's /api/messages on a kept-alive agent; resolves with the status. */
export function postActivity(port: number, agent: http.Agent, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/messages',
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
