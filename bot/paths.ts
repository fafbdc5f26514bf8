import { existsSync } from 'node:fs';
import path from 'node:path';

/** The project's root folder, found from this file whether it runs from source (ts-jest) or from dist/. */
function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${start}`);
    dir = parent;
  }
  return dir;
}

export const ROOT = findRoot(__dirname);
export const dataPath = (...parts: string[]) => path.join(ROOT, 'data', ...parts);
export const localesPath = (...parts: string[]) => path.join(ROOT, 'locales', ...parts);
export const migrationsPath = () => path.join(ROOT, 'bot', 'store', 'migrations');
