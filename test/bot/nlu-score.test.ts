/**
 * The NLU's measured accuracy (issue: at least 150 utterances a language, intents ≥ 90 %, no clear reason
 * refused as vague). The tables in test/nlu/<lang>.json are held out: none of their utterances is a training
 * example in data/nlu/<lang>.json, nor a near copy of one (checked here). `npm run nlu-score -- --misses` lists
 * misses.
 */
import { LANGS } from '../../dialogs/municipality';
import { loadScoreTable, scoreNlu } from '../../scripts/nlu-score';
import { sharedNlu } from '../helpers/clerk';
import { overlapsWithTraining } from '../helpers/training-overlap';

describe.each(LANGS)('NLU score table, %s', (lang) => {
  const table = loadScoreTable(lang);

  it('has at least 150 utterances: intents, and reasons clear, vague and outside the competence', () => {
    expect(table.intents.length + table.reasons.length).toBeGreaterThanOrEqual(150);
    const verdicts = new Set(table.reasons.map(([, v]) => v));
    expect([...verdicts].sort()).toEqual(['clear', 'outside', 'vague']);
  });

  it('is held out: no training example, nor a near copy of one (test/helpers/training-overlap.ts)', () => {
    const phrases = [...table.intents, ...table.reasons].map(([text]) => text);
    expect(overlapsWithTraining(lang, phrases)).toEqual([]);
  });

  it('scores at least 90 % on intents and refuses no clear reason as vague', async () => {
    const score = await scoreNlu(await sharedNlu(), lang, table);
    expect(score.intents.correct / score.intents.total).toBeGreaterThanOrEqual(0.9);
    expect(score.reasons.clearRefusedAsVague).toEqual([]);
    expect(score.reasons.correct / score.reasons.total).toBeGreaterThanOrEqual(0.85);
  });
});
