import { DateTime } from 'luxon';
import { foldDigits } from '../text/normalize';

/**
 * Reads a calendar date typed by a citizen: 03.10.2026, 3/10/2026, 2026-10-03, and Solar Hijri dates
 * (1405/07/11, Persian digits welcome) which are converted with Intl's Persian calendar.
 * Returns the Gregorian ISO date, or undefined when the text is not a real date.
 */
export function parseDateInput(input: string): string | undefined {
  const text = foldDigits(input).trim();
  let m = text.match(/^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})$/);
  if (m) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (year >= 1300 && year < 1600) return fromSolarHijri(year, month, day);
    return gregorian(year, month, day);
  }
  m = text.match(/^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{2}|\d{4})$/);
  if (m) {
    const year = m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    return gregorian(year, Number(m[2]), Number(m[1]));
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
