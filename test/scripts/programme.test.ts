import { spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadMunicipality, parseMunicipality } from '../../bot/municipality';
import { dataPath, ROOT } from '../../bot/paths';
import { samplesWarning } from '../../bot/server';
import type { Municipality } from '../../dialogs/municipality';
import { runProgramme } from '../../scripts/programme';
import { tempDir } from '../helpers/clerk';

const SHIPPED = dataPath('municipalities', 'cluj-napoca.json');
const shipped = loadMunicipality('cluj-napoca');
const ids = shipped.officials!.map((o) => o.id);

let tmp: ReturnType<typeof tempDir>;
let dataFile: string;

beforeEach(() => {
  tmp = tempDir();
  dataFile = path.join(tmp.dir, 'cluj-napoca.json');
  copyFileSync(SHIPPED, dataFile);
});
afterEach(() => tmp.remove());

/** Writes a programme file in the temporary folder and runs the script on the copy; returns what it said. */
function run(programme: unknown, ...flags: string[]) {
  const file = path.join(tmp.dir, 'programme.json');
  writeFileSync(file, typeof programme === 'string' ? programme : JSON.stringify(programme, null, 2));
  const lines: string[] = [];
  const code = runProgramme(['--file', 'programme.json', ...flags], (line) => lines.push(line), {
    dataFile,
    cwd: tmp.dir,
  });
  return { code, out: lines.join('\n') };
}

const read = () => readFileSync(dataFile, 'utf8');
const load = (): Municipality => parseMunicipality(JSON.parse(read()), 'copy');
/** The data files are checked by `npm run lint` (prettier --check): the edited copy must be as prettier writes it. */
function expectPrettierLayout() {
  const prettier = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/prettier/bin/prettier.cjs'), '--stdin-filepath', SHIPPED],
    { cwd: ROOT, input: read(), encoding: 'utf8' },
  );
  expect(prettier.status).toBe(0);
  expect(prettier.stdout).toBe(read());
}
const official = (city: Municipality, id: string) => city.officials!.find((o) => o.id === id)!;

