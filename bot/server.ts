import { existsSync } from 'node:fs';
import path from 'node:path';
import { createClerk } from './compose';
import { loadConfig } from './config';
import { createLogger } from './logger';
import { ROOT } from './paths';

/** The process: reads .env and the environment, listens, and shuts down gracefully on SIGTERM/SIGINT. */
async function main() {
  const envFile = path.join(ROOT, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const log = createLogger();
  const config = loadConfig();
  if (!path.isAbsolute(config.DATABASE_PATH)) config.DATABASE_PATH = path.join(ROOT, config.DATABASE_PATH);
  const clerk = await createClerk(config, { log, dispatch: true });
  await new Promise<void>((resolve) => clerk.server.listen(config.PORT, config.HOST, resolve));
  const address = clerk.server.address();
  log.info('server.listening', {
    port: typeof address === 'object' && address ? address.port : config.PORT,
    municipality: clerk.city.id,
    emulator: `${config.PUBLIC_BASE_URL}/api/messages`,
    auth: config.MicrosoftAppId ? 'bot-framework' : 'none (Emulator)',
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('server.stopping', { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    clerk
      .close()
      .then(() => {
        log.info('server.stopped', {});
        process.exit(0);
      })
      .catch(() => process.exit(1));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `civic-clerk failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
