import { readdirSync, readFileSync } from 'node:fs';
import { containerBootstrap } from '@nlpjs/core';
import { Nlp } from '@nlpjs/nlp';
import { LANGUAGE, LANGS, type Lang } from '../dialogs/languages';
import type { Level } from '../dialogs/municipality';
import type { IntentResult } from '../dialogs/reply';
import type { ReasonClassification } from '../dialogs/rules/reason-check';
import { fold } from '../dialogs/text/normalize';
import { createPhraseSearch, type PhraseSearch } from '../dialogs/text/phrase-search';
import type { WorkMeter } from '../dialogs/text/work-meter';
import { dataPath } from './paths';

/**
 * Training examples for one language, kept as data: `data/nlu/<lang>/<part>.json`, one file for what every
 * conversation reads (clerk.json: small talk, information, a person, my booking, other institutions) and one per
 * procedure that brings words of its own (audience.json: asking for an audience, the officials, the reasons).
 */
export interface NluCorpus {
  intents: Record<string, string[]>;
  officials: Partial<Record<Level, string[]>>;
  /** Words around a title that do not change whom it names ("la primar", "the mayor", "با شهردار"). */
  titleWords: string[];
  reasons: Record<string, string[]>;
}

/** Every file of a language's folder, merged: the same intent in two files has both files' examples. */
export function loadCorpus(lang: Lang): NluCorpus {
  const corpus: NluCorpus = { intents: {}, officials: {}, titleWords: [], reasons: {} };
  const dir = dataPath('nlu', lang);
  const merge = <K extends string>(
    into: Partial<Record<K, string[]>>,
    from?: Partial<Record<K, string[]>>,
  ) => {
    for (const [key, texts] of Object.entries(from ?? {}) as [K, string[]][])
      into[key] = [...(into[key] ?? []), ...texts];
  };
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const part = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as Partial<NluCorpus>;
    merge(corpus.intents, part.intents);
    merge(corpus.officials, part.officials);
    merge(corpus.reasons, part.reasons);
    corpus.titleWords.push(...(part.titleWords ?? []));
  }
  return corpus;
}

/** Intents that interrupt whatever the clerk asked: information questions and asking for a person. */
const QUESTION_INTENTS = (intent: string) => intent.startsWith('info.') || intent === 'person.request';
/** How much of a message the search for an official's title reads (see officialIn). */
export const OFFICIAL_READ_CHARS = 500;

export interface Understanding {
  intent(lang: Lang, text: string): Promise<IntentResult>;
  /** The official a text names, whatever it asks (the intent's own `official` only comes with an audience request). */
  official(lang: Lang, text: string, meter?: WorkMeter): Promise<Level | undefined>;
  reason(lang: Lang, text: string): Promise<ReasonClassification>;
}

async function createNlp(): Promise<Nlp> {
  const container = await containerBootstrap();
  container.use(Nlp);
  // Each language's nlp.js package as the registry names it: a new language needs no import here.
  for (const lang of LANGS) {
    const { module, export: name } = LANGUAGE[lang].nlp;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module is named by data
    container.use((require(module) as Record<string, unknown>)[name]);
  }
  // No sentiment and no entity pass: the clerk finds officials' titles itself (see officialIn).
  const nlp = new Nlp({
    container,
    autoSave: false,
    autoLoad: false,
    forceNER: false,
    calculateSentiment: false,
  });
  nlp.nluManager.settings.log = false;
  for (const lang of LANGS) nlp.addLanguage(lang);
  return nlp;
}

/**
 * nlp.js, trained at start from data/nlu: one model for what the citizen wants (intents) and one for the reason
 * they give (a topic, vague, or outside the city's competence); the official they name is found by title.
 * Text is folded (no diacritics, Persian letters and digits normalised) before training and before use.
 */
export async function createUnderstanding(corpora: Record<Lang, NluCorpus>): Promise<Understanding> {
  const intents = await createNlp();
  const reasons = await createNlp();
  /** Each language's officials' titles, folded: a message that is only a title names that official. */
  const titles = new Map<string, Level>();
  /** The same titles, to be found within a sentence. */
  const titleSearch = new Map<Lang, PhraseSearch<Level>>();
  /** The words around a title alone, of every language: a message may not be in the conversation's language. */
  const titleWords = new Set(LANGS.flatMap((lang) => corpora[lang].titleWords.map(fold)));
  for (const lang of LANGS) {
    const corpus = corpora[lang];
    for (const [level, texts] of Object.entries(corpus.officials)) {
      for (const title of texts ?? []) titles.set(`${lang}:${fold(title)}`, level as Level);
    }
    titleSearch.set(
      lang,
      createPhraseSearch(
        Object.entries(corpus.officials).flatMap(([level, texts]) =>
          (texts ?? []).map((title) => ({ value: level as Level, text: fold(title) })),
        ),
      ),
    );
    for (const [intent, utterances] of Object.entries(corpus.intents)) {
      for (const u of utterances) intents.addDocument(lang, fold(u), intent);
    }
    for (const [intent, utterances] of Object.entries(corpus.reasons)) {
      for (const u of utterances) reasons.addDocument(lang, fold(u), intent);
    }
    // Where a reason is expected, a question ("what are your hours?") is told apart from a reason by the
    // reason model itself: it learns them as one more class from the question intents' own examples.
    for (const [intent, utterances] of Object.entries(corpus.intents)) {
      if (!QUESTION_INTENTS(intent)) continue;
      for (const u of utterances) reasons.addDocument(lang, fold(u), 'question');
    }
  }
  await intents.train();
  await reasons.train();

  /**
   * Which official a folded text names: the titles from data/nlu, word by word, a typing slip forgiven
   * (dialogs/text/phrase-search.ts); "viceprimar" also contains "primar": the longest title named wins. nlp.js's
   * own entity pass did this before, at ≈ 45 ms of CPU for 500 characters of short words ("nu nu nu …") on a
   * 2-core machine; this search reads the same text in well under a millisecond. Only the start of a long
   * message is read: a citizen names whom they want to see early.
   */
  function officialIn(lang: Lang, folded: string, meter?: WorkMeter): Level | undefined {
    const hits = titleSearch.get(lang)!(folded.slice(0, OFFICIAL_READ_CHARS), meter);
    let best: (typeof hits)[number] | undefined;
    for (const hit of hits) if (!best || hit.text.length > best.text.length) best = hit;
    return best?.value;
  }

  return {
    async intent(lang, text) {
      const folded = fold(text);
      // The whole text is classified: a bag of words, linear, ≈ 1 ms of CPU at 2,000 characters (2-core machine).
      const result = await intents.process(lang, folded);
      if (result.intent !== 'audience.request') {
        // A title alone ("primarul", "la primar", "head of department", answering the menu) names the
        // official whatever the intent model makes of so few words; "telefon primar" is not a title alone.
        const words = folded.split(' ').filter((w) => !titleWords.has(w));
        const official = titles.get(`${lang}:${words.join(' ')}`);
        return official
          ? { intent: result.intent, score: result.score, official }
          : { intent: result.intent, score: result.score };
      }
      return { intent: result.intent, score: result.score, official: officialIn(lang, folded) };
    },
    official: async (lang, text, meter) => officialIn(lang, fold(text), meter),
    async reason(lang, text) {
      const result = await reasons.process(lang, fold(text));
      return { intent: result.intent, score: result.score };
    },
  };
}

export function createUnderstandingFromData(): Promise<Understanding> {
  return createUnderstanding(
    Object.fromEntries(LANGS.map((lang) => [lang, loadCorpus(lang)])) as Record<Lang, NluCorpus>,
  );
}
