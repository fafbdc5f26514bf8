import type { PublicHours } from '../municipality';
import type { Reply, When } from '../reply';
import { localDate, localMinutes } from '../rules/slot-engine';

const DAY_MS = 86_400_000;
/** How far ahead the next opening is looked for (the longest run of closed days: holidays at New Year). */
const LOOK_AHEAD_DAYS = 21;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T12:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
/** ISO weekday, 1 = Monday. */
const weekdayOf = (iso: string) => ((new Date(`${iso}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;

export interface HoursContext {
  at: string;
  hours: readonly PublicHours[];
  timeZone: string;
  isHoliday: (isoDate: string) => boolean;
}

/** The public hours of a day, or undefined when the office is closed that day (no hours, or a public holiday). */
function hoursOn(day: string, c: HoursContext) {
  if (c.isHoliday(day)) return undefined;
  return c.hours.find((h) => h.weekdays.includes(weekdayOf(day)));
}

/** The first day from `from` (included) with public hours. */
function nextOpenDay(from: string, c: HoursContext) {
  for (let i = 0; i <= LOOK_AHEAD_DAYS; i++) {
    const day = addDays(from, i);
    const entry = hoursOn(day, c);
    if (entry) return { day, open: entry.open, close: entry.close };
  }
  return undefined;
}

/**
 * The answer to an hours question about a moment — "are you open now?", "are you open on Saturday?",
 * "tomorrow?" —: open or closed then, and when it opens next, from the city's public hours and its public
 * holidays. Undefined when the question names no moment (the whole week's hours answer it).
 */
export function hoursAsked(when: When | undefined, c: HoursContext): Reply | undefined {
  if (!when) return undefined;
  const today = localDate(new Date(c.at), c.timeZone);
  if ('now' in when) {
    const now = localMinutes(new Date(c.at), c.timeZone);
    const entry = hoursOn(today, c);
    if (entry && now >= minutesOf(entry.open) && now < minutesOf(entry.close))
      return { key: 'info.openNow', params: { close: entry.close } };
    const next =
      entry && now < minutesOf(entry.open)
        ? { day: today, open: entry.open, close: entry.close }
        : nextOpenDay(addDays(today, 1), c);
    if (!next) return undefined;
    return {
      key: next.day === today ? 'info.closedNowOpensToday' : 'info.closedNow',
      params: { day: next.day, open: next.open },
    };
  }
  const day =
    'inDays' in when
      ? addDays(today, when.inDays)
      : addDays(today, (when.weekday - weekdayOf(today) + 7) % 7);
  const entry = hoursOn(day, c);
  if (entry) return { key: 'info.openOn', params: { day, open: entry.open, close: entry.close } };
  const next = nextOpenDay(addDays(day, 1), c);
  if (!next) return undefined;
  return {
    key: c.isHoliday(day) ? 'info.closedOnHoliday' : 'info.closedOn',
    params: { day, next: next.day, open: next.open },
  };
}
