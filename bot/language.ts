import { LANGUAGE, LANGS, onlyLanguageWritten, type Lang, type Language } from '../dialogs/languages';
import type { IntentResult } from '../dialogs/reply';
import { fold, isArabicScript } from '../dialogs/text/normalize';
import { packLists, type Texts } from './i18n';

/** The language a channel's locale names (ro-RO → ro, fa-IR → fa, en-US → en), if the clerk speaks it. */
export function languageFromLocale(locale: string | undefined): Lang | undefined {
  const prefix = locale?.toLowerCase().split(/[-_]/)[0];
  return LANGS.find((lang) => lang === prefix);
}

/** Arabic when most of a text's letters are; else Latin (digits and signs alone too). */
const scriptOf = (text: string): Language['script'] => (isArabicScript(text) ? 'Arabic' : 'Latin');

/**
 * The language a text's script tells, where only one of the clerk's languages is written in it (Arabic script:
 * Persian). Not Latin: a text of digits or signs alone counts as Latin, and says nothing of its language.
 */
const languageWritten = (script: Language['script']): Lang | undefined =>
  script === 'Latin' ? undefined : onlyLanguageWritten(script);

/**
 * The activity's locale first, else the script of the first message (Arabic script → Persian),
 * else the municipality's default.
 */
export function detectLanguage(locale: string | undefined, text: string | undefined, fallback: Lang): Lang {
  return languageFromLocale(locale) ?? (text ? languageWritten(scriptOf(text)) : undefined) ?? fallback;
}

/** Which language each name asks for, folded ("romana", "english", "فارسی"). */
export type LanguageNames = ReadonlyMap<string, Lang>;

/**
 * The names that ask for each language, in any language: each language's own pack lists them
 * (`words.languageNames`: the Romanian pack says "română", "romanian", "رومانیایی").
 */
export function languageNames(texts: Pick<Texts, 'list'>): LanguageNames {
  const names = new Map<string, Lang>();
  for (const lang of LANGS)
    for (const name of texts.list(lang, 'words.languageNames')) names.set(fold(name), lang);
  return names;
}

/** The names as the packs on disk list them, for a caller without the clerk's texts. */
let namesOnDisk: LanguageNames | undefined;

/** A message that only names a language ("English", "Română", "فارسی") asks to switch to it. */
export function languageSwitch(
  text: string,
  names: LanguageNames = (namesOnDisk ??= languageNames(packLists())),
): Lang | undefined {
  return names.get(fold(text));
}

/** How sure another language's model must be of a message to switch the conversation to that language. */
const SWITCH_SCORE = 0.9;

/**
 * What a message asks, and in which of the clerk's languages it is written, where that is clear: Arabic
 * script is Persian; otherwise a message the conversation's language does not understand (its model says
 * None) is in the one other language written in the same script whose model is sure of it. The Emulator's
 * locale defaults to en-US, so a Romanian citizen's "vreau audiență la primar" must not be read as English.
 */
export async function readLanguage(
  text: string,
  current: Lang,
  intentIn: (lang: Lang) => Promise<IntentResult>,
): Promise<{ lang: Lang; intent: IntentResult }> {
  const script = scriptOf(text);
  const written = languageWritten(script);
  if (written) return { lang: written, intent: await intentIn(written) };
  const intent = await intentIn(current);
  if (intent.intent !== 'None') return { lang: current, intent };
  const sure: { lang: Lang; intent: IntentResult }[] = [];
  for (const other of LANGS.filter((l) => l !== current && LANGUAGE[l].script === script)) {
    const theirs = await intentIn(other);
    if (theirs.intent !== 'None' && theirs.score >= SWITCH_SCORE) sure.push({ lang: other, intent: theirs });
  }
  return sure.length === 1 ? sure[0] : { lang: current, intent };
}

/**
 * Languages a citizen of these cities may write in that the clerk does not speak: the neighbours' and the
 * visitors' (Hungarian in Cluj). The guesser weighs only these and the clerk's own, so a short Romanian
 * sentence is not read as Galician.
 */
const OTHER_LANGUAGES = ['hu', 'de', 'fr', 'it', 'es', 'pt', 'ru', 'uk', 'bg', 'sr', 'pl', 'tr', 'ar'];
/** Fewer words than this say too little for a trigram guess ("ok", "Ioana Pop", "buna ziua"). */
const FOREIGN_MIN_WORDS = 4;
/** Only the start is read: a guess from 200 characters is as good as from 2,000, and costs a tenth. */
const FOREIGN_READ_CHARS = 200;
/**
 * The guess must be this much surer of the foreign language than of any of the clerk's own: trigrams of a short
 * sentence mislead (an English question can look Portuguese by 0.15), and a citizen told "write in Romanian"
 * in Romanian is worse served than one answered in the menu.
 */
const FOREIGN_MARGIN = 0.2;

/**
 * Built when the module loads, at the server's start: its first use would otherwise load the trigram profiles
 * of every language in the middle of a citizen's turn (tens of milliseconds, every conversation waiting).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the package ships no types
const { Language } = require('@nlpjs/language') as {
  Language: new () => {
    guess(text: string, allow: string[], limit: number): { alpha2: string; score: number }[];
  };
};
const guesser = new Language();

/**
 * A message written in a language the clerk does not speak, by nlp.js's trigram guesser (@nlpjs/language): its
 * code, or undefined when unsure. The turn engine asks it only of a message the conversation's model is not sure of.
 */
export function foreignLanguage(text: string): string | undefined {
  const start = text.slice(0, FOREIGN_READ_CHARS);
  if (start.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length < FOREIGN_MIN_WORDS) return undefined;
  const guesses = guesser.guess(start, [...LANGS, ...OTHER_LANGUAGES], OTHER_LANGUAGES.length + LANGS.length);
  const best = guesses[0];
  if (!best || (LANGS as readonly string[]).includes(best.alpha2)) return undefined;
  const ours = Math.max(
    0,
    ...guesses.filter((g) => (LANGS as readonly string[]).includes(g.alpha2)).map((g) => g.score),
  );
  return best.score - ours >= FOREIGN_MARGIN ? best.alpha2 : undefined;
}
