import { createOutboxStore } from '../bot/store/outbox-store';
import { openDatabase, type Db } from '../bot/store/db';
import { hasFlag, scriptConfig } from './script-env';

/**
 * `npm run outbox`: the messages the clerk has queued or sent (SMS confirmations…), oldest first.
 * `--json` prints one JSON object a line with to, channel, body, status, createdAt (and id, kind, segments).
 */
export async function runOutbox(db: Db, argv: string[], write: (line: string) => void): Promise<void> {
  const rows = await createOutboxStore(db).list();
  if (hasFlag(argv, '--json')) {
    for (const r of rows) {
      write(
        JSON.stringify({
          id: r.id,
          kind: r.kind,
          to: r.to,
          channel: r.channel,
          body: r.body,
          segments: r.segments,
          status: r.status,
          attempts: r.attempts,
          createdAt: r.createdAt,
        }),
      );
    }
    return;
  }
  if (rows.length === 0) {
    write('The outbox is empty.');
    return;
  }
  for (const r of rows) {
    write(`#${r.id}  ${r.createdAt}  ${r.channel} → ${r.to}  [${r.status}]  ${r.segments} segment(s)`);
    write(`    ${r.body}`);
  }
}

if (require.main === module) {
  const db = openDatabase(scriptConfig().DATABASE_PATH);
  runOutbox(db, process.argv.slice(2), (line) => process.stdout.write(`${line}\n`))
    .finally(() => db.close())
    .catch((error: unknown) => {
      process.stderr.write(`outbox: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
}
