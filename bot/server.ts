import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Municipality } from '../dialogs/municipality';
import { createClerk } from './compose';
import { loadConfig } from './config';
import { createLogger } from './logger';
import { ROOT } from './paths';

/**
 * The start-up warning for a city whose audience programmes are still the samples it ships with (officials marked
 * `"sample": true`), or undefined when it offers no audiences or every programme is real.
 */
export function samplesWarning(city: Municipality): string | undefined {
  if (!city.procedures.includes('audience')) return undefined;
  const officials = city.officials ?? [];
  const samples = officials.filter((o) => o.sample).length;
  if (samples === 0) return undefined;
  return (
    `${samples} of ${officials.length} officials of ${city.id} have sample audience programmes, not the city ` +
    `hall's: citizens are offered made-up times. Load the real programme with ` +
    `\`npm run programme -- --file <programme.json>\` (scripts/README.md), then restart.`
  );
}

/** The process: reads .env and the environment, listens, and shuts down gracefully on SIGTERM/SIGINT. */
async function main() {
  const envFile = path.join(ROOT, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const log = createLogger();
  const config = loadConfig();
  if (!path.isAbsolute(config.DATABASE_PATH)) config.DATABASE_PATH = path.join(ROOT, config.DATABASE_PATH);
  const clerk = await createClerk(config, { log, dispatch: true });
  const samples = samplesWarning(clerk.city);
  if (samples) log.warn('municipality.sample_programmes', { municipality: clerk.city.id, message: samples });
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

// Started as the process (npm start); imported, it only lends samplesWarning (the tests).
if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `civic-clerk failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
