/**
 * Whether a phrase the tests present as new (the held-out score tables, the NLU tables) is in fact a training
 * example of data/nlu/<lang>/, or nearly one: a model scored on what it was trained on looks better than it is.
 */
import { firstMessagesFromReasons, loadCorpus } from '../../bot/nlu';
import type { Lang } from '../../dialogs/municipality';
import { fold } from '../../dialogs/text/normalize';

const words = (text: string) => fold(text).split(' ').filter(Boolean);

/**
 * Why two phrases are near-duplicates, or undefined: the same words once folded (case, diacritics, Arabic letters,
 * punctuation), the same set of words in another order or repeated, or one inside the other where the shorter is
 * at least half of the longer ("vreau un operator" inside "vreau un operator uman"; "o problemă" inside a
 * ten-word sentence is only shared vocabulary).
 */
export function nearDuplicate(a: string, b: string): string | undefined {
  const [wa, wb] = [words(a), words(b)];
  if (wa.join(' ') === wb.join(' ')) return 'the same words';
  const set = (w: string[]) => [...new Set(w)].sort().join(' ');
  if (set(wa) === set(wb)) return 'the same set of words';
  const [short, long] = wa.length <= wb.length ? [wa, wb] : [wb, wa];
  if (2 * short.length >= long.length && ` ${long.join(' ')} `.includes(` ${short.join(' ')} `))
    return 'one inside the other';
  return undefined;
}

/** The training examples of both models (intents and reasons) for a language, those built from others included. */
export function trainingExamples(lang: Lang): string[] {
  const corpus = loadCorpus(lang);
  return [
    ...Object.values(corpus.intents).flat(),
    ...Object.values(corpus.reasons).flat(),
    ...firstMessagesFromReasons(corpus).map(([, text]) => text),
  ];
}

/** Each phrase that is a training example or nearly one, with the example and why. */
export function overlapsWithTraining(lang: Lang, phrases: string[]): string[] {
  const examples = trainingExamples(lang);
  return phrases.flatMap((phrase) =>
    examples.flatMap((example) => {
      const why = nearDuplicate(phrase, example);
      return why ? [`"${phrase}" ~ "${example}" (${why})`] : [];
    }),
  );
}
