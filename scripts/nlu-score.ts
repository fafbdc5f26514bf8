import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../bot/config';
import { createClerk } from '../bot/compose';
import { silentLogger } from '../bot/logger';
import { createUnderstandingFromData, type Understanding } from '../bot/nlu';
import { ROOT } from '../bot/paths';
import type { TurnResult } from '../bot/turn-engine';
import { LANGS, type Lang } from '../dialogs/languages';
import type { Level } from '../dialogs/municipality';
import { judgeReason } from '../dialogs/rules/reason-check';
import { hasFlag } from './script-env';

/**
 * How well the clerk understands citizens the first time: `npm run nlu-score [-- --misses]` sends each first
 * message of the held-out tables (test/nlu/<lang>.json, written by category before the model was scored, none a
 * training example) to a fresh conversation of the real clerk (Cluj-Napoca's, and Sector 1's for its own list),
 * and reads where it went — a procedure, my booking, information, a person, small talk, another institution —
 * from the turn's trace; what the message said is checked as kept (the official, the matter, cancel or move).
 * Answers to the reason question are judged as the audience judges them. The floors are enforced by
 * test/bot/nlu-score.test.ts; the figures are in docs/performance.md.
 */

export interface Kept {
  official?: Level;
  /** Words of the matter that must be in the matter the clerk offers back. */
  matter?: string;
  action?: 'cancel' | 'move';
}
export type FirstMessage = [text: string, route: string, kept?: Kept];

export interface ScoreTable {
  /** First messages to Cluj-Napoca's clerk, and where a good desk clerk takes each. */
  firstMessages: FirstMessage[];
  /** First messages to Bucharest Sector 1's clerk (its Citizen Office). */
  sector1: FirstMessage[];
  /** Answers to "what is the matter?", with the verdict the audience rule must reach. */
  reasons: [text: string, verdict: 'clear' | 'vague' | 'outside'][];
}

/** Where the clerk took a first message: the routes of the tables, "clarify" (it asked which one) or "none". */
export function routeOf(result: TurnResult): string {
  const { trace } = result;
  if (trace.procedure) return trace.procedure;
  if (['askBookingCode', 'routeBookingPhone', 'askBookingPhone', 'findingBooking'].includes(trace.to))
    return 'myBooking';
  if (['person', 'askPersonPhone', 'personRecorded'].includes(trace.to)) return 'person';
  const said = trace.said;
  const has = (prefix: string) => said.some((key) => key === prefix || key.startsWith(`${prefix}.`));
  if (said.some((key) => key.startsWith('person.requested'))) return 'person';
  if (has('clarify')) return 'clarify';
  if (has('language.foreign')) return 'foreign';
  if (has('outside')) return 'outside';
  if (said.includes('smalltalk.thanks')) return 'thanks';
  if (said.includes('smalltalk.goodbye')) return 'goodbye';
  if (said.includes('smalltalk.bot')) return 'bot';
  if (said.includes('smalltalk.abuse')) return 'abuse';
  if (said.includes('help.text')) return 'help';
  const info = said.find((key) => key.startsWith('info.') && key !== 'info.prompt');
  if (info) {
    if (info === 'info.townHall' || info === 'info.neighbourhoods') return 'info.neighbourhoods';
    if (info === 'info.counters' || info === 'info.services') return 'info.services';
    if (['info.sites', 'info.phones'].includes(info)) return info;
    return 'info.hours';
  }
  if (said.includes('errors.notUnderstood')) return 'none';
  if (said.includes('welcome.greeting')) return 'greeting';
  return 'none';
}

/** The routes the question "which one did you mean" offered, by its choices' values. */
function offered(result: TurnResult): string[] {
  return result.replies.flatMap((r) =>
    r.choices.map((c) => (c.value === 'help' ? 'help' : c.value)).filter((v) => v !== 'menu'),
  );
}

export interface RouteScore {
  total: number;
  /** Taken straight to the right place. */
  right: number;
  /** Asked which one, the right place among the two offered (one tap away). */
  asked: number;
  misses: string[];
  /** expected → got → count. */
  confusion: Record<string, Record<string, number>>;
  /** My-booking messages taken for a new booking. */
  bookingAsNew: string[];
  kept: { total: number; right: number; misses: string[] };
}

export interface Score {
  lang: Lang;
  routes: RouteScore;
  reasons: { total: number; correct: number; misses: string[]; clearRefusedAsVague: string[] };
}

export function loadScoreTable(lang: Lang): ScoreTable {
  return JSON.parse(readFileSync(path.join(ROOT, 'test', 'nlu', `${lang}.json`), 'utf8')) as ScoreTable;
}

const VERDICT = { clear: 'clear', vague: 'vague', outOfCompetence: 'outside', tooLong: 'tooLong' } as const;
const NEW_BOOKING = new Set(['audience', 'counter']);

/** The clerk of one city, on a database in memory, with the NLU given: a first message per conversation. */
export async function firstMessageClerk(city: string, nlu: Understanding) {
  const clerk = await createClerk(loadConfig({ DATABASE_PATH: ':memory:', MUNICIPALITY: city }), {
    log: silentLogger,
    nlu,
  });
  let sequence = 0;
  return {
    say: (lang: Lang, text: string) =>
      clerk.engine.handle({
        conversationId: `score:${lang}:${++sequence}`,
        channel: 'directline',
        kind: 'message',
        text,
        locale: lang,
      }),
    close: () => clerk.close(),
  };
}

