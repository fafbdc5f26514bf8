import { readdirSync, readFileSync } from 'node:fs';
import { containerBootstrap } from '@nlpjs/core';
import { Nlp } from '@nlpjs/nlp';
import { LANGUAGE, LANGS, type Lang } from '../dialogs/languages';
import type { Level } from '../dialogs/municipality';
import type { IntentResult } from '../dialogs/reply';
import { createReadings } from './nlu-readings';
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
  /** The words after which an audience request states its matter ("despre", "about", "درباره"). */
  matterWords: string[];
  /** Words that end a sentence rather than its matter ("vă rog", "please", "صحبت کنم"): left out of it. */
  matterEnds: string[];
  /**
   * The words without which a reading of thanks or goodbye is not believed: the model is sure of them for any
   * short text it has few words for ("ok", "nu a fost favorabil"), and a goodbye ends what the clerk asked.
   */
  smallTalkWords: Record<string, string[]>;
  /** Words a slip away from a title that are not one ("شهرداری", the city hall, is not "شهردار", the mayor). */
  notTitleWords: string[];
  /** The words that speak of a booking already made ("programarea mea", "my appointment", "نوبتم"). */
  bookedWords: string[];
  /** The words that say what to do with a booking ("anulez", "reschedule", "لغو"). */
  actionWords: { cancel: string[]; move: string[] };
  /** The words of a moment an hours question asks about, and each weekday's forms (Monday first). */
  timeWords: { now: string[]; today: string[]; tomorrow: string[] };
  weekdays: string[][];
}

/** Every file of a language's folder, merged: the same intent in two files has both files' examples. */
export function loadCorpus(lang: Lang): NluCorpus {
  const corpus: NluCorpus = {
    intents: {},
    officials: {},
    titleWords: [],
    reasons: {},
    matterWords: [],
    matterEnds: [],
    bookedWords: [],
    notTitleWords: [],
    smallTalkWords: {},
    actionWords: { cancel: [], move: [] },
    timeWords: { now: [], today: [], tomorrow: [] },
    weekdays: [[], [], [], [], [], [], []],
  };
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
    corpus.matterWords.push(...(part.matterWords ?? []));
    corpus.matterEnds.push(...(part.matterEnds ?? []));
    corpus.bookedWords.push(...(part.bookedWords ?? []));
    corpus.notTitleWords.push(...(part.notTitleWords ?? []));
    merge(corpus.smallTalkWords, part.smallTalkWords);
    merge(corpus.actionWords, part.actionWords);
    merge(corpus.timeWords, part.timeWords);
    part.weekdays?.forEach((forms, i) => corpus.weekdays[i].push(...forms));
  }
  return corpus;
}

/**
 * Intents that interrupt whatever the clerk asked: information questions, asking for a person, small talk and
 * "what can you do" — where a reason is expected, the reason model learns them as not being one.
 */
const QUESTION_INTENTS = (intent: string) =>
  intent.startsWith('info.') ||
  intent.startsWith('smalltalk.') ||
  intent === 'person.request' ||
  intent === 'nav.help';
/**
 * A second reading is offered (the clerk asks which one was meant) when the first is no surer than this and
 * the second is at least ALTERNATIVE_RATIO as likely (nlp.js's scores of one message add up to 1).
 */
const UNSURE_SCORE = 0.75;
/** A referral to another institution this sure needs no second opinion from the reason model. */
const SURE_REFERRAL = 0.8;
/** A reading this sure stands even when the message names an official ("care e telefonul primarului?"). */
const SURE_SCORE = 0.9;
/** What naming an official does not make an audience request: a booking made, another institution's matter. */
const NOT_AN_AUDIENCE = (intent: string) => intent === 'booking.manage' || intent.startsWith('outside.');
const ALTERNATIVE_RATIO = 0.5;
/** How much of a message the search for an official's title reads (see officialIn). */
export const OFFICIAL_READ_CHARS = 500;
/**
 * The words of a folded text that hold a letter: what the intent model reads. A number ("nr. 10", a phone, a
 * time) says nothing of what is wanted, yet a bag of words would take one met in a single example for a sure sign
 * of that example's intent ("pe strada Horea nr. 10" read as a request for phone numbers).
 */
