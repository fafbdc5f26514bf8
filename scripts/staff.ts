import { loadMunicipality } from '../bot/municipality';
import { loadProcedures } from '../bot/procedures';
import { openDatabase, type Db } from '../bot/store/db';
import { createStaffStore } from '../bot/store/staff-store';
import { hasFlag, option, scriptConfig } from './script-env';
import { readStdin, runUserCommand } from './staff-users';

/**
 * `npm run staff`: open requests from citizens who asked for a person (or took the offer after answers the
 * clerk could not use) — whom to call, by when, what they were doing, and the conversation so far.
 * `--json` prints one JSON object a line. `user add|list|disable` manages the desk's accounts (scripts/staff-users.ts). `--done N [--note TEXT]` marks request N done once called back.
 * Resolves to the exit code.
 */
export async function runStaff(
  db: Db,
  argv: string[],
  write: (line: string) => void,
  now = new Date(),
): Promise<number> {
  const store = createStaffStore(db);
  const done = option(argv, '--done');
  if (done !== undefined) {
    if (!/^\d+$/.test(done)) {
      write('Usage: npm run staff -- --done N [--note "what was agreed"]');
      return 2;
    }
    if (!(await store.markDone(Number(done), now, option(argv, '--note')))) {
      write(`No open request #${done}.`);
      return 1;
    }
    write(`Request #${done} marked done.`);
    return 0;
  }
  const rows = await store.open();
  if (hasFlag(argv, '--json')) {
    for (const r of rows) write(JSON.stringify(r));
    return 0;
  }
  if (rows.length === 0) {
    write('No open requests for a person.');
    return 0;
  }
  for (const r of rows) {
    const who = r.name ? `${r.name}, ${r.phone}` : r.phone;
    write(
      `#${r.id}  ${r.createdAt}  call ${who} on ${r.contactDay ?? 'the next working day'}  [${r.cause}, ${r.lang}]`,
    );
    write(`    was at: ${r.during ?? 'the menu'}  (${r.channel} conversation ${r.conversationId})`);
    for (const line of r.transcript)
      write(`    ${line.direction === 'in' ? 'citizen' : 'clerk  '}: ${line.text.replace(/\n+/g, ' / ')}`);
  }
  write('');
  write('Called back? npm run staff -- --done N [--note "what was agreed"]');
  return 0;
}

if (require.main === module) {
  const config = scriptConfig();
  const db = openDatabase(config.DATABASE_PATH);
  const argv = process.argv.slice(2);
  const write = (line: string) => process.stdout.write(`${line}\n`);
  const city = loadMunicipality(config.MUNICIPALITY);
  (argv[0] === 'user'
    ? runUserCommand(argv, {
        db,
        city,
        resources: loadProcedures(city).flatMap((p) => p.resources(city)),
        readPassword: readStdin,
        write,
        now: new Date(),
      })
    : runStaff(db, argv, write)
  )
    .then((code) => {
      process.exitCode = code;
    })
    .finally(() => db.close())
    .catch((error: unknown) => {
      process.stderr.write(`staff: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
}
