import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createUnderstandingFromData, type Understanding } from '../bot/nlu';
import { ROOT } from '../bot/paths';
import { LANGS, type Lang } from '../dialogs/municipality';
import { judgeReason } from '../dialogs/rules/reason-check';
import { hasFlag } from './script-env';

/**
 * The NLU's measured accuracy: `npm run nlu-score [-- --misses]` scores the tables in test/nlu/<lang>.json —
 * utterances a citizen might write, none of them a training example — against the models trained from
 * data/nlu. The test suite enforces the floors (test/bot/nlu-score.test.ts); the README reports the figures.
 */
export interface ScoreTable {
  intents: [text: string, intent: string][];
  /** The verdict the audience rule must reach: a clear reason, a vague one, or one outside the city's competence. */
  reasons: [text: string, verdict: 'clear' | 'vague' | 'outside'][];
}

export interface Score {
  lang: Lang;
  intents: { total: number; correct: number; misses: string[] };
  reasons: { total: number; correct: number; misses: string[]; clearRefusedAsVague: string[] };
}

export function loadScoreTable(lang: Lang): ScoreTable {
  return JSON.parse(readFileSync(path.join(ROOT, 'test', 'nlu', `${lang}.json`), 'utf8')) as ScoreTable;
}

const VERDICT = { clear: 'clear', vague: 'vague', outOfCompetence: 'outside', tooLong: 'tooLong' } as const;

export async function scoreNlu(nlu: Understanding, lang: Lang, table: ScoreTable): Promise<Score> {
  const score: Score = {
    lang,
    intents: { total: 0, correct: 0, misses: [] },
    reasons: { total: 0, correct: 0, misses: [], clearRefusedAsVague: [] },
  };
  for (const [text, expected] of table.intents) {
    const { intent } = await nlu.intent(lang, text);
    score.intents.total++;
    if (intent === expected) score.intents.correct++;
    else score.intents.misses.push(`${text} → ${intent} (expected ${expected})`);
  }
  for (const [text, expected] of table.reasons) {
    const verdict = VERDICT[judgeReason(text, await nlu.reason(lang, text)).kind];
    score.reasons.total++;
    if (verdict === expected) score.reasons.correct++;
    else score.reasons.misses.push(`${text} → ${verdict} (expected ${expected})`);
    if (expected === 'clear' && verdict === 'vague') score.reasons.clearRefusedAsVague.push(text);
  }
  return score;
}

const percent = (correct: number, total: number) => `${((100 * correct) / total).toFixed(1)} %`;

async function main() {
  const nlu = await createUnderstandingFromData();
  const lines = [
    '| language | utterances | intents correct | reasons correct | clear reasons refused as vague |',
    '| --- | --- | --- | --- | --- |',
  ];
  const misses: string[] = [];
  for (const lang of LANGS) {
    const s = await scoreNlu(nlu, lang, loadScoreTable(lang));
    lines.push(
      `| ${lang} | ${s.intents.total + s.reasons.total} | ${s.intents.correct}/${s.intents.total} (${percent(s.intents.correct, s.intents.total)}) | ` +
        `${s.reasons.correct}/${s.reasons.total} (${percent(s.reasons.correct, s.reasons.total)}) | ${s.reasons.clearRefusedAsVague.length} |`,
    );
    misses.push(...[...s.intents.misses, ...s.reasons.misses].map((m) => `${lang}: ${m}`));
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (hasFlag(process.argv, '--misses')) process.stdout.write(`\n${misses.join('\n')}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`nlu-score: ${String(error)}\n`);
    process.exit(1);
  });
}
