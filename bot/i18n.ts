import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next, { type i18n as I18n } from 'i18next';
import { LANGUAGE, LANGS, isLang, type Lang } from '../dialogs/languages';
import type { Localized, Municipality } from '../dialogs/municipality';
import type { Param, Params } from '../dialogs/reply';
import { toPersianDigits } from '../dialogs/text/normalize';
import { localesPath } from './paths';

export interface Texts {
  /** A locale key rendered in a language, with the municipality's own facts available to every text. */
  t(lang: Lang, key: string, params?: Params): string;
  /** Every translation of a key that holds a list (synonyms). */
  list(lang: Lang, key: string): string[];
}

/** The lists of a key in every language, as one list (words understood whatever the conversation's language). */
export function everyLanguage(texts: Pick<Texts, 'list'>, key: string): string[] {
  return LANGS.flatMap((lang) => texts.list(lang, key));
}

/** One namespace of a language's pack as it is on disk (`locales/<lang>/<namespace>.json`). */
export function readNamespace(lang: Lang, namespace: string): Record<string, unknown> {
  return JSON.parse(readFileSync(localesPath(lang, `${namespace}.json`), 'utf8')) as Record<string, unknown>;
}

/** The lists of the `clerk` namespace as they are on disk, for a caller without the clerk's texts (a test). */
export function packLists(): Pick<Texts, 'list'> {
  const packs = new Map<Lang, Record<string, unknown>>();
  return {
    list(lang, key) {
      if (!packs.has(lang)) packs.set(lang, readNamespace(lang, 'clerk'));
      let value: unknown = packs.get(lang);
      for (const part of key.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
      return Array.isArray(value) ? (value as string[]) : [];
    },
  };
}

/**
 * Every `locales/<lang>/<namespace>.json`: `clerk` holds what every procedure shares, and each procedure has a
 * namespace of its own, named as the procedure (`audience:sms.confirmed`). `extraDirs` hold more namespaces
 * laid out the same way (a test city's own procedure).
 */
function loadResources(extraDirs: readonly string[]) {
  const resources: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const lang of LANGS) {
    resources[lang] = {};
    for (const dir of [localesPath(lang), ...extraDirs.map((d) => path.join(d, lang))]) {
      if (!existsSync(dir)) continue;
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
        resources[lang][file.slice(0, -'.json'.length)] = JSON.parse(
          readFileSync(path.join(dir, file), 'utf8'),
        );
      }
    }
  }
  return resources;
}

function isLocalized(value: unknown): value is Localized {
  return typeof value === 'object' && value !== null && LANGS.every((lang) => lang in value);
}

