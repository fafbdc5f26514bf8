/**
 * One subject of the benchmark, in a process of its own (started by scripts/bench.ts):
 *   clerk  — the civic clerk, exactly as `npm start` builds it, on a temporary SQLite file;
 *   echo   — a botbuilder echo bot on the same CloudAdapter and restify;
 *   bare   — a bare restify endpoint that answers 200;
 *   stored-echo — the echo bot that also loads and saves each conversation's state (a snapshot-sized JSON
 *            object and the turn's transcript lines) in the clerk's own SQLite store, as the clerk does every
 *            turn: what storage alone costs (`--subjects echo,stored-echo`).
 * It listens on 127.0.0.1, reports its port over IPC, and answers questions about its memory and CPU time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import restify, { type Request, type Response } from 'restify';
import { createClerk } from '../bot/compose';
import { loadConfig } from '../bot/config';
import { silentLogger } from '../bot/logger';
import { loadMunicipality } from '../bot/municipality';
import { createConversationStore } from '../bot/store/conversation-store';
import { openDatabase } from '../bot/store/db';
import type { Municipality } from '../dialogs/municipality';

export type Subject = 'clerk' | 'echo' | 'bare' | 'stored-echo';
export const SUBJECTS: readonly Subject[] = ['bare', 'echo', 'clerk', 'stored-echo'];

/**
 * The sample city with room for a benchmark's thousands of bookings: every head of department holds
 * audiences every weekday, two years ahead. Everything else (5 a day, 15 minutes, holidays) is as shipped.
 */
export function benchCity(): Municipality {
  const city = loadMunicipality('cluj-napoca');
  return {
    ...city,
    audience: { ...city.audience!, horizonDays: 730 },
    officials: city.officials!.map((o) =>
      o.level === 'head'
        ? { ...o, programme: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00' })) }
        : o,
    ),
  };
}

/** A conversation's state as heavy as the clerk's mid-flow (its persisted snapshots weigh 0.2–2 KB). */
const STATE = {
  status: 'active',
  value: 'askMode',
  context: {
    officialId: 'head-urbanism',
    petition: { number: '123456/2026', date: '2026-09-01', outcome: 'negative' },
    reason: 'groapă mare în asfalt pe strada Horea nr. 10',
    prompt: {
      key: 'audience.askMode',
      choices: ['site', 'phone', 'video'].map((value) => ({ value, key: `choice.mode.${value}` })),
    },
    misses: 0,
    history: Array.from({ length: 8 }, (_, i) => ({ state: `step${i}`, at: '2026-11-22T08:00:00.000Z' })),
  },
  children: {},
  historyValue: {},
};

function restifyServer() {
  const server = restify.createServer({ name: 'bench' });
  server.use(restify.plugins.bodyParser({ maxBodySize: 262_144, mapParams: false }));
  return server;
}

/** The clerk exactly as `npm start` builds it, on a temporary SQLite file, with the benchmark's city. */
export async function benchClerk() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'civic-clerk-bench-'));
  const config = loadConfig({
    DATABASE_PATH: path.join(dir, 'clerk.db'),
    PORT: '0',
  });
  const clerk = await createClerk(config, { log: silentLogger, dispatch: true, city: benchCity() });
  return {
    clerk,
    close: async () => {
      await clerk.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function start(subject: Subject): Promise<{ port: number; close: () => Promise<void> }> {
  if (subject === 'clerk') {
    const { clerk, close } = await benchClerk();
    await new Promise<void>((resolve) => clerk.server.listen(0, '127.0.0.1', resolve));
    return { port: (clerk.server.address() as AddressInfo).port, close };
  }
  const server = restifyServer();
  const stored = subject === 'stored-echo' ? storedState() : undefined;
  if (subject === 'echo' || subject === 'stored-echo') {
    const adapter = new CloudAdapter(
      new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '' }),
    );
    const bot = new ActivityHandler();
    bot.onMessage(async (context, next) => {
      const text = `Echo: ${context.activity.text}`;
      await stored?.turn(context.activity.conversation.id, context.activity.text ?? '', text);
      await context.sendActivity(text);
      await next();
    });
    server.post('/api/messages', async (req: Request, res: Response) => {
      await adapter.process(req, res, (context) => bot.run(context));
    });
  } else {
    server.post('/api/messages', async (_req: Request, res: Response) => {
      res.send(200, {});
    });
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      stored?.close();
    },
  };
}

/** The clerk's conversation store on a temporary SQLite file, loaded and saved as the clerk does each turn. */
function storedState() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'civic-clerk-bench-'));
  const db = openDatabase(path.join(dir, 'clerk.db'));
  const conversations = createConversationStore(db);
  return {
    async turn(conversationId: string, said: string, answer: string) {
      const now = new Date();
      const at = now.toISOString();
      const id = `directline:${conversationId}`;
      const record = (await conversations.load(id)) ?? { id, channel: 'directline', lang: 'ro' as const };
      const turn = ((record.snapshot as { turn?: number } | undefined)?.turn ?? 0) + 1;
      record.snapshot = { turn, ...STATE };
      await conversations.save(record, now, [
        { direction: 'in', text: said, at },
        { direction: 'out', text: answer, at },
      ]);
    },
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

if (require.main === module) {
  const subject = process.argv[2] as Subject;
  start(subject)
    .then(({ port, close }) => {
      process.on('message', (message: { type: string }) => {
        if (message.type === 'memory') {
          (globalThis as { gc?: () => void }).gc?.();
          const usage = process.memoryUsage();
          process.send!({
            type: 'memory',
            rss: usage.rss,
            heapUsed: usage.heapUsed,
            maxRss: process.resourceUsage().maxRSS * 1024,
          });
        } else if (message.type === 'cpu') {
          // CPU time of the whole process (every thread: the event loop, V8's GC helpers, libuv), in µs.
          const { user, system } = process.cpuUsage();
          process.send!({ type: 'cpu', micros: user + system });
        } else if (message.type === 'stop') {
          void close().then(() => process.exit(0));
        }
      });
      process.send!({ type: 'ready', port });
    })
    .catch((error: unknown) => {
      process.stderr.write(`bench-server ${subject}: ${String(error)}\n`);
      process.exit(1);
    });
}
