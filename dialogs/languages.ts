/**
 * The languages the clerk speaks, in one registry: what code needs to know about each.
 *
 * Adding a language = an entry here + locales/<code>/ (every namespace, with its `words` lists) +
 * data/nlu/<code>.json (with its `titleWords`) + the data files' texts in that language (every localized field of
 * data/municipalities/<id>.json). Words belong to the locale packs and the NLU data, never to code.
 */

export interface Language {
  /** ISO 639-1 code: the locale folder, the NLU data file, the keys of a localized text. */
  code: string;
  /** Its own name, as the web page's language menu shows it (naming it switches the clerk to it). */
  endonym: string;
  /** The locale a channel announces for it (Web Chat, the Emulator): ro-RO → ro. */
  channelLocale: string;
  /** The Intl locale dates and times are written in (with the calendar the language's speakers read). */
  intlLocale: string;
  direction: 'ltr' | 'rtl';
  /** The script it is written in: a message mostly in Arabic script is Persian today (see bot/language.ts). */
  script: 'Latin' | 'Arabic';
  /** Numbers written in the language's own digits (Persian ۰-۹), not in ASCII ones. */
  nativeDigits: boolean;
  /** Between the items of a list (Monday–Wednesday, Friday). */
  listSeparator: string;
  /** Between groups that themselves hold lists (opening hours of several runs of days). */
  groupSeparator: string;
  /** Its nlp.js language package: stemmer and tokenizer for the models (loaded by bot/nlu.ts). */
  nlp: { module: string; export: string };
}

export const LANGUAGES = [
  {
    code: 'ro',
    endonym: 'Română',
    channelLocale: 'ro-RO',
    intlLocale: 'ro-RO',
    direction: 'ltr',
    script: 'Latin',
    nativeDigits: false,
    listSeparator: ', ',
    groupSeparator: '; ',
    nlp: { module: '@nlpjs/lang-ro', export: 'LangRo' },
  },
  {
    code: 'fa',
    endonym: 'فارسی',
    channelLocale: 'fa-IR',
    // The Solar Hijri calendar, with Persian digits.
    intlLocale: 'fa-IR-u-ca-persian',
    direction: 'rtl',
    script: 'Arabic',
    nativeDigits: true,
    listSeparator: '، ',
    groupSeparator: '؛ ',
    nlp: { module: '@nlpjs/lang-fa', export: 'LangFa' },
  },
  {
    code: 'en',
    endonym: 'English',
    channelLocale: 'en-US',
    // British English: the day before the month (3 December 2026), as the clerk's other languages write it.
    intlLocale: 'en-GB',
    direction: 'ltr',
    script: 'Latin',
    nativeDigits: false,
    listSeparator: ', ',
    groupSeparator: '; ',
    nlp: { module: '@nlpjs/lang-en-min', export: 'LangEn' },
  },
] as const satisfies readonly Language[];

/** A language the clerk speaks. */
export type Lang = (typeof LANGUAGES)[number]['code'];
/** The clerk's languages, in the registry's order. */
export const LANGS: readonly Lang[] = LANGUAGES.map((l) => l.code);

/** What the registry says of one language. */
export const LANGUAGE: Readonly<Record<Lang, Language>> = Object.fromEntries(
  LANGUAGES.map((l) => [l.code, l]),
) as Record<Lang, Language>;

export function isLang(value: unknown): value is Lang {
  return (LANGS as readonly unknown[]).includes(value);
}

/** The one language written in a script, if only one is (Arabic script: Persian). */
export function onlyLanguageWritten(script: Language['script']): Lang | undefined {
  const written = LANGS.filter((l) => LANGUAGE[l].script === script);
  return written.length === 1 ? written[0] : undefined;
}
