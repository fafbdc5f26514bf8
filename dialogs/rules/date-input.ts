import { DateTime } from 'luxon';
import { foldLetters, sanitize } from '../text/normalize';

/**
 * Reads a calendar date as citizens write it, alone or inside a sentence:
 *   03.10.2026, 3/10/2026, 3-10-26, 2026-10-03;
 *   with the month in words — 3 octombrie 2026, 3 oct. 2026, 3 October 2026, October 3, 2026, 3rd of Oct;
 *   Solar Hijri — 1405/07/11, ۱۱ مهر ۱۴۰۵ (converted with Intl's Persian calendar); ۳ اکتبر ۲۰۲۶;
 *   Persian or Arabic-Indic digits anywhere.
 * With `today` (an ISO date) it also reads a date without its year (the latest such day not after today:
 * the clerk asks only about dates that have passed) and the words for today, yesterday and the day before.
 * A text with two different dates in it is not read (which one would be meant?).
 */
export function parseDateInput(input: string, today?: string): string | undefined {
  return findDate(input, today)?.iso;
}

/** The date found in the text and the text without it (e.g. a petition's number written with its date). */
export function findDate(input: string, today?: string): { iso: string; rest: string } | undefined {
  const text = foldLetters(sanitize(input, 200));
  const found: { iso: string | undefined; start: number; end: number }[] = [];
  const taken = (start: number, end: number) => found.some((f) => start < f.end && end > f.start);
  for (const { pattern, read } of READERS) {
    for (const m of text.matchAll(pattern)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken(start, end)) continue;
      found.push({ iso: read(m, today), start, end });
    }
  }
  const dates = new Set(found.map((f) => f.iso));
  if (found.length === 0 || dates.size !== 1 || dates.has(undefined)) return undefined;
  let rest = text;
  for (const f of [...found].sort((a, b) => b.start - a.start))
    rest = rest.slice(0, f.start) + rest.slice(f.end);
  return { iso: found[0].iso!, rest: rest.replace(/\s+/g, ' ').trim() };
}

type Calendar = 'gregorian' | 'persian';

const ENGLISH = new Set(
  'january jan february feb march mar april apr may june jun july jul august aug september sept sep october oct november nov december dec'.split(
    ' ',
  ),
);

/** Month names, with the calendar they belong to (folded below, as the text is). */
const MONTHS: [Calendar, number, string[]][] = [
  ['gregorian', 1, ['ianuarie', 'ian', 'january', 'jan', 'ژانویه']],
  ['gregorian', 2, ['februarie', 'febr', 'feb', 'february', 'فوریه']],
  ['gregorian', 3, ['martie', 'mart', 'mar', 'march', 'مارس']],
  ['gregorian', 4, ['aprilie', 'apr', 'april', 'آوریل']],
  ['gregorian', 5, ['mai', 'may', 'مه']],
  ['gregorian', 6, ['iunie', 'iun', 'june', 'jun', 'ژوئن']],
  ['gregorian', 7, ['iulie', 'iul', 'july', 'jul', 'ژوئیه', 'جولای']],
  ['gregorian', 8, ['august', 'aug', 'اوت', 'آگوست']],
  ['gregorian', 9, ['septembrie', 'september', 'sept', 'sep', 'سپتامبر']],
  ['gregorian', 10, ['octombrie', 'october', 'oct', 'اکتبر']],
  ['gregorian', 11, ['noiembrie', 'november', 'nov', 'نوامبر']],
  ['gregorian', 12, ['decembrie', 'december', 'dec', 'دسامبر']],
  ['persian', 1, ['فروردین']],
  ['persian', 2, ['اردیبهشت']],
  ['persian', 3, ['خرداد']],
  ['persian', 4, ['تیر']],
  ['persian', 5, ['مرداد', 'امرداد']],
  ['persian', 6, ['شهریور']],
  ['persian', 7, ['مهر']],
  ['persian', 8, ['آبان']],
  ['persian', 9, ['آذر']],
  ['persian', 10, ['دی']],
  ['persian', 11, ['بهمن']],
  ['persian', 12, ['اسفند']],
];
/** The names folded as the text is ("آذر" → "اذر"), so they are compared alike. */
const MONTH_BY_NAME = new Map(
  MONTHS.flatMap(([calendar, month, names]) =>
    names.map((name) => [foldLetters(name), { calendar, month }] as const),
  ),
);
// Longest first, so that "septembrie" is not read as "sep".
const alternatives = (names: string[]) => [...names].sort((a, b) => b.length - a.length).join('|');
const MONTH_NAMES = alternatives([...MONTH_BY_NAME.keys()]);
/** Only English puts the month first ("October 3"); in Romanian "mai 2" means "two more". */
const ENGLISH_MONTH_NAMES = alternatives([...ENGLISH]);

const NOT_DIGIT_BEFORE = '(?<![\\d/.-])';
/** A date may follow a number and a slash: "nr. 123456/02.09.2026" is a registration number and its date. */
const NOT_DIGIT_OR_DOT_BEFORE = '(?<![\\d.-])';
const NOT_DIGIT_AFTER = '(?![\\d]|[/.-]\\d)';
const ORDINAL = '(?:st|nd|rd|th)?';
const YEAR = '(?:\\s*,?\\s*(\\d{4})(?!\\d))?';

