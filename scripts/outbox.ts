import { createOutboxStore } from '../bot/store/outbox-store';
import { openDatabase, type Db } from '../bot/store/db';
import { hasFlag, scriptConfig } from './script-env';

/**
 * `npm run outbox`: the messages the clerk has queued or sent (confirmations, changes, reminders), oldest
 * first, with their status (pending, sent, delivered…, dev-outbox, failed, skipped-optout, refused-*),
 * attempts and route. `--json` prints one JSON object a line with to, channel, body, status, createdAt
 * (and id, kind, segments, attempts, route, routeReason, providerSid, sendAfter, sentAt).
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
          route: r.route,
          routeReason: r.routeReason,
          providerSid: r.providerSid,
          sendAfter: r.sendAfter,
          sentAt: r.sentAt,
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
    const when = r.sendAfter && r.status === 'pending' ? `  not before ${r.sendAfter}` : '';
    const route = r.route ? `  via ${r.route}${r.routeReason ? ` (${r.routeReason})` : ''}` : '';
    write(
      `#${r.id}  ${r.createdAt}  ${r.kind}  ${r.channel} → ${r.to}  [${r.status}, ${r.attempts} attempt(s)]  ${r.segments} segment(s)${when}${route}`,
    );
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
