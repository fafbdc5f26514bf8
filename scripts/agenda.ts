import { loadMunicipality } from '../bot/municipality';
import { createBookingStore, type AgendaRow, type Evidence } from '../bot/store/booking-store';
import { openDatabase, type Db } from '../bot/store/db';
import type { Municipality } from '../dialogs/municipality';
import { localDate } from '../dialogs/rules/slot-engine';
import { hasFlag, option, scriptConfig } from './script-env';

/**
 * `npm run agenda -- --date YYYY-MM-DD [--json]`: the day's audiences per official, in local time.
 * Without --date, today in the municipality's time zone.
 */
export async function runAgenda(
  db: Db,
  city: Municipality,
  argv: string[],
  write: (line: string) => void,
  now = new Date(),
): Promise<number> {
  const date = option(argv, '--date') ?? localDate(now, city.timeZone);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    write('Usage: npm run agenda -- --date YYYY-MM-DD [--json]');
    return 2;
  }
  const rows = await createBookingStore(db).agenda(date);
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone: city.timeZone,
    hour: '2-digit',
    minute: '2-digit',
  });
  const title = (id: string) => city.officials.find((o) => o.id === id)?.title.ro ?? id;
  if (hasFlag(argv, '--json')) {
    for (const r of rows) {
      write(
        JSON.stringify({
          date,
          official: r.officialId,
          officialTitle: title(r.officialId),
          time: time.format(new Date(r.start)),
          start: r.start,
          end: r.end,
          code: r.code,
          name: r.name,
          phone: r.phone,
          mode: r.mode,
          answerBy: r.answerBy,
          email: r.email,
          postalAddress: r.postalAddress,
          reason: r.reason,
          lang: r.lang,
          evidence: r.evidence,
        }),
      );
    }
    return 0;
  }
  write(`Audiences on ${date} — ${city.name.ro}`);
  if (rows.length === 0) write('  (none)');
  let current = '';
  for (const r of rows) {
    if (r.officialId !== current) {
      current = r.officialId;
      write(`\n${title(r.officialId)}`);
    }
    write(`  ${time.format(new Date(r.start))}  ${r.code}  ${r.name}  ${r.phone}  (${r.mode}, ${r.lang})`);
    write(`         ${r.reason}`);
    const proof = evidenceLine(r.evidence);
    if (proof) write(`         evidence: ${proof}`);
    write(`         written answer: ${answerLine(r)}`);
  }
  return 0;
}

/** The proof the citizen gave for this step of the ladder, as the official checks it. */
function evidenceLine(evidence: Evidence): string | undefined {
  const { petition, priorAudienceDate } = evidence;
  if (petition) {
    const outcome =
      { negative: 'answered negatively', none: 'not answered' }[petition.outcome] ?? petition.outcome;
    return `petition ${petition.number} of ${petition.date}, ${outcome}`;
  }
  return priorAudienceDate ? `prior audience on ${priorAudienceDate}` : undefined;
}

/** Where the written answer goes within one working day after the audience (Cluj-Napoca City Hall, audience procedure). */
function answerLine(r: AgendaRow): string {
  if (r.answerBy === 'email') return `by e-mail to ${r.email}`;
  if (r.answerBy === 'post') return `by post to ${r.postalAddress}`;
  if (r.answerBy === 'pickup') return 'to be picked up at the Information Centre';
  return 'not requested';
}

if (require.main === module) {
  const config = scriptConfig();
  const db = openDatabase(config.DATABASE_PATH);
  runAgenda(db, loadMunicipality(config.MUNICIPALITY), process.argv.slice(2), (line) =>
    process.stdout.write(`${line}\n`),
  )
    .then((code) => {
      process.exitCode = code;
    })
    .finally(() => db.close())
    .catch((error: unknown) => {
      process.stderr.write(`agenda: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
}