describe('npm run programme', () => {
  it('sets the programmes given, drops their sample mark and keeps the rest of the file as it was', () => {
    const before = read();
    const { code, out } = run({
      officials: {
        mayor: [
          { weekday: 2, start: '09:00' },
          { weekday: 4, start: '14:30' },
        ],
        'vice-mayor-1': [{ weekday: 3, start: '11:00' }],
      },
    });
    expect(code).toBe(0);
    expect(out).toContain('mayor: Mon 10:00 → Tue 09:00, Thu 14:30, no longer a sample');
    expect(out).toContain('vice-mayor-1: Tue 10:00 → Wed 11:00, no longer a sample');
    expect(out).toContain('head-taxes: kept Mon 09:00 (still a sample)');
    expect(out).toContain('11 officials still have a sample programme.');
    expect(out).toMatch(/restart/);

    const city = load();
    expect(official(city, 'mayor').programme).toEqual([
      { weekday: 2, start: '09:00' },
      { weekday: 4, start: '14:30' },
    ]);
    expect(official(city, 'vice-mayor-1').programme).toEqual([{ weekday: 3, start: '11:00' }]);
    expect(official(city, 'mayor').sample).toBeUndefined();
    expect(official(city, 'vice-mayor-1').sample).toBeUndefined();
    // The officials left out keep their programme and their mark; the note stays while samples remain.
    for (const id of ids.filter((id) => id !== 'mayor' && id !== 'vice-mayor-1'))
      expect(official(city, id)).toEqual(official(shipped, id));
    const json = JSON.parse(read()) as Record<string, unknown>;
    expect(json.sampleProgrammesNote).toEqual(
      (JSON.parse(before) as Record<string, unknown>).sampleProgrammesNote,
    );
    // Everything else reads as before, down to the layout of untouched lines.
    const withoutOfficials = (file: Record<string, unknown>) => ({ ...file, officials: undefined });
    expect(withoutOfficials(json)).toEqual(withoutOfficials(JSON.parse(before) as Record<string, unknown>));
    expect(read()).toContain('"phoneCountries": ["RO", "IR"],');
    expect(read().split('\n').length).toBe(before.split('\n').length + 4 - 2); // one entry more, two marks less
    expect(readdirSync(tmp.dir).sort()).toEqual(['cluj-napoca.json', 'programme.json']);
    expectPrettierLayout();
  });

  it('drops the sample note once no official is a sample, and the file is as prettier writes it', () => {
    const officials = Object.fromEntries(
      ids.map((id, i) => [id, [{ weekday: (i % 5) + 1, start: '08:30' }]]),
    );
    const { code, out } = run({ officials });
    expect(code).toBe(0);
    expect(out).toContain('No official has a sample programme any more (sampleProgrammesNote removed).');
    const city = load();
    expect('sampleProgrammesNote' in (JSON.parse(read()) as object)).toBe(false);
    expect(city.officials!.every((o) => o.sample === undefined)).toBe(true);
    expect(official(city, 'head-technical').programme).toEqual([{ weekday: 1, start: '08:30' }]);
    expectPrettierLayout();
  });

  it('with --dry-run prints the changes and writes nothing', () => {
    const before = read();
    const mtime = statSync(dataFile).mtimeMs;
    const { code, out } = run({ officials: { mayor: [{ weekday: 5, start: '12:00' }] } }, '--dry-run');
    expect(code).toBe(0);
    expect(out).toContain('mayor: Mon 10:00 → Fri 12:00, no longer a sample');
    expect(out).toContain('Dry run: ');
    expect(read()).toBe(before);
    expect(statSync(dataFile).mtimeMs).toBe(mtime);
    expect(readdirSync(tmp.dir).sort()).toEqual(['cluj-napoca.json', 'programme.json']);
  });

  it.each([
    [
      'an unknown official',
      { mayr: [{ weekday: 1, start: '10:00' }] },
      'officials["mayr"]: no official "mayr"',
    ],
    [
      'weekday 8',
      { mayor: [{ weekday: 8, start: '10:00' }] },
      'officials["mayor"][0].weekday: 8 is not a weekday: expected 1 (Monday) to 7 (Sunday)',
    ],
    [
      'a time without its leading zero',
      {
        'vice-mayor-2': [
          { weekday: 2, start: '09:00' },
          { weekday: 3, start: '9:00' },
        ],
      },
      'officials["vice-mayor-2"][1].start: "9:00" is not a time: expected HH:mm',
    ],
    [
      'a duplicate entry',
      {
        mayor: [
          { weekday: 1, start: '10:00' },
          { weekday: 1, start: '10:00' },
        ],
      },
      'officials["mayor"][1]: duplicate entry: Mon 10:00 is already officials["mayor"][0]',
    ],
    [
      'sessions that overlap (5 audiences of 15 minutes each)',
      {
        mayor: [
          { weekday: 2, start: '09:00' },
          { weekday: 2, start: '10:00' },
        ],
      },
      'officials["mayor"][1]: Tue 10:00 overlaps officials["mayor"][0] (09:00): a session lasts 75 minutes',
    ],
  ])('refuses %s, naming the file and the entry, and writes nothing', (_what, officials, message) => {
    const before = read();
    const { code, out } = run({
      officials: { 'head-taxes': [{ weekday: 2, start: '09:00' }], ...officials },
    });
    expect(code).toBe(2);
    expect(out).toContain(`programme.json: ${message}`);
    expect(out).toContain('Nothing written');
    expect(read()).toBe(before);
    expect(readdirSync(tmp.dir).sort()).toEqual(['cluj-napoca.json', 'programme.json']);
  });

  it('refuses an official listed twice and a file that is not JSON', () => {
    const before = read();
    const twice = run(
      '{ "officials": { "mayor": [{ "weekday": 1, "start": "10:00" }], "mayor": [{ "weekday": 2, "start": "10:00" }] } }',
    );
    expect(twice.code).toBe(2);
    expect(twice.out).toContain('programme.json: officials["mayor"]: listed twice');
    const broken = run('{ "officials": ');
    expect(broken.code).toBe(2);
    expect(broken.out).toContain('programme.json: not valid JSON');
    expect(read()).toBe(before);
  });

  it('without --file says how to run it', () => {
    const lines: string[] = [];
    expect(runProgramme([], (line) => lines.push(line), { dataFile })).toBe(2);
    expect(lines.join('\n')).toContain('npm run programme -- --file');
  });
});

describe('the start-up warning about sample programmes', () => {
  it('names how many officials have sample programmes and the command to load the real one', () => {
    const warning = samplesWarning(shipped);
    expect(warning).toContain(`${ids.length} of ${ids.length} officials of cluj-napoca have sample`);
    expect(warning).toContain('npm run programme -- --file');
  });

  it('says nothing once no programme is a sample, nor for a city without audiences', () => {
    const real: Municipality = {
      ...shipped,
      officials: shipped.officials!.map(({ sample: _sample, ...o }) => o),
    };
    expect(samplesWarning(real)).toBeUndefined();
    expect(samplesWarning(loadMunicipality('bucuresti-sector-1'))).toBeUndefined();
  });
});
