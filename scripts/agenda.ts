import { loadMunicipality } from '../bot/municipality';
import { loadProcedures } from '../bot/procedures';
import { createBookingStore } from '../bot/store/booking-store';
import { openDatabase, type Db } from '../bot/store/db';
import type { Municipality } from '../dialogs/municipality';
import { localDate } from '../dialogs/rules/slot-engine';
import { hasFlag, option, scriptConfig } from './script-env';

/**
 * `npm run agenda -- --date YYYY-MM-DD [--json]`: the day's bookings per resource (an official's audiences, a
 * service's counters), in local time, with what each procedure tells staff about a booking.
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
  const procedures = new Map(loadProcedures(city).map((p) => [p.id, p]));
  const resources = new Map([...procedures.values()].flatMap((p) => p.resources(city)).map((r) => [r.id, r]));
  const rows = await createBookingStore(db).agenda(date);
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone: city.timeZone,
    hour: '2-digit',
    minute: '2-digit',
  });
  const title = (id: string) => resources.get(id)?.title.ro ?? id;
  /** Which of a resource's counters serves a place (places at one time are numbered counter by counter). */
  const counter = (id: string, seq: number) => {
    const parallel = resources.get(id)?.parallel ?? 1;
    return parallel > 1 ? (seq % parallel) + 1 : undefined;
  };
  if (hasFlag(argv, '--json')) {
    for (const r of rows) {
      write(
        JSON.stringify({
          date,
          procedure: r.procedure,
          resource: r.resourceId,
          resourceTitle: title(r.resourceId),
          counter: counter(r.resourceId, r.seq),
          time: time.format(new Date(r.start)),
          start: r.start,
          end: r.end,
          code: r.code,
          name: r.name,
          phone: r.phone,
          lang: r.lang,
          details: r.details,
        }),
      );
    }
    return 0;
  }
  write(`Agenda for ${date} — ${city.name.ro}`);
  if (rows.length === 0) write('  (none)');
  let current = '';
  for (const r of rows) {
    if (r.resourceId !== current) {
      current = r.resourceId;
      write(`\n${title(r.resourceId)}`);
    }
    const at = counter(r.resourceId, r.seq);
    write(
      `  ${time.format(new Date(r.start))}${at ? `  counter ${at}` : ''}  ${r.code}  ${r.name}  ${r.phone}  (${r.lang})`,
    );
    for (const line of procedures.get(r.procedure)?.agendaLines(r, city) ?? []) write(`         ${line}`);
  }
  return 0;
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
