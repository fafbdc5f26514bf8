/**
 * Every reader of citizens' text does work that grows at most linearly with the text, whatever is sent, and
 * stays under a fixed ceiling at the 2,000 characters the clerk reads. Work is COUNTED, not timed: each reader
 * reports what it examined (characters, words, label words, days tried) through a WorkMeter, and the choice
 * matcher's reads of the offered labels are also counted from outside, so a matcher that reads them over and
 * over fails here whether or not it keeps its meter. A count past its ceiling stops the reader at once (it
 * throws), so a regression fails quickly instead of running for seconds.
 * The texts are the benchmark's hostile corpus (scripts/bench-hostile-texts.ts), built at 125, 500 and 2,000
 * characters.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findDate } from '../../../dialogs/rules/date-input';
import { readPetitionNumber } from '../../../dialogs/rules/petition-number';
import { checkPhone } from '../../../dialogs/rules/phone';
import { normalizeCode } from '../../../dialogs/rules/reference-code';
import { everyLanguage, packLists } from '../../../bot/i18n';
import { loadCorpus } from '../../../bot/nlu';
import type { Lang } from '../../../dialogs/languages';
import { choiceWords, foldLabels, readChoice, type ChoiceOption } from '../../../dialogs/text/choice-match';
import { fold, isArabicScript } from '../../../dialogs/text/normalize';
import { createPhraseSearch } from '../../../dialogs/text/phrase-search';
import type { WorkMeter } from '../../../dialogs/text/work-meter';
import { HOSTILE_TEXTS } from '../../../scripts/bench-hostile-texts';

const LENGTHS = [125, 500, 2000] as const;
const TODAY = '2026-12-02';
/** Work allowed beyond four times the work of a text a quarter as long (fixed costs: labels, titles, days). */
const SLACK = 1000;
/** The words choices are read with, from the locale packs. */
const WORDS = choiceWords((key) => everyLanguage(packLists(), key));

class OverCeiling extends Error {}

/** A meter that throws once `ceiling` steps are passed. */
function ceilingMeter(ceiling: number): WorkMeter {
  let steps = 0;
  return {
    get steps() {
      return steps;
    },
    set steps(value: number) {
      steps = value;
      if (steps > ceiling) throw new OverCeiling(`more than ${ceiling} steps`);
    },
  };
}

const root = path.join(__dirname, '..', '..', '..');
const json = (...parts: string[]) => JSON.parse(readFileSync(path.join(root, ...parts), 'utf8'));
const locales = ['ro', 'fa', 'en'].map((lang) => json('locales', lang, 'clerk.json'));
const lookup = (pack: Record<string, unknown>, key: string) =>
  key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], pack);

/** A choice as the clerk offers it: its label in each language and its synonyms (locales/*.json). */
function offered(value: string, key: string): { value: string; labels: string[] } {
  const labels = locales.flatMap((pack) => [
    lookup(pack, key),
    ...((lookup(pack, `synonyms.${value}`) as string[] | undefined) ?? []),
  ]);
  return { value, labels: labels.filter((l): l is string => typeof l === 'string') };
}

const QUESTIONS: Record<string, { value: string; labels: string[] }[]> = {
  'yes/no': [offered('yes', 'choice.yes'), offered('no', 'choice.no')],
  'answer by': ['email', 'post', 'pickup', 'none'].map((v) => offered(v, `answerBy.${v}`)),
  level: ['levelHead', 'levelDeputy', 'levelMayor'].map((v) => offered(v, `choice.${v}`)),
  confirmation: [offered('confirm', 'choice.confirm'), offered('cancel', 'choice.cancel')],
};

/**
 * Options whose folded labels count every read of a label (by index or by iteration) on the meter: what a
 * matcher examines of the offered answers, seen from outside it.
 */
function countedOptions(options: { value: string; labels: string[] }[], meter: WorkMeter): ChoiceOption[] {
  return options.map(({ value, labels }) => {
    const folded = new Proxy(foldLabels(labels), {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) meter.steps += 1;
        return Reflect.get(target, key, receiver);
      },
    });
    return { value, labels, folded };
  });
}