type Say = (lang: Lang, text: string) => Promise<TurnResult>;

async function scoreRoutes(say: Say, nlu: Understanding, lang: Lang, rows: FirstMessage[], into: RouteScore) {
  for (const [text, expected, kept] of rows) {
    const result = await say(lang, text);
    const got = routeOf(result);
    into.total++;
    (into.confusion[expected] ??= {})[got] = (into.confusion[expected]?.[got] ?? 0) + 1;
    if (got === expected) into.right++;
    else if (got === 'clarify' && offered(result).includes(expected)) into.asked++;
    else into.misses.push(`${text} → ${got} (expected ${expected})`);
    if (expected === 'myBooking' && NEW_BOOKING.has(got)) into.bookingAsNew.push(text);
    if (kept && got === expected) {
      const read = await nlu.intent(lang, text);
      const misses: string[] = [];
      if (kept.official && read.official !== kept.official)
        misses.push(`official ${read.official ?? '—'} (expected ${kept.official})`);
      if (kept.matter && !read.matter?.text.includes(kept.matter))
        misses.push(`matter "${read.matter?.text ?? '—'}" (expected "${kept.matter}")`);
      if (kept.action && read.action !== kept.action)
        misses.push(`action ${read.action ?? '—'} (expected ${kept.action})`);
      into.kept.total++;
      if (misses.length) into.kept.misses.push(`${text}: ${misses.join(', ')}`);
      else into.kept.right++;
    }
  }
}

export async function scoreFirstMessages(
  clerks: { cluj: { say: Say }; sector1: { say: Say } },
  nlu: Understanding,
  lang: Lang,
  table: ScoreTable,
): Promise<Score> {
  const routes: RouteScore = {
    total: 0,
    right: 0,
    asked: 0,
    misses: [],
    confusion: {},
    bookingAsNew: [],
    kept: { total: 0, right: 0, misses: [] },
  };
  await scoreRoutes(clerks.cluj.say, nlu, lang, table.firstMessages, routes);
  await scoreRoutes(clerks.sector1.say, nlu, lang, table.sector1, routes);
  const reasons: Score['reasons'] = { total: 0, correct: 0, misses: [], clearRefusedAsVague: [] };
  for (const [text, expected] of table.reasons) {
    const verdict = VERDICT[judgeReason(text, await nlu.reason(lang, text)).kind];
    reasons.total++;
    if (verdict === expected) reasons.correct++;
    else reasons.misses.push(`${text} → ${verdict} (expected ${expected})`);
    if (expected === 'clear' && verdict === 'vague') reasons.clearRefusedAsVague.push(text);
  }
  return { lang, routes, reasons };
}

const percent = (part: number, total: number) => `${((100 * part) / total).toFixed(1)} %`;

/** Rows: where a good desk clerk would go; columns: where the clerk went (only routes that occur). */
function confusionTable(scores: Score[]): string {
  const merged: Record<string, Record<string, number>> = {};
  for (const s of scores)
    for (const [expected, row] of Object.entries(s.routes.confusion))
      for (const [got, n] of Object.entries(row))
        (merged[expected] ??= {})[got] = (merged[expected]?.[got] ?? 0) + n;
  const expectedRoutes = Object.keys(merged).sort();
  const gotRoutes = [...new Set(Object.values(merged).flatMap((row) => Object.keys(row)))].sort();
  const lines = [
    `| expected ↓ got → | ${gotRoutes.join(' | ')} |`,
    `| --- | ${gotRoutes.map(() => '---').join(' | ')} |`,
    ...expectedRoutes.map(
      (e) =>
        `| ${e} | ${gotRoutes.map((g) => (merged[e][g] ? (g === e ? `**${merged[e][g]}**` : String(merged[e][g])) : '')).join(' | ')} |`,
    ),
  ];
  return lines.join('\n');
}

async function main() {
  const nlu = await createUnderstandingFromData();
  const cluj = await firstMessageClerk('cluj-napoca', nlu);
  const sector1 = await firstMessageClerk('bucuresti-sector-1', nlu);
  const scores: Score[] = [];
  for (const lang of LANGS)
    scores.push(await scoreFirstMessages({ cluj, sector1 }, nlu, lang, loadScoreTable(lang)));
  await cluj.close();
  await sector1.close();
  const lines = [
    '| language | first messages | routed right | asked which one (right one offered) | my booking taken for a new one | kept (official, matter, cancel/move) | reasons correct | clear reasons refused as vague |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...scores.map(
      (s) =>
        `| ${s.lang} | ${s.routes.total} | ${s.routes.right} (${percent(s.routes.right, s.routes.total)}) | ${s.routes.asked} | ` +
        `${s.routes.bookingAsNew.length} | ${s.routes.kept.right}/${s.routes.kept.total} | ` +
        `${s.reasons.correct}/${s.reasons.total} (${percent(s.reasons.correct, s.reasons.total)}) | ${s.reasons.clearRefusedAsVague.length} |`,
    ),
  ];
  process.stdout.write(
    `${lines.join('\n')}\n\nWhere first messages went, all languages:\n\n${confusionTable(scores)}\n`,
  );
  if (hasFlag(process.argv, '--misses'))
    for (const s of scores)
      process.stdout.write(
        `\n${[...s.routes.misses, ...s.routes.kept.misses, ...s.reasons.misses].map((m) => `${s.lang}: ${m}`).join('\n')}\n`,
      );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`nlu-score: ${String(error)}\n`);
    process.exit(1);
  });
}
