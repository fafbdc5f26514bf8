import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from '../bot/config';
import { ROOT } from '../bot/paths';

/** The configuration a staff script runs with: .env, then the environment, paths relative to the project. */
export function scriptConfig(): Config {
  const envFile = path.join(ROOT, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const config = loadConfig();
  if (!path.isAbsolute(config.DATABASE_PATH)) config.DATABASE_PATH = path.join(ROOT, config.DATABASE_PATH);
  return config;
}

export function hasFlag(argv: string[], flag: string): boolean {
  return argv.includes(flag);
}

export function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i >= 0) return argv[i + 1];
  const inline = argv.find((a) => a.startsWith(`${name}=`));
  return inline?.slice(name.length + 1);
}