const titles = ['ro', 'fa', 'en'].flatMap((lang) =>
  Object.entries(loadCorpus(lang as Lang).officials as Record<string, string[]>).flatMap(([level, texts]) =>
    texts.map((text) => ({ value: level, text: fold(text) })),
  ),
);
const titleSearch = createPhraseSearch(titles);

/** Each reader, given a text and a meter (which it may fill itself or not). */
const READERS: Record<string, { ceiling: number; read: (text: string, meter: WorkMeter) => unknown }> = {
  ...Object.fromEntries(
    Object.entries(QUESTIONS).map(([question, options]) => [
      `a choice at ${question}`,
      {
        ceiling: 40_000,
        read: (text, meter) => readChoice(text, countedOptions(options, meter), WORDS, meter),
      },
    ]),
  ),
  "an official's title": { ceiling: 12_000, read: (text, meter) => titleSearch(fold(text), meter) },
  'a date': { ceiling: 5_000, read: (text, meter) => findDate(text, TODAY, meter) },
  'a petition number': { ceiling: 6_000, read: (text, meter) => readPetitionNumber(text, TODAY, meter) },
  'a phone number': { ceiling: 2_500, read: (text, meter) => checkPhone(text, 'RO', ['RO', 'IR'], meter) },
  'a reference code': { ceiling: 2_500, read: (text, meter) => normalizeCode(text, meter) },
  'the script (Persian or not)': { ceiling: 2_500, read: (text, meter) => isArabicScript(text, meter) },
};

/** The work a reader does on a text built at each length; Infinity past the ceiling. */
function workAt(reader: (typeof READERS)[string], build: (length: number) => string): number[] {
  return LENGTHS.map((length) => {
    const meter = ceilingMeter(reader.ceiling);
    try {
      reader.read(build(length), meter);
    } catch (error) {
      if (error instanceof OverCeiling) return Infinity;
      throw error;
    }
    return meter.steps;
  });
}

describe.each(Object.entries(READERS))('%s', (_name, reader) => {
  it.each(HOSTILE_TEXTS.map((h) => [h.name, h] as const))(
    'reads %s in work linear in its length, under a fixed ceiling at 2,000 characters',
    (_text, hostile) => {
      expect(hostile.build(2000).length).toBeLessThanOrEqual(2000);
      const [short, medium, long] = workAt(reader, hostile.build);
      expect(long).toBeLessThanOrEqual(reader.ceiling);
      expect(medium).toBeLessThanOrEqual(4 * short + SLACK);
      expect(long).toBeLessThanOrEqual(4 * medium + SLACK);
    },
  );
});

describe('the meters count what is read', () => {
  // Without this, a reader that stopped counting would pass every bound above.
  it.each(Object.entries(READERS))(
    '%s counts at least one step a character it must look at',
    (_n, reader) => {
      const text = 'nu prin e-mail, 12.10.2026, 0722 123 456, ACDE-FGHJ, primar '.repeat(30).slice(0, 1000);
      const meter = ceilingMeter(reader.ceiling);
      reader.read(text, meter);
      expect(meter.steps).toBeGreaterThan(0);
    },
  );

  it('a long text is read to its end: its answer is the answer of its short form', () => {
    const options = () => countedOptions(QUESTIONS['yes/no'], { steps: 0 });
    // "nu … da": "da" refused by the negation before it, and "nu" not an answer where it refuses another.
    expect(readChoice('nu nu da', options(), WORDS)).toBeUndefined();
    expect(readChoice(`${'nu '.repeat(600)}da`, options(), WORDS)).toBeUndefined();
    expect(readChoice(`${'bla '.repeat(490)}da`, options(), WORDS)).toEqual({
      value: 'yes',
      inSentence: true,
    });
    expect(readChoice(`${'nu, nu am depus '.repeat(120)}`, options(), WORDS)?.value).toBe('no');
  });
});
