import { openDatabase, type Db } from '../bot/store/db';
import { purgeOlderThan } from '../bot/store/retention';
import { option, scriptConfig } from './script-env';

const DAY_MS = 86_400_000;

/**
 * `npm run purge [-- --days N]`: clears personal data older than N days (default RETENTION_DAYS) that the
 * clerk no longer uses — idle conversations' transcripts and state, done requests for a person, finished
 * messages' text and number (bot/store/retention.ts). Bookings, the audience register, stay.
 * The server does the same once a day by itself; this is for a run by hand. Resolves to the exit code.
 */
export async function runPurge(
  db: Db,
  argv: string[],
  defaultDays: number,
  write: (line: string) => void,
  now = new Date(),
): Promise<number> {
  const days = option(argv, '--days') ?? String(defaultDays);
  if (!/^\d+$/.test(days) || Number(days) < 1) {
    write('Usage: npm run purge -- --days N   (N ≥ 1: personal data older than N days is cleared)');
    return 2;
  }
  const cutoff = new Date(now.getTime() - Number(days) * DAY_MS);
  const purged = purgeOlderThan(db, cutoff);
  write(`Cleared what was older than ${days} days (before ${cutoff.toISOString()}):`);
  write(`  conversations (transcript and state): ${purged.conversations}`);
  write(`  web chat activities: ${purged.webChatActivities}`);
  write(`  requests for a person, done: ${purged.staffRequests}`);
  write(`  replies kept for SMS redeliveries: ${purged.smsReplies}`);
  write(`  finished messages (text and number): ${purged.messages}`);
  write(`  staff desk sessions ended or idle: ${purged.staffSessions}`);
  write(`  failed staff sign-ins counted: ${purged.signInFailures}`);
  write(`  walk-in queue tickets: ${purged.walkInTickets}`);
  return 0;
}

if (require.main === module) {
  const config = scriptConfig();
  const db = openDatabase(config.DATABASE_PATH);
  runPurge(db, process.argv.slice(2), config.RETENTION_DAYS || 90, (line) =>
    process.stdout.write(`${line}\n`),
  )
    .then((code) => {
      process.exitCode = code;
    })
    .finally(() => db.close())
    .catch((error: unknown) => {
      process.stderr.write(`purge: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
}
