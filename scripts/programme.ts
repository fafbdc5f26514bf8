import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseMunicipality } from '../bot/municipality';
import { dataPath, ROOT } from '../bot/paths';
import type { ProgrammeEntry } from '../dialogs/municipality';
import { hasFlag, option, scriptConfig } from './script-env';

/**
 * `npm run programme -- --file F [--dry-run]`: loads the officials' real audience programmes into the city's data
 * file (data/municipalities/<MUNICIPALITY>.json), in place of the sample ones it ships with.
 *
 * F is JSON: `{ "officials": { "<official id>": [ { "weekday": 2, "start": "09:00" }, … ], … } }`. An official
 * left out keeps its programme; each one given gets exactly the programme given and loses `"sample": true`, and
 * the file's `sampleProgrammesNote` goes once no official is a sample. Only those fields change: the rest of the
 * file is kept byte for byte. The result is checked as the server checks it at start, then written to a
 * temporary file and renamed over the old one. Prints each official's programme, old → new; `--dry-run` prints
 * and writes nothing. A wrong file: one line per wrong entry, exit code 2, nothing written.
 */
export function runProgramme(
  argv: string[],
  write: (line: string) => void,
  options: { dataFile?: string; cwd?: string } = {},
): number {
  const given = option(argv, '--file');
  if (!given || given.startsWith('--')) {
    write('Usage: npm run programme -- --file programme.json [--dry-run]');
    return 2;
  }
  const dryRun = hasFlag(argv, '--dry-run');
  const programmeFile = path.resolve(options.cwd ?? process.cwd(), given);
  const dataFile = options.dataFile ?? dataPath('municipalities', `${scriptConfig().MUNICIPALITY}.json`);
  const dataName = shortName(dataFile);

  const text = readFileSync(dataFile, 'utf8');
  const current = parseMunicipality(JSON.parse(text), dataName);
  const officials = current.officials ?? [];

  const read = readProgrammeFile(programmeFile, given, officials, sessionMinutes(current.audience));
  if (!read.ok) {
    for (const problem of read.problems) write(problem);
    write(`Nothing written: correct ${given} and run again.`);
    return 2;
  }
  const programmes = read.programmes;

  // The file as it must read afterwards, as data: what the edited text is checked against.
  const expected = JSON.parse(text) as {
    officials: Record<string, unknown>[];
    sampleProgrammesNote?: unknown;
  };
  for (const o of expected.officials ?? []) {
    const programme = programmes.get(o.id as string);
    if (!programme) continue;
    o.programme = programme;
    delete o.sample;
  }
  const stillSamples = (expected.officials ?? []).filter((o) => o.sample === true).length;
  const dropNote = stillSamples === 0 && 'sampleProgrammesNote' in expected;
  if (dropNote) delete expected.sampleProgrammesNote;

  const updated = editText(text, programmes, dropNote);
  if (!isDeepStrictEqual(JSON.parse(updated), expected))
    throw new Error(`${dataName}: the edited file does not read back as intended (its layout is unexpected)`);
  // Checked as the server checks it at start: a file it would refuse is never written.
  parseMunicipality(expected, dataName);

  write(`${dryRun ? 'Would set' : 'Setting'} audience programmes in ${dataName} from ${given}:`);
  for (const o of officials) {
    const old = describeProgramme(o.programme);
    const programme = programmes.get(o.id);
    if (!programme) {
      write(`  ${o.id}: kept ${old}${o.sample ? ' (still a sample)' : ''}`);
      continue;
    }
    const now = describeProgramme(programme);
    const change = now === old ? `${now} (unchanged)` : `${old} → ${now}`;
    write(`  ${o.id}: ${change}${o.sample ? ', no longer a sample' : ''}`);
  }
  write(
    stillSamples === 0
      ? `No official has a sample programme any more${dropNote ? ' (sampleProgrammesNote removed)' : ''}.`
      : `${stillSamples} official${stillSamples === 1 ? '' : 's'} still ha${stillSamples === 1 ? 's' : 've'} a sample programme.`,
  );
  if (dryRun) {
    write(`Dry run: ${dataName} not written.`);
    return 0;
  }
  if (updated === text) {
    write(`${dataName} already says this: not written.`);
    return 0;
  }
  const temp = `${dataFile}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, updated);
    renameSync(temp, dataFile);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  write(
    `Wrote ${dataName}. The clerk reads it at start: restart it (npm start) to apply the new programmes.`,
  );
  write(
    'Audiences already booked keep their day and time: check them with `npm run agenda -- --date YYYY-MM-DD`.',
  );
  return 0;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

/** A file's name as staff know it: relative to the project when inside it. */
function shortName(file: string): string {
  const relative = path.relative(ROOT, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
}

function describeProgramme(programme: readonly ProgrammeEntry[]): string {
  return programme.length === 0
    ? '(no audiences)'
    : programme.map((p) => `${WEEKDAYS[p.weekday - 1]} ${p.start}`).join(', ');
}

/** How long one session of audiences lasts, in minutes (a day's places, one after the other). */
function sessionMinutes(rules: { maxPerDay: number; minutesEach: number } | undefined): number {
  return rules ? rules.maxPerDay * rules.minutesEach : 0;
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));

type Read = { ok: true; programmes: Map<string, ProgrammeEntry[]> } | { ok: false; problems: string[] };

/** Reads and checks a programme file against the city's officials; each problem names the file and the entry. */
function readProgrammeFile(
  file: string,
  name: string,
  officials: readonly { id: string }[],
  sessionLength: number,
): Read {
  const fail = (where: string, what: string): Read => ({
    ok: false,
    problems: [`${name}: ${where ? `${where}: ` : ''}${what}`],
  });
  let raw: string;
  let json: unknown;
  try {
    raw = readFileSync(file, 'utf8');
    json = JSON.parse(raw);
  } catch (error) {
    const reason =
      error instanceof SyntaxError
        ? `not valid JSON: ${error.message}`
        : (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'no such file'
          : `cannot be read: ${error instanceof Error ? error.message : String(error)}`;
    return fail('', reason);
  }
  const shape = '{ "officials": { "<official id>": [ { "weekday": 2, "start": "09:00" }, … ] } }';
  if (!isRecord(json) || !isRecord(json.officials)) return fail('', `expected ${shape}`);
  const extra = Object.keys(json).filter((key) => key !== 'officials');
  if (extra.length > 0) return fail(extra[0], `unknown field (expected ${shape})`);

  const known = new Set(officials.map((o) => o.id));
  const list = officials.length > 0 ? officials.map((o) => o.id).join(', ') : 'none';
  const problems: string[] = [];
  const programmes = new Map<string, ProgrammeEntry[]>();
  // JSON.parse keeps the last of two same keys: an official listed twice would lose its first programme unseen.
  const root = locate(raw);
  const listed = root.kind === 'object' ? root.members.find((m) => m.key === 'officials')?.value : undefined;
  const seen = new Set<string>();
  for (const { key } of listed?.kind === 'object' ? listed.members : []) {
    if (seen.has(key))
      problems.push(
        `${name}: officials[${JSON.stringify(key)}]: listed twice (only one programme per official)`,
      );
    seen.add(key);
  }
  for (const [id, entries] of Object.entries(json.officials)) {
    const at = `officials[${JSON.stringify(id)}]`;
    const problem = (where: string, what: string) => problems.push(`${name}: ${where}: ${what}`);
    if (!known.has(id)) {
      problem(at, `no official "${id}" in this city (its officials: ${list})`);
      continue;
    }
    if (!Array.isArray(entries)) {
      problem(at, 'expected a list of { "weekday": 1-7, "start": "HH:mm" }');
      continue;
    }
    const programme: ProgrammeEntry[] = [];
    let good = true;
    entries.forEach((entry: unknown, i) => {
      const where = `${at}[${i}]`;
      const wrong = (field: string, what: string) => {
        good = false;
        problem(field, what);
      };
      if (!isRecord(entry)) return wrong(where, 'expected { "weekday": 1-7, "start": "HH:mm" }');
      const unknown = Object.keys(entry).filter((key) => key !== 'weekday' && key !== 'start');
      if (unknown.length > 0)
        return wrong(where, `unknown field "${unknown[0]}" (an entry has only "weekday" and "start")`);
      const { weekday, start } = entry;
      const weekdayOk =
        typeof weekday === 'number' && Number.isInteger(weekday) && weekday >= 1 && weekday <= 7;
      const startOk = typeof start === 'string' && TIME.test(start);
      if (!weekdayOk)
        wrong(
          `${where}.weekday`,
          `${JSON.stringify(weekday) ?? 'missing'} is not a weekday: expected 1 (Monday) to 7 (Sunday)`,
        );
      if (!startOk)
        wrong(
          `${where}.start`,
          `${JSON.stringify(start) ?? 'missing'} is not a time: expected HH:mm, 00:00 to 23:59 (e.g. "09:00")`,
        );
      if (!weekdayOk || !startOk) return;
      const day = weekday as number;
      const time = start as string;
      const label = `${WEEKDAYS[day - 1]} ${time}`;
      const same = programme.findIndex((p) => p.weekday === day && p.start === time);
      if (same >= 0) return wrong(where, `duplicate entry: ${label} is already ${at}[${same}]`);
      // A session is the day's places one after the other: two that overlap would offer a time twice.
      const overlapping = programme.findIndex(
        (p) => p.weekday === day && Math.abs(minutesOf(p.start) - minutesOf(time)) < sessionLength,
      );
      if (overlapping >= 0)
        return wrong(
          where,
          `${label} overlaps ${at}[${overlapping}] (${programme[overlapping].start}): a session lasts ${sessionLength} minutes`,
        );
      if (minutesOf(time) + sessionLength > 24 * 60)
        return wrong(where, `${label}: a session of ${sessionLength} minutes would run past midnight`);
      programme.push({ weekday: day, start: time });
    });
    if (good) programmes.set(id, programme);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, programmes };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ----- Editing the file's text in place, so that everything not changed keeps its exact layout.

interface Member {
  key: string;
  keyStart: number;
  value: JsonNode;
}
type JsonNode =
  | { kind: 'object'; start: number; end: number; members: Member[] }
  | { kind: 'array'; start: number; end: number; items: JsonNode[] }
  | { kind: 'scalar'; start: number; end: number; value: unknown };

/** Where each value of a JSON text starts and ends (the text is known to be valid JSON). */
function locate(text: string): JsonNode {
  let i = 0;
  const space = () => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  const string = (): string => {
    const start = i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): JsonNode => {
    space();
    const start = i;
    if (text[i] === '{') {
      i++;
      const members: Member[] = [];
      space();
      while (text[i] !== '}') {
        const keyStart = i;
        const key = string();
        space();
        i++; // :
        members.push({ key, keyStart, value: value() });
        space();
        if (text[i] === ',') i++;
        space();
      }
      i++;
      return { kind: 'object', start, end: i, members };
    }
    if (text[i] === '[') {
      i++;
      const items: JsonNode[] = [];
      space();
      while (text[i] !== ']') {
        items.push(value());
        space();
        if (text[i] === ',') i++;
        space();
      }
      i++;
      return { kind: 'array', start, end: i, items };
    }
    if (text[i] === '"') {
      const value = string();
      return { kind: 'scalar', start, end: i, value };
    }
    while (i < text.length && !/[\s,\]}]/.test(text[i])) i++;
    return { kind: 'scalar', start, end: i, value: JSON.parse(text.slice(start, i)) };
  };
  return value();
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** The edit that removes an object's member with the comma and line that go with it. */
function removal(object: Extract<JsonNode, { kind: 'object' }>, key: string): Edit | undefined {
  const k = object.members.findIndex((m) => m.key === key);
  if (k < 0) return undefined;
  const member = object.members[k];
  if (k > 0) return { start: object.members[k - 1].value.end, end: member.value.end, text: '' };
  const next = object.members[1];
  return next
    ? { start: member.keyStart, end: next.keyStart, text: '' }
    : { start: object.start, end: object.end, text: '{}' };
}

/** A programme as the data files write it (prettier's layout): one entry object a few lines, 2-space indents. */
function programmeText(programme: readonly ProgrammeEntry[], indent: string): string {
  if (programme.length === 0) return '[]';
  const inner = `${indent}  `;
  const entries = programme.map(
    (p) =>
      `${inner}{\n${inner}  "weekday": ${p.weekday},\n${inner}  "start": ${JSON.stringify(p.start)}\n${inner}}`,
  );
  return `[\n${entries.join(',\n')}\n${indent}]`;
}

function editText(
  text: string,
  programmes: ReadonlyMap<string, ProgrammeEntry[]>,
  dropNote: boolean,
): string {
  const root = locate(text);
  if (root.kind !== 'object') throw new Error('expected a JSON object');
  const edits: Edit[] = [];
  const officials = root.members.find((m) => m.key === 'officials')?.value;
  if (officials?.kind === 'array') {
    for (const official of officials.items) {
      if (official.kind !== 'object') continue;
      const id = official.members.find((m) => m.key === 'id')?.value;
      const programme = id?.kind === 'scalar' ? programmes.get(id.value as string) : undefined;
      if (!programme) continue;
      const member = official.members.find((m) => m.key === 'programme');
      if (!member) continue;
      const lineStart = text.lastIndexOf('\n', member.keyStart) + 1;
      const indent = text.slice(lineStart, member.keyStart).replace(/\S/g, ' ');
      edits.push({
        start: member.value.start,
        end: member.value.end,
        text: programmeText(programme, indent),
      });
      const sample = removal(official, 'sample');
      if (sample) edits.push(sample);
    }
  }
  if (dropNote) {
    const note = removal(root, 'sampleProgrammesNote');
    if (note) edits.push(note);
  }
  edits.sort((a, b) => b.start - a.start);
  let result = text;
  for (const edit of edits) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

if (require.main === module) {
  try {
    // npm runs scripts at the project root: a relative --file is where the command was typed.
    process.exitCode = runProgramme(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`), {
      cwd: process.env.INIT_CWD,
    });
  } catch (error) {
    process.stderr.write(`programme: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