export function createTexts(city: Municipality, localeDirs: readonly string[] = []): Texts {
  const instance: I18n = i18next.createInstance();
  const resources = loadResources(localeDirs);
  void instance.init({
    initAsync: false,
    resources,
    supportedLngs: [...LANGS],
    fallbackLng: false,
    ns: Object.keys(resources[city.defaultLanguage]),
    defaultNS: 'clerk',
    returnNull: false,
    interpolation: { escapeValue: false },
  });

  const formats = new Map<string, Intl.DateTimeFormat>();
  const format = (lang: Lang, kind: string, options: Intl.DateTimeFormatOptions) => {
    const id = `${lang}:${kind}`;
    if (!formats.has(id))
      formats.set(
        id,
        new Intl.DateTimeFormat(LANGUAGE[lang].intlLocale, { timeZone: city.timeZone, ...options }),
      );
    return formats.get(id)!;
  };
  const dateOnly = (lang: Lang, d: Date) =>
    `${format(lang, 'weekday', { weekday: 'long' }).format(d)}${LANGUAGE[lang].listSeparator}${format(lang, 'date', { dateStyle: 'long' }).format(d)}`;
  const time = (lang: Lang, d: Date) =>
    format(lang, 'time', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
  // Every citizen is offered the same earliest places: their dates are formatted once (a bounded cache).
  const dateTimes = new Map<string, string>();
  const dateTime = (lang: Lang, iso: string) => {
    const id = `${lang}:${iso}`;
    let text = dateTimes.get(id);
    if (text === undefined) {
      const d = new Date(iso);
      text = instance.t('time.slot', { lng: lang, day: dateOnly(lang, d), hour: time(lang, d) });
      if (dateTimes.size >= 5_000) dateTimes.clear();
      dateTimes.set(id, text);
    }
    return text;
  };
  const asLang = (lng: string | undefined): Lang => (isLang(lng) ? lng : city.defaultLanguage);
  /** Digits as the language writes them (Persian: ۰-۹). */
  const digitsIn = (lang: Lang, s: string) => (LANGUAGE[lang].nativeDigits ? toPersianDigits(s) : s);

  const formatter = instance.services.formatter!;
  formatter.add('slot', (value, lng) => dateTime(asLang(lng), String(value)));
  formatter.add('date', (value, lng) => dateOnly(asLang(lng), new Date(`${String(value)}T12:00:00Z`)));
  // Digits as the language writes them (Persian: ۰-۹), e.g. a time from the data (08:00).
  formatter.add('digits', (value, lng) => digitsIn(asLang(lng), String(value)));
  // SMS: short and numeric (03.12 10:15), so a Romanian confirmation stays in one GSM-7 segment.
  formatter.add('smsSlot', (value, lng) => {
    const lang = asLang(lng);
    const d = new Date(String(value));
    const day = format(lang, 'smsDay', { day: '2-digit', month: '2-digit' }).format(d);
    // The time of day in ASCII digits in every language (a Persian SMS too, as it has always been sent).
    const hour = format(lang, 'smsTime', {
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      numberingSystem: 'latn',
    });
    return `${day} ${hour.format(d)}`;
  });

  const hours = {} as Record<Lang, string>;
  for (const lang of LANGS) {
    const { listSeparator, groupSeparator } = LANGUAGE[lang];
    const weekday = format(lang, 'weekdayName', { weekday: 'long', timeZone: 'UTC' });
    const name = (iso: number) => weekday.format(new Date(Date.UTC(2024, 0, iso))); // 1 Jan 2024 was a Monday
    hours[lang] = city.publicHours
      .map((h) => {
        // Runs of consecutive days as ranges: Monday–Wednesday, Friday (never Monday–Friday for a gap).
        const runs: number[][] = [];
        for (const day of [...h.weekdays].sort((a, b) => a - b)) {
          const last = runs.at(-1);
          if (last && day === last[last.length - 1] + 1) last.push(day);
          else runs.push([day]);
        }
        const days = runs
          .map((run) => (run.length > 1 ? `${name(run[0])}–${name(run[run.length - 1])}` : name(run[0])))
          .join(listSeparator);
        return `${days} ${digitsIn(lang, h.open)}–${digitsIn(lang, h.close)}`;
      })
      .join(groupSeparator);
  }

  /** The municipality's own facts, available to every text. */
  const base = {} as Record<Lang, Record<string, string>>;
  for (const lang of LANGS) {
    base[lang] = {
      city: city.name[lang],
      smsName: city.smsName[lang],
      hours: hours[lang],
      address: city.contacts.address,
      phones: city.contacts.phones.join(', '),
      source: city.source,
    };
  }
  /** Texts without parameters of their own never change: rendered once per language. */
  const fixed = new Map<string, string>();

  const resolve = (lang: Lang, value: Param): string | number => {
    if (typeof value === 'string' || typeof value === 'number') return value;
    if (isLocalized(value)) return value[lang];
    return t(lang, value.t, value.params);
  };

  function t(lang: Lang, key: string, params?: Params): string {
    if (!params || Object.keys(params).length === 0) {
      const id = `${lang}:${key}`;
      let text = fixed.get(id);
      if (text === undefined) {
        text = instance.t(key, { lng: lang, ...base[lang] });
        fixed.set(id, text);
      }
      return text;
    }
    const resolved: Record<string, string | number> = { ...base[lang] };
    for (const [name, value] of Object.entries(params)) resolved[name] = resolve(lang, value);
    return instance.t(key, { lng: lang, ...resolved });
  }

  return {
    t,
    list(lang, key) {
      const value = instance.t(key, { lng: lang, returnObjects: true });
      return Array.isArray(value) ? (value as string[]) : [];
    },
  };
}