const RELATIVE: [RegExp, number][] = [
  [/(?<!\p{L})(?:alaltaieri|the day before yesterday|پریروز)(?!\p{L})/u, -2],
  [/(?<!\p{L})(?:ieri|yesterday|دیروز)(?!\p{L})/u, -1],
  [/(?<!\p{L})(?:azi|astazi|today|امروز)(?!\p{L})/u, 0],
];

interface Reader {
  pattern: RegExp;
  read: (m: RegExpMatchArray, today?: string) => string | undefined;
}

const READERS: Reader[] = [
  // 2026-10-03, 1405/07/11 (a year of 1300–1599 is Solar Hijri)
  {
    pattern: new RegExp(
      `${NOT_DIGIT_BEFORE}(\\d{4})\\s*[-/.]\\s*(\\d{1,2})\\s*[-/.]\\s*(\\d{1,2})${NOT_DIGIT_AFTER}`,
      'g',
    ),
    read: (m) => byYear(Number(m[1]), Number(m[2]), Number(m[3])),
  },
  // 03.10.2026, 3/10/26
  {
    pattern: new RegExp(
      `${NOT_DIGIT_OR_DOT_BEFORE}(\\d{1,2})\\s*[-/.]\\s*(\\d{1,2})\\s*[-/.]\\s*(\\d{4}|\\d{2})${NOT_DIGIT_AFTER}`,
      'g',
    ),
    read: (m) =>
      gregorian(m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]), Number(m[2]), Number(m[1])),
  },
  // 3 octombrie 2026, 3 oct. 2026, 3rd of October, ۱۱ مهر ۱۴۰۵
  {
    pattern: new RegExp(
      `${NOT_DIGIT_BEFORE}(\\d{1,2})${ORDINAL}\\s*(?:of\\s+|de\\s+)?(?<!\\p{L})(${MONTH_NAMES})(?!\\p{L})\\.?${YEAR}`,
      'gu',
    ),
    read: (m, today) => named(m[2], Number(m[1]), m[3], today),
  },
  // October 3, 2026
  {
    pattern: new RegExp(
      `(?<!\\p{L})(${ENGLISH_MONTH_NAMES})\\.?\\s+(\\d{1,2})${ORDINAL}(?!\\d)${YEAR}`,
      'gu',
    ),
    read: (m, today) => named(m[1], Number(m[2]), m[3], today),
  },
  ...RELATIVE.map(([pattern, days]) => ({
    pattern: new RegExp(pattern.source, 'gu'),
    read: (_m: RegExpMatchArray, today?: string) =>
      today ? DateTime.fromISO(today, { zone: 'UTC' }).plus({ days }).toISODate()! : undefined,
  })),
];

function byYear(year: number, month: number, day: number): string | undefined {
  return year >= 1300 && year < 1600 ? fromSolarHijri(year, month, day) : gregorian(year, month, day);
}

/** A day and a month in words, with its year or (given today) the latest such day not after today. */
function named(name: string, day: number, yearText: string | undefined, today?: string): string | undefined {
  const month = MONTH_BY_NAME.get(name);
  if (!month) return undefined;
  const convert = month.calendar === 'persian' ? fromSolarHijri : gregorian;
  if (yearText) {
    const year = Number(yearText);
    const persianYear = year >= 1300 && year < 1600;
    return persianYear === (month.calendar === 'persian') ? convert(year, month.month, day) : undefined;
  }
  if (!today) return undefined;
  const thisYear = month.calendar === 'persian' ? solarYearOf(today) : Number(today.slice(0, 4));
  for (const year of [thisYear, thisYear - 1]) {
    const iso = convert(year, month.month, day);
    if (iso && iso <= today) return iso;
  }
  return undefined;
}

function gregorian(year: number, month: number, day: number): string | undefined {
  const d = DateTime.fromObject({ year, month, day }, { zone: 'UTC' });
  return d.isValid && year >= 1900 && year <= 2200 ? d.toISODate()! : undefined;
}

const persianParts = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});

function solarYearOf(iso: string): number {
  const parts = persianParts.formatToParts(new Date(`${iso}T12:00:00Z`));
  return Number(parts.find((p) => p.type === 'year')?.value);
}

/** Solar Hijri → Gregorian, by walking the Gregorian days of that Persian year with Intl (full ICU). */
export function fromSolarHijri(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  // 1 Farvardin falls on 20 or 21 March of Gregorian year + 621.
  const start = DateTime.fromObject({ year: year + 621, month: 3, day: 19 }, { zone: 'UTC' });
  for (let i = 0; i < 370; i++) {
    const candidate = start.plus({ days: i });
    const parts = persianParts.formatToParts(candidate.toJSDate());
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    if (get('year') === year && get('month') === month && get('day') === day) return candidate.toISODate()!;
    if (get('year') > year) break;
  }
  return undefined;
}
