/**
 * Understood the first time, measured on held-out tables (test/nlu/<lang>.json: at least 300 utterances a
 * language, written by category before the model was scored): each first message goes to a fresh conversation of
 * the real clerk, and where it went is read from the turn. Floors: at least 82 % of first messages routed right
 * in each language (the aim is 90 %) (straight there, or one tap away when the clerk asks which one was meant and offers it), no my-booking
 * message taken for a new booking, no clear reason refused as vague. None of the tables' utterances is a training
 * example, nor a near copy of one (checked here). `npm run nlu-score -- --misses` lists the misses.
 */
import { LANGS, type Lang } from '../../dialogs/languages';
import { firstMessageClerk, loadScoreTable, scoreFirstMessages, type Score } from '../../scripts/nlu-score';
import { sharedNlu } from '../helpers/clerk';
import { overlapsWithTraining } from '../helpers/training-overlap';

const ROUTES = [
  'audience',
  'myBooking',
  'info.hours',
  'info.sites',
  'info.phones',
  'info.neighbourhoods',
  'info.services',
  'person',
  'help',
  'greeting',
  'thanks',
  'goodbye',
  'bot',
  'abuse',
  'outside',
  'foreign',
];

let clerks: {
  cluj: Awaited<ReturnType<typeof firstMessageClerk>>;
  sector1: Awaited<ReturnType<typeof firstMessageClerk>>;
};
const scores = new Map<Lang, Score>();

beforeAll(async () => {
  const nlu = await sharedNlu();
  clerks = {
    cluj: await firstMessageClerk('cluj-napoca', nlu),
    sector1: await firstMessageClerk('bucuresti-sector-1', nlu),
  };
  for (const lang of LANGS)
    scores.set(lang, await scoreFirstMessages(clerks, nlu, lang, loadScoreTable(lang)));
}, 120_000);

afterAll(async () => {
  await clerks?.cluj.close();
  await clerks?.sector1.close();
});

describe.each(LANGS)('held-out NLU tables, %s', (lang) => {
  const table = loadScoreTable(lang);

  it('has at least 300 utterances, by category: every kind of first message, both cities, reasons of each verdict', () => {
    expect(table.firstMessages.length + table.sector1.length + table.reasons.length).toBeGreaterThanOrEqual(
      300,
    );
    expect([...new Set(table.firstMessages.map(([, route]) => route))].sort()).toEqual([...ROUTES].sort());
    expect(table.sector1.some(([, route]) => route === 'counter')).toBe(true);
    expect([...new Set(table.reasons.map(([, v]) => v))].sort()).toEqual(['clear', 'outside', 'vague']);
  });

  it('is held out: no training example, nor a near copy of one (test/helpers/training-overlap.ts)', () => {
    const phrases = [...table.firstMessages, ...table.sector1, ...table.reasons].map(([text]) => text);
    expect(overlapsWithTraining(lang, phrases)).toEqual([]);
  });

  // The aim is 90 %; what the clerk reaches is in docs/performance.md, and this floor keeps it from slipping.
  it('routes at least 82 % of first messages right, takes no my-booking message for a new booking', () => {
    const { routes } = scores.get(lang)!;
    expect((routes.right + routes.asked) / routes.total).toBeGreaterThanOrEqual(0.82);
    expect(routes.bookingAsNew).toEqual([]);
  });

  it('keeps what most first messages say (the official, the matter, cancel or move)', () => {
    const { kept } = scores.get(lang)!.routes;
    expect(kept.right / kept.total).toBeGreaterThanOrEqual(0.7);
  });

  it('judges reasons: refuses no clear reason as vague, and at least 85 % right', () => {
    const { reasons } = scores.get(lang)!;
    expect(reasons.clearRefusedAsVague).toEqual([]);
    expect(reasons.correct / reasons.total).toBeGreaterThanOrEqual(0.85);
  });
});
