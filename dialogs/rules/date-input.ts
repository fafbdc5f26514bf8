import { DateTime } from 'luxon';
import { foldLetters, sanitize } from '../text/normalize';
import { count, type WorkMeter } from '../text/work-meter';

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
export function parseDateInput(input: string, today?: string, meter?: WorkMeter): string | undefined {
  return findDate(input, today, meter)?.iso;
}

/**
 * How much of an answer is searched for a date: the question asks for one, and it comes first ("pe 2 septembrie,
 * cred"); past this, a longer text cannot change the answer, and a text full of dates has two of them anyway.
 */
export const DATE_READ_CHARS = 200;

/** The date found in the text and the text without it (e.g. a petition's number written with its date). */
export function findDate(
  input: string,
  today?: string,
  meter?: WorkMeter,
): { iso: string; rest: string } | undefined {
  const text = foldLetters(sanitize(input, DATE_READ_CHARS));
  count(meter, input.length);
  const found: { iso: string; start: number; end: number }[] = [];
  // Characters already part of a date: a later reader's match over any of them is not another date.
  const covered = new Uint8Array(text.length);
  /** Each date as written is converted once ("azi azi azi …", one date copied over and over). */
  const converted = new Map<string, string | undefined>();
  // Each reader is one regular expression without nested repetition, run once over the text; its matches do
  // not overlap, so marking and checking them reads each character once per reader.
  for (const [index, { pattern, read }] of READERS.entries()) {
    count(meter, text.length);
    for (const m of text.matchAll(pattern)) {
      const start = m.index;
      const end = start + m[0].length;
      count(meter, end - start);
      if (covered.subarray(start, end).includes(1)) continue;
      covered.fill(1, start, end);
      const key = `${index}:${m[0]}`;
      if (!converted.has(key)) converted.set(key, read(m, today, meter));
      const iso = converted.get(key);
      // A date that is not one, or a second date: the text is not read, whatever else it holds.
      if (!iso || (found.length > 0 && iso !== found[0].iso)) return undefined;
      found.push({ iso, start, end });
    }
  }
  if (found.length === 0) return undefined;
  // The text without the date(s): every character no date covers.
  let rest = '';
  for (let i = 0; i < text.length; i++) if (!covered[i]) rest += text[i];
  count(meter, text.length);
  rest = rest.replace(/\s+/g, ' ').trim();
  return { iso: found[0].iso, rest };
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
  read: (m: RegExpMatchArray, today?: string, meter?: WorkMeter) => string | undefined;
}

const READERS: Reader[] = [
  // 2026-10-03, 1405/07/11 (a year of 1300–1599 is Solar Hijri)
  {
    pattern: new RegExp(
      `${NOT_DIGIT_BEFORE}(\\d{4})\\s*[-/.]\\s*(\\d{1,2})\\s*[-/.]\\s*(\\d{1,2})${NOT_DIGIT_AFTER}`,
      'g',
    ),
    read: (m, _today, meter) => byYear(Number(m[1]), Number(m[2]), Number(m[3]), meter),
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
    read: (m, today, meter) => named(m[2], Number(m[1]), m[3], today, meter),
  },
  // October 3, 2026
  {
    pattern: new RegExp(
      `(?<!\\p{L})(${ENGLISH_MONTH_NAMES})\\.?\\s+(\\d{1,2})${ORDINAL}(?!\\d)${YEAR}`,
      'gu',
    ),
    read: (m, today, meter) => named(m[1], Number(m[2]), m[3], today, meter),
  },
  ...RELATIVE.map(([pattern, days]) => ({
    pattern: new RegExp(pattern.source, 'gu'),
    read: (_m: RegExpMatchArray, today?: string) =>
      today ? DateTime.fromISO(today, { zone: 'UTC' }).plus({ days }).toISODate()! : undefined,
  })),
];

function byYear(year: number, month: number, day: number, meter?: WorkMeter): string | undefined {
  return year >= 1300 && year < 1600 ? fromSolarHijri(year, month, day, meter) : gregorian(year, month, day);
}

/** A day and a month in words, with its year or (given today) the latest such day not after today. */
function named(
  name: string,
  day: number,
  yearText: string | undefined,
  today?: string,
  meter?: WorkMeter,
): string | undefined {
  const month = MONTH_BY_NAME.get(name);
  if (!month) return undefined;
  const convert = (year: number, m: number, d: number) =>
    month.calendar === 'persian' ? fromSolarHijri(year, m, d, meter) : gregorian(year, m, d);
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

/**
 * Solar Hijri → Gregorian with Intl (full ICU): 1 Farvardin falls on 19–22 March of Gregorian year + 621, and
 * the day sought is its day of the year after that (six months of 31 days, then 30): four days are tried.
 */
export function fromSolarHijri(
  year: number,
  month: number,
  day: number,
  meter?: WorkMeter,
): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const dayOfYear = month <= 6 ? (month - 1) * 31 + day - 1 : 186 + (month - 7) * 30 + day - 1;
  const start = DateTime.fromObject({ year: year + 621, month: 3, day: 19 }, { zone: 'UTC' });
  for (let i = dayOfYear; i <= dayOfYear + 3; i++) {
    const candidate = start.plus({ days: i });
    count(meter, 1);
    const parts = persianParts.formatToParts(candidate.toJSDate());
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    if (get('year') === year && get('month') === month && get('day') === day) return candidate.toISODate()!;
  }
  return undefined;
}
