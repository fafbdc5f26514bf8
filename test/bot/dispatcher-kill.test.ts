/**
 * A dispatcher process killed mid-send (SIGKILL, a real process), twice: once after Twilio accepted the
 * message but before the answer came back, once before Twilio had it. After each restart every pending
 * message is accepted by Twilio exactly once. Twilio's HTTP API is a fake server here (the network); the
 * dispatcher is the production code, run from its source, with the real twilio client
 * (test/helpers/dispatcher-child.js).
 */
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { openDatabase } from '../../bot/store/db';
import { createOutboxStore } from '../../bot/store/outbox-store';
import { tempDir } from '../helpers/clerk';
import { closeAfterEach, killChild } from '../helpers/cleanup';

const CHILD = path.join(__dirname, '..', 'helpers', 'dispatcher-child.js');
const REGISTER_TS = path.join(__dirname, '..', 'helpers', 'register-ts.js');
const closeLater = closeAfterEach();

interface Forwarded {
  method: string;
  uri: string;
  data?: Record<string, string>;
  params?: Record<string, string>;
}

it('sends each pending message exactly once across two kills and restarts', async () => {
  const tmp = tempDir();
  closeLater(() => tmp.remove());
  const dbPath = `${tmp.dir}/clerk.db`;
  const db = openDatabase(dbPath);
  closeLater(() => db.close());
  const insert = db.prepare(
    `INSERT INTO outbox (kind, channel, to_addr, body, segments, status, created_at, updated_at)
     VALUES ('booking.confirmation', 'sms', ?, ?, 1, 'pending', 'now', 'now')`,
  );
  insert.run('+40722000001', 'A');
  insert.run('+40722000002', 'B');

  const accepted: { sid: string; to: string; body: string; created: Date }[] = [];
  const posts: string[] = [];
  let child: ChildProcess | undefined;
  /** What the fake does with the next create: accept then die, die before accepting, or answer. */
  const plan: ('accept-then-kill' | 'kill-before-accept')[] = ['accept-then-kill', 'kill-before-accept'];

  const fake = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const r = JSON.parse(raw) as Forwarded;
      const reply = (statusCode: number, body: unknown) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ statusCode, headers: {}, body: JSON.stringify(body) }));
      };
      if (r.method.toLowerCase() === 'get') {
        const messages = accepted
          .filter((m) => m.to === r.params?.To)
          .map((m) => ({
            sid: m.sid,
            to: m.to,
            body: m.body,
            date_created: m.created.toUTCString().replace('GMT', '+0000'),
          }));
        return reply(200, { messages, next_page_uri: null, page: 0, page_size: 20, uri: r.uri });
      }
      const body = r.data!.Body;
      posts.push(body);
      const step = plan.shift();
      if (step === 'kill-before-accept') return child!.kill('SIGKILL');
      const message = {
        sid: `SM${String(accepted.length + 1).padStart(32, '0')}`,
        to: r.data!.To,
        body,
        created: new Date(),
      };
      accepted.push(message);
      if (step === 'accept-then-kill') return child!.kill('SIGKILL');
      reply(201, {
        sid: message.sid,
        to: message.to,
        body,
        status: 'queued',
        date_created: message.created.toUTCString(),
      });
    });
  });
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  closeLater(
    () =>
      new Promise<void>((resolve) => {
        fake.close(() => resolve());
        fake.closeAllConnections();
      }),
  );
  const url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;

  const run = () =>
    new Promise<NodeJS.Signals | number | null>((resolve) => {
      const started = fork(CHILD, [dbPath, url], { execArgv: ['-r', REGISTER_TS], stdio: 'inherit' });
      child = started;
      closeLater(() => killChild(started));
      started.once('exit', (code, signal) => resolve(signal ?? code));
    });

  expect(await run()).toBe('SIGKILL'); // A accepted by Twilio, the process dead before recording it
  expect(await run()).toBe('SIGKILL'); // A found at Twilio and recorded; B dies before Twilio has it
  expect(await run()).toBe(0); // B not at Twilio: sent once

  expect(accepted.map((m) => m.body)).toEqual(['A', 'B']);
  expect(posts).toEqual(['A', 'B', 'B']);
  const rows = await createOutboxStore(db).list();
  expect(rows.map((m) => [m.body, m.status, m.providerSid])).toEqual([
    ['A', 'sent', accepted[0].sid],
    ['B', 'sent', accepted[1].sid],
  ]);
}, 30_000);
