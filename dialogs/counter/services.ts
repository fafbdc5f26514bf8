import { LANGS, type Lang, type Municipality } from '../municipality';
import { fold } from '../text/normalize';
import { createPhraseSearch } from '../text/phrase-search';
import type { WorkMeter } from '../text/work-meter';

/** A service the citizen's words name: one the office books, or one done elsewhere (told, not booked). */
export type ServiceNamed = { kind: 'service'; id: string } | { kind: 'elsewhere'; id: string };

export type ServiceFinder = (text: string, meter?: WorkMeter) => ServiceNamed | undefined;

/**
 * How many words of a message are read: a citizen names what they come for early, and each distinct word read
 * is compared with every word of the services' phrases, so the work stays bounded whatever is sent.
 */
const MAX_WORDS = 60;
/**
 * The shortest phrase word a typing slip is forgiven in. The phrase search forgives one slip in five letters,
 * but a short word with a slip is mostly another word: "later" is not "water", "takes" not "taxes", "care"
 * (Romanian "which") not "carer", "decis" not "deces".
 */
const SLIP_MIN_LETTERS = 6;

/**
 * Finds the Citizen Office service a citizen's sentence names, from the data's `words` of the services and of
 * those done elsewhere, in any of the clerk's languages (a citizen may write in another than the one chosen).
 * When several phrases are found, the one of most words wins ("certificat de naștere" over "certificat"),
 * then one typed exactly over one with a slip, then the first in the data's order (the booked services, then
 * those done elsewhere).
 */
export function createServiceFinder(city: Municipality): ServiceFinder {
  const rules = city.counter;
  if (!rules) return () => undefined;
  const named: ServiceNamed[] = [
    ...rules.services.map((s) => ({ kind: 'service' as const, id: s.id })),
    ...rules.elsewhere.map((e) => ({ kind: 'elsewhere' as const, id: e.id })),
  ];
  const words: Record<Lang, string[]>[] = [...rules.services, ...rules.elsewhere].map((s) => s.words);
  const search = createPhraseSearch(
    words.flatMap((byLang, order) =>
      LANGS.flatMap((lang) => byLang[lang].map((w) => ({ value: order, text: fold(w) }))),
    ),
  );

  return (text, meter) => {
    const typed = fold(text).split(' ', MAX_WORDS);
    let best: { length: number; slips: number; order: number } | undefined;
    for (const hit of search(typed.join(' '), meter)) {
      const phrase = hit.text.split(' ');
      let slips = 0;
      let forgiven = true;
      phrase.forEach((word, k) => {
        if (typed[hit.at + k] === word) return;
        slips++;
        if (word.length < SLIP_MIN_LETTERS) forgiven = false;
      });
      if (!forgiven) continue;
      const found = { length: phrase.length, slips, order: hit.value };
      if (
        !best ||
        found.length > best.length ||
        (found.length === best.length && found.slips < best.slips) ||
        (found.length === best.length && found.slips === best.slips && found.order < best.order)
      )
        best = found;
    }
    return best && named[best.order];
  };
}
