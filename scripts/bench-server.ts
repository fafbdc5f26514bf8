/**
 * One subject of the benchmark, in a process of its own (started by scripts/bench.ts):
 *   clerk  — the civic clerk, exactly as `npm start` builds it, on a temporary SQLite file;
 *   echo   — a botbuilder echo bot on the same CloudAdapter and restify;
 *   bare   — a bare restify endpoint that answers 200.
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
import type { Municipality } from '../dialogs/municipality';

export type Subject = 'clerk' | 'echo' | 'bare';

/**
 * The sample city with room for a benchmark's thousands of bookings: every head of department holds
 * audiences every weekday, two years ahead. Everything else (5 a day, 15 minutes, holidays) is as shipped.
 */
export function benchCity(): Municipality {
  const city = loadMunicipality('cluj-napoca');
  return {
    ...city,
    audience: { ...city.audience, horizonDays: 730 },
    officials: city.officials.map((o) =>
      o.level === 'head'
        ? { ...o, programme: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00' })) }
        : o,
    ),
  };
}

function restifyServer() {
  const server = restify.createServer({ name: 'bench' });
  server.use(restify.plugins.bodyParser({ maxBodySize: 262_144, mapParams: false }));
  return server;
}

async function start(subject: Subject): Promise<{ port: number; close: () => Promise<void> }> {
  if (subject === 'clerk') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'civic-clerk-bench-'));
    const config = loadConfig({ DATABASE_PATH: path.join(dir, 'clerk.db'), PORT: '0' });
    const clerk = await createClerk(config, { log: silentLogger, dispatch: true, city: benchCity() });
    await new Promise<void>((resolve) => clerk.server.listen(0, '127.0.0.1', resolve));
    return {
      port: (clerk.server.address() as AddressInfo).port,
      close: async () => {
        await clerk.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const server = restifyServer();
  if (subject === 'echo') {
    const adapter = new CloudAdapter(
      new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '' }),
    );
    const bot = new ActivityHandler();
    bot.onMessage(async (context, next) => {
      await context.sendActivity(`Echo: ${context.activity.text}`);
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
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
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
