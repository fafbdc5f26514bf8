import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// scripts/run-built.js in a fake project: a built dist/scripts/hello.js, its source, and a build command
// (RUN_BUILT_BUILD_CMD) that only counts its runs, so that no test runs tsc.
let root: string;
const at = (...parts: string[]) => path.join(root, ...parts);
const secondsAgo = (s: number) => new Date(Date.now() - s * 1000);
const setTime = (file: string, time: Date) => utimesSync(at(file), time, time);
const builds = () => (existsSync(at('builds.log')) ? readFileSync(at('builds.log'), 'utf8').length : 0);

function runBuilt(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [at('scripts', 'run-built.js'), ...args], {
    env: {
      ...process.env,
      RUN_BUILT_BUILD_CMD: `node -e "require('fs').appendFileSync('builds.log', 'b')"`,
      ...env,
    },
    encoding: 'utf8',
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'run-built-'));
  for (const dir of ['scripts', 'bot', 'dist/scripts', 'dist/bot']) mkdirSync(at(dir), { recursive: true });
  copyFileSync(path.join(__dirname, '..', '..', 'scripts', 'run-built.js'), at('scripts', 'run-built.js'));
  writeFileSync(at('tsconfig.json'), '{}');
  writeFileSync(at('tsconfig.build.json'), '{}');
  writeFileSync(at('scripts', 'hello.ts'), '');
  writeFileSync(at('bot', 'greet.ts'), '');
  writeFileSync(at('dist', 'bot', 'greet.js'), '');
  writeFileSync(
    at('dist', 'scripts', 'hello.js'),
    `console.log('hello ' + process.argv.slice(2).join(' ')); process.exitCode = Number(process.env.HELLO_EXIT ?? 0);`,
  );
  writeFileSync(at('dist', '.built'), '');
  // The sources were saved, then built: the stamp is the newest.
  for (const file of ['tsconfig.json', 'tsconfig.build.json', 'scripts/hello.ts', 'bot/greet.ts'])
    setTime(file, secondsAgo(60));
  setTime('dist/.built', secondsAgo(30));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

it('runs the built script with its arguments, without building, when dist/ is up to date', () => {
  const run = runBuilt(['hello', '--json', 'x y']);
  expect(run).toEqual({ code: 0, stdout: 'hello --json x y\n', stderr: '' });
  expect(builds()).toBe(0);
});

it('builds once first when a source is newer than the last build, then no more', () => {
  setTime('bot/greet.ts', secondsAgo(1));
  const first = runBuilt(['hello']);
  expect(first).toEqual({ code: 0, stdout: 'hello \n', stderr: 'building… (sources changed)\n' });
  expect(builds()).toBe(1);
  expect(runBuilt(['hello']).stderr).toBe('');
  expect(builds()).toBe(1);
});

it('builds when there was no build yet, and when a source has no output (renamed with an old date)', () => {
  rmSync(at('dist', '.built'));
  expect(runBuilt(['hello']).stderr).toBe('building… (no build yet)\n');
  writeFileSync(at('bot', 'renamed.ts'), '');
  setTime('bot/renamed.ts', secondsAgo(60));
  expect(runBuilt(['hello']).stderr).toBe('building… (sources changed)\n');
  writeFileSync(at('dist', 'bot', 'renamed.js'), '');
  expect(runBuilt(['hello']).stderr).toBe('');
  expect(builds()).toBe(2);
});

it("passes the script's exit code through", () => {
  expect(runBuilt(['hello'], { HELLO_EXIT: '3' }).code).toBe(3);
});

it('passes a signal on to the script', async () => {
  // The script gives up after 5 s: a signal not passed on fails the test and leaves no process behind.
  writeFileSync(
    at('dist', 'scripts', 'wait.js'),
    `process.on('SIGTERM', () => { console.log('got SIGTERM'); process.exit(7); }); console.log('ready'); setTimeout(() => process.exit(9), 5000);`,
  );
  const child = spawn(process.execPath, [at('scripts', 'run-built.js'), 'wait']);
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout === 'ready\n') child.kill('SIGTERM');
  });
  const code = await new Promise((resolve) => child.on('exit', resolve));
  expect({ code, stdout }).toEqual({ code: 7, stdout: 'ready\ngot SIGTERM\n' });
});

it('stops with the exit code of a failed build, without running the script or stamping', () => {
  setTime('scripts/hello.ts', secondsAgo(1));
  const run = runBuilt(['hello'], { RUN_BUILT_BUILD_CMD: 'exit 4' });
  expect(run).toEqual({ code: 4, stdout: '', stderr: 'building… (sources changed)\n' });
  expect(runBuilt(['hello']).stderr).toBe('building… (sources changed)\n');
});

it('--stamp marks dist/ up to date (what npm run build does after tsc)', () => {
  setTime('bot/greet.ts', secondsAgo(1));
  expect(runBuilt(['--stamp']).code).toBe(0);
  expect(runBuilt(['hello']).stderr).toBe('');
  expect(builds()).toBe(0);
});
