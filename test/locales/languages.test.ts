/**
 * The language registry (dialogs/languages.ts) is the one place a language is named in code: each of its languages
 * has what the clerk reads for it (its locale folder with every namespace, its NLU data, its words), and no source
 * file of the bot or the dialogs asks for one language by name. The keys of the locale packs are compared across
 * languages in locales.test.ts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { languageNames } from '../../bot/language';
import { packLists } from '../../bot/i18n';
import { loadCorpus } from '../../bot/nlu';
import { LANGUAGE, LANGS } from '../../dialogs/languages';
import { fold } from '../../dialogs/text/normalize';

const root = path.join(__dirname, '..', '..');
const namespaces = (lang: string) =>
  readdirSync(path.join(root, 'locales', lang))
    .filter((f) => f.endsWith('.json'))
    .sort();

/** The `words` lists every language's `clerk` pack holds. */
const WORDS = [
  'sms.stop',
  'sms.start',
  'sms.help',
  'connectives',
  'negations',
  'optionNumber',
  'languageNames',
] as const;

describe.each(LANGS)('the registry language %s', (lang) => {
  it('has a locale folder with every namespace', () => {
    expect(existsSync(path.join(root, 'locales', lang))).toBe(true);
    expect(namespaces(lang)).toEqual(namespaces(LANGS[0]));
    expect(namespaces(lang)).toEqual(expect.arrayContaining(['clerk.json', 'web.json']));
  });

  it('has its NLU data: intents, officials, the words around a title, reasons', () => {
    const corpus = loadCorpus(lang);
    expect(Object.keys(corpus.intents).length).toBeGreaterThan(0);
    expect(Object.keys(corpus.officials).sort()).toEqual(['deputy', 'head', 'mayor']);
    expect(corpus.titleWords.length).toBeGreaterThan(0);
    expect(Object.keys(corpus.reasons).length).toBeGreaterThan(0);
  });

  it('lists every word the code reads, none empty', () => {
    const lists = packLists();
    for (const key of WORDS) {
      const words = lists.list(lang, `words.${key}`);
      expect({ key, some: words.length > 0 }).toEqual({ key, some: true });
      for (const word of words) expect({ key, word: fold(word) === '' }).toEqual({ key, word: false });
    }
  });

  it('is switched to by its own name (the web page menu sends it)', () => {
    expect(languageNames(packLists()).get(fold(LANGUAGE[lang].endonym))).toBe(lang);
  });

  it('has its nlp.js language package installed', () => {
    const { module, export: name } = LANGUAGE[lang].nlp;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module is named by the registry
    expect(typeof (require(module) as Record<string, unknown>)[name]).toBe('function');
  });

  it('has an Intl locale this Node understands, written as the registry says', () => {
    const { intlLocale, nativeDigits } = LANGUAGE[lang];
    expect(Intl.DateTimeFormat.supportedLocalesOf([intlLocale])).toEqual([intlLocale]);
    const digits = new Intl.NumberFormat(intlLocale).format(7);
    expect(digits === '7').toBe(!nativeDigits);
  });
});

describe('the language names', () => {
  it('ask for one language each', () => {
    const seen = new Map<string, string>();
    for (const lang of LANGS)
      for (const name of packLists().list(lang, 'words.languageNames')) {
        const folded = fold(name);
        expect({ name, also: seen.get(folded) }).toEqual({ name, also: undefined });
        seen.set(folded, lang);
      }
  });
});

describe('no language named in code', () => {
  /** Every TypeScript source file under a folder. */
  const sources = (dir: string): string[] =>
    readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) return sources(file);
      return entry.name.endsWith('.ts') ? [file] : [];
    });

  it.each(['bot', 'dialogs'])("no source file in %s/ compares a language with 'fa'", (dir) => {
    const files = sources(dir);
    expect(files.length).toBeGreaterThan(0);
    const naming = files.filter((file) =>
      /[!=]==\s*['"]fa['"]/.test(readFileSync(path.join(root, file), 'utf8')),
    );
    expect(naming).toEqual([]);
  });
});