const lettered = (folded: string) =>
  folded
    .split(' ')
    .filter((w) => /\p{L}/u.test(w))
    .join(' ');

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

/** How many of the questions' examples the reason model learns what a question looks like from. */
const QUESTION_EXAMPLES = 150;
/** How many examples of each kind an audience request stating its matter is taught with, at most. */
const MATTER_EXAMPLES = 120;

/**
 * First messages taught from the reasons' examples, for what the intent model would otherwise learn only from
 * short requests: an audience request stating its matter ("vreau audiență la primar despre <a topic's reason>"
 * — otherwise a matter's words pull the request towards whatever intent has them, a neighbourhood's name towards
 * the neighbourhood town halls), and another institution's matter said as it is ("mi-a expirat buletinul" is
 * `outside.identityCard` first as well as as a reason). Built from the training data only, the same every time.
 */
export function firstMessagesFromReasons(corpus: NluCorpus): [intent: string, text: string][] {
  const openers = (corpus.intents['audience.request'] ?? []).filter((u) => u.split(' ').length <= 7);
  const connectors = corpus.matterWords.slice(0, 4);
  const topics = Object.entries(corpus.reasons)
    .filter(([intent]) => intent.startsWith('topic.'))
    .flatMap(([, texts]) => texts);
  const examples: [string, string][] = [];
  if (openers.length && connectors.length)
    topics.slice(0, MATTER_EXAMPLES).forEach((reason, i) => {
      const opener = openers[i % openers.length].replace(/[.?!؟]+$/u, '');
      examples.push(['audience.request', `${opener} ${connectors[i % connectors.length]} ${reason}`]);
    });
  for (const [intent, texts] of Object.entries(corpus.reasons))
    if (intent.startsWith('outside.') && corpus.intents[intent])
      for (const text of texts) examples.push([intent, text]);
  return examples;
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
  const readings = new Map(LANGS.map((lang) => [lang, createReadings(corpora[lang])]));
  const notTitleWords = new Map(LANGS.map((lang) => [lang, new Set(corpora[lang].notTitleWords.map(fold))]));
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
      for (const u of utterances) intents.addDocument(lang, lettered(fold(u)), intent);
    }
    for (const [intent, u] of firstMessagesFromReasons(corpus))
      intents.addDocument(lang, lettered(fold(u)), intent);
    for (const [intent, utterances] of Object.entries(corpus.reasons)) {
      for (const u of utterances) reasons.addDocument(lang, fold(u), intent);
    }
    // Where a reason is expected, a question ("what are your hours?") is told apart from a reason by the
    // reason model itself: it learns them as one more class from the question intents' own examples — a
    // sample of them, as many as a few reason classes have: more would outweigh the reasons themselves.
    const questions = Object.entries(corpus.intents)
      .filter(([intent]) => QUESTION_INTENTS(intent))
      .flatMap(([, utterances]) => utterances);
    const step = Math.max(1, questions.length / QUESTION_EXAMPLES);
    for (let i = 0; i < questions.length; i += step)
      reasons.addDocument(lang, fold(questions[Math.floor(i)]), 'question');
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
    const notTitles = notTitleWords.get(lang)!;
    const read = folded
      .slice(0, OFFICIAL_READ_CHARS)
      .split(' ')
      .filter((w) => !notTitles.has(w))
      .join(' ');
    const hits = titleSearch.get(lang)!(read, meter);
    let best: (typeof hits)[number] | undefined;
    for (const hit of hits) if (!best || hit.text.length > best.text.length) best = hit;
    return best?.value;
  }

  return {
    async intent(lang, text) {
      const folded = fold(text);
      // Digits and signs alone ("1", "3", an option's number) ask nothing: a bag of words would find the one
      // example with that number in it, and be sure of it.
      if (!/\p{L}/u.test(folded)) return { intent: 'None', score: 1 };
      // The whole text is classified: a bag of words, linear, ≈ 1 ms of CPU at 2,000 characters (2-core machine).
      const result = await intents.process(lang, lettered(folded));
      const read: IntentResult = { intent: result.intent, score: result.score };
      // Another institution's matter read less than surely is referred there only when the reason model agrees:
      // a city hall's own matter ("mi s-a stricat becul de pe stâlp") can share words with another institution's;
      // otherwise the best reading that is not a referral stands.
      if (result.intent.startsWith('outside.') && result.score < SURE_REFERRAL) {
        const reason = await reasons.process(lang, folded);
        if (!reason.intent.startsWith('outside.')) {
          const next = result.classifications?.find((c) => !c.intent.startsWith('outside.'));
          read.intent = next?.intent ?? 'None';
          read.score = next?.score ?? 1;
        }
      }
      const second = result.classifications?.find((c) => c.intent !== result.intent);
      if (
        result.intent !== 'None' &&
        second &&
        second.intent !== 'None' &&
        result.score <= UNSURE_SCORE &&
        second.score >= ALTERNATIVE_RATIO * result.score
      )
        read.alternative = second.intent;
      const said = readings.get(lang)!;
      if (!said.saysSmallTalk(read.intent, text)) {
        const next = result.classifications?.find(
          (c) => c.intent !== read.intent && said.saysSmallTalk(c.intent, text),
        );
        read.intent = next && next.score >= ALTERNATIVE_RATIO * result.score ? next.intent : 'None';
        read.score = next?.score ?? 1;
        read.alternative = undefined;
      }
      // A sentence naming an official, which the model does not read surely as something else ("pot să vorbesc
      // cu primarul despre terenul de joacă din Grigorescu?" — the neighbourhood's name pulls it towards the
      // neighbourhood town halls), asks to see that official: what the model read is the second reading.
      const named = result.intent === 'audience.request' ? undefined : officialIn(lang, folded);
      if (named && result.score < SURE_SCORE && !NOT_AN_AUDIENCE(result.intent)) {
        read.alternative = result.intent === 'None' ? undefined : result.intent;
        read.intent = 'audience.request';
      }
      // A booking already made ("audiența mea de marți", "my appointment"), spoken of with words the model
      // learnt for new ones: it is about that booking, unless the message asks for information or a person.
      if (
        said.speaksOfBooking(text) &&
        !read.intent.startsWith('info.') &&
        read.intent !== 'person.request'
      ) {
        read.intent = 'booking.manage';
        read.alternative = undefined;
        read.booked = true;
      }
      // Cancelling is said only of a booking made ("انصراف از ملاقات", "anulez audiența"): moving is not ("vreau
      // audiență să schimbăm regulile de parcare").
      if (read.intent === 'audience.request' && said.actionIn(text) === 'cancel') {
        read.intent = 'booking.manage';
        read.alternative = undefined;
      }
      if (read.intent === 'booking.manage') read.action = said.actionIn(text);
      if (read.action) read.booked = true;
      if (read.intent === 'info.hours') read.when = said.whenIn(text);
      if (read.intent !== 'audience.request') {
        // A title alone ("primarul", "la primar", "head of department", answering the menu) names the
        // official whatever the intent model makes of so few words; "telefon primar" is not a title alone.
        const words = folded.split(' ').filter((w) => !titleWords.has(w));
        const official = titles.get(`${lang}:${words.join(' ')}`);
        if (official) read.official = official;
        return read;
      }
      read.official = officialIn(lang, folded);
      // The matter it states is read as a reason would be: the audience offers it back instead of asking.
      const matter = said.matterIn(text) ?? said.sentenceAfter(text, (s) => !officialIn(lang, fold(s)));
      if (matter) {
        const reason = await reasons.process(lang, fold(matter));
        read.matter = { text: matter, reason: { intent: reason.intent, score: reason.score } };
      }
      return read;
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
