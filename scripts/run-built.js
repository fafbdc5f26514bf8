// Runs a staff script from dist/, building first only when the sources changed since the last build.
// Usage: node [node flags] scripts/run-built.js <script-name> [args…]  (runs dist/scripts/<script-name>.js)
//        node scripts/run-built.js --stamp                         (after `tsc`: marks dist/ as up to date)
// Plain JavaScript so that it needs no build itself. A full `tsc` takes 8–17 s here; a staff command should
// answer in about a second, and only .ts files and the tsconfigs change what is in dist/ (locales, data and
// migrations are read from the source folders at run time, see bot/paths.ts).
// RUN_BUILT_BUILD_CMD replaces the build command (a shell command run at the project root), for the tests.
/* global process, __dirname -- Node's, not in eslint.config.js's list for .js files */
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const STAMP = path.join(DIST, '.built');
// What tsconfig.build.json compiles (types/ holds only declarations).
const SOURCE_DIRS = ['bot', 'dialogs', 'scripts', 'types'];
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json'];

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Why dist/ must be rebuilt, or undefined when it is up to date. A few hundred stats: a few milliseconds. */
function staleReason() {
  const built = mtime(STAMP);
  if (built === undefined) return 'no build yet';
  if (CONFIGS.some((f) => (mtime(path.join(ROOT, f)) ?? 0) > built)) return 'tsconfig changed';
  const walk = (rel) => {
    for (const entry of fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      const file = path.join(rel, entry.name);
      if (entry.isDirectory()) {
        if (walk(file)) return true;
      } else if (entry.name.endsWith('.ts')) {
        if (mtime(path.join(ROOT, file)) > built) return true;
        // A file renamed or checked out with an old date is newer than its missing output.
        if (
          !entry.name.endsWith('.d.ts') &&
          mtime(path.join(DIST, file.replace(/\.ts$/, '.js'))) === undefined
        )
          return true;
      }
    }
    return false;
  };
  return SOURCE_DIRS.some((dir) => fs.existsSync(path.join(ROOT, dir)) && walk(dir))
    ? 'sources changed'
    : undefined;
}

function writeStamp(time = new Date()) {
  fs.mkdirSync(DIST, { recursive: true });
  fs.writeFileSync(STAMP, `${time.toISOString()}\n`);
  fs.utimesSync(STAMP, time, time);
}

/** Builds once; returns the build's exit code (the stamp is written only when it succeeded). */
function build(reason) {
  process.stderr.write(`building… (${reason})\n`);
  // The stamp carries the time the build started: a file saved during the build is still newer than it.
  const started = new Date();
  const cmd = process.env.RUN_BUILT_BUILD_CMD;
  const result = cmd
    ? spawnSync(cmd, { cwd: ROOT, stdio: 'inherit', shell: true })
    : spawnSync(
        process.execPath,
        [require.resolve('typescript/bin/tsc', { paths: [ROOT] }), '-p', 'tsconfig.build.json'],
        { cwd: ROOT, stdio: 'inherit' },
      );
  const code = result.status ?? 1;
  if (code === 0) writeStamp(started);
  return code;
}

function main(argv) {
  const [name, ...args] = argv;
  if (name === '--stamp') return writeStamp();
  if (!name || !/^[a-z0-9][a-z0-9-]*$/.test(name)) {
    process.stderr.write('usage: node scripts/run-built.js <script-name> [args…]\n');
    process.exitCode = 2;
    return;
  }
  const reason = staleReason();
  if (reason) {
    const code = build(reason);
    if (code !== 0) {
      process.exitCode = code;
      return;
    }
  }
  const script = path.join(DIST, 'scripts', `${name}.js`);
  if (!fs.existsSync(script)) {
    process.stderr.write(`no script ${path.relative(ROOT, script)}\n`);
    process.exitCode = 2;
    return;
  }
  // The node flags this file was started with (e.g. --disable-warning=DEP0111 for chat) go to the script.
  const child = spawn(process.execPath, [...process.execArgv, script, ...args], { stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, forward);
  child.on('exit', (code, signal) => {
    for (const s of signals) process.off(s, forward);
    if (!signal) {
      process.exitCode = code ?? 1;
      return;
    }
    // Die of the same signal, so that the shell sees what the script saw (128 + n if this one is ignored).
    process.exitCode = 128 + (os.constants.signals[signal] ?? 0);
    process.kill(process.pid, signal);
  });
}

main(process.argv.slice(2));
