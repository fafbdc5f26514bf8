import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import type { Municipality } from '../dialogs/municipality';
import { municipalitySchema } from './municipality-schema';
import { dataPath } from './paths';

/** How many of a file's problems an error lists (the rest are counted). */
const MAX_ISSUES = 5;

/** A field's path as it reads in the file: `counter.services[2].counters`. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => {
      if (typeof key === 'number') return `[${key}]`;
      const name = String(key);
      if (!/^[A-Za-z_$][\w$]*$/.test(name)) return `[${JSON.stringify(name)}]`;
      return i === 0 ? name : `.${name}`;
    })
    .join('');
}

function describe(file: string, issues: readonly z.core.$ZodIssue[]): string {
  const lines = issues
    .slice(0, MAX_ISSUES)
    .map((issue) => `${file}: ${issue.path.length > 0 ? `${fieldPath(issue.path)}: ` : ''}${issue.message}`);
  if (issues.length > MAX_ISSUES) lines.push(`${file}: and ${issues.length - MAX_ISSUES} more`);
  return lines.join('\n');
}

/**
 * Checks a municipality's data (the parsed JSON of `file`) against the schema and returns it typed. Throws an
 * Error naming the file and each wrong field (up to five), one a line: `<file>: <field>: <what is wrong>`.
 */
export function parseMunicipality(json: unknown, file: string): Municipality {
  const result = municipalitySchema.safeParse(json);
  if (!result.success) throw new Error(describe(file, result.error.issues));
  return result.data;
}

/** Reads and checks data/municipalities/<id>.json. Adding a city is adding such a file. */
export function loadMunicipality(id: string): Municipality {
  const file = `data/municipalities/${id}.json`;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(dataPath('municipalities', `${id}.json`), 'utf8'));
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    throw new Error(`${file}: not valid JSON: ${err.message}`, { cause: err });
  }
  const city = parseMunicipality(json, file);
  if (city.id !== id) throw new Error(`${file} declares id ${city.id}`);
  return city;
}
