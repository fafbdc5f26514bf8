import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LANGS, type Lang } from '../../dialogs/languages';

/** Every language of the registry is checked against the first (Romanian). */
const [FIRST, ...OTHERS] = LANGS;
/** Every namespace of a language (`clerk`, and one per procedure), keyed by its name. */
const pack = (lang: string) => {
  const dir = path.join(__dirname, '../../locales', lang);
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => [f.slice(0, -5), JSON.parse(readFileSync(path.join(dir, f), 'utf8'))]),
  );
};
const packs = Object.fromEntries(LANGS.map((l) => [l, pack(l)])) as Record<Lang, Record<string, unknown>>;

function flatten(obj: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  return Object.entries(obj).reduce<Record<string, unknown>>((acc, [k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v))
      Object.assign(acc, flatten(v as Record<string, unknown>, key));
    else acc[key] = v;
    return acc;
  }, {});
}

const PLURAL = /_(zero|one|two|few|many|other)$/;
/** Web Chat's own strings, given only for a language Web Chat has none for (Persian). */
const WEB_CHAT = 'web.webChat.';
const keys = (lang: Lang) =>
  [
    ...new Set(
      Object.keys(flatten(packs[lang]))
        .filter((k) => !k.startsWith(WEB_CHAT))
        .map((k) => k.replace(PLURAL, '')),
    ),
  ].sort();
const variables = (text: unknown) =>
  typeof text === 'string' ? [...text.matchAll(/{{\s*([\w]+)/g)].map((m) => m[1]).sort() : [];

describe('locale packs', () => {
  it('every language has the same namespaces and keys (plural forms aside)', () => {
    for (const lang of OTHERS) expect({ lang, keys: keys(lang) }).toEqual({ lang, keys: keys(FIRST) });
  });

  it('Romanian has one/few/other plural forms, as CLDR says', () => {
    const flat = flatten(packs.ro);
    expect(Object.keys(flat).filter((k) => k.startsWith('clerk.time.days'))).toEqual([
      'clerk.time.days_one',
      'clerk.time.days_few',
      'clerk.time.days_other',
    ]);
  });

  it('every text uses the same variables in every language', () => {
    const first = flatten(packs[FIRST]);
    for (const lang of OTHERS) {
      const other = flatten(packs[lang]);
      for (const key of Object.keys(first).filter(
        (k) => !PLURAL.test(k) && !k.startsWith('clerk.synonyms.'),
      )) {
        expect({ key, lang, vars: variables(other[key]) }).toEqual({
          key,
          lang,
          vars: variables(first[key]),
        });
      }
    }
  });

  it('no text is empty', () => {
    for (const lang of LANGS) {
      for (const [key, value] of Object.entries(flatten(packs[lang]))) {
        expect({
          key,
          empty: Array.isArray(value) ? value.length === 0 : String(value).trim() === '',
        }).toEqual({ key, empty: false });
      }
    }
  });
});
