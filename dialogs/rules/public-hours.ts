import type { PublicHours } from '../municipality';
import { localDate, localMinutes } from './slot-engine';

const DAY_MS = 86_400_000;
/** A request made this close to closing time is handled the next working day: staff need time to read it. */
const LAST_CALL_MINUTES = 60;

export interface ContactWindow {
  /** Local date (YYYY-MM-DD) on which staff will contact the citizen. */
  day: string;
  /** True when that day is today. */
  today: boolean;
  /** Local opening and closing times that day (HH:mm). */
  open: string;
  close: string;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * When staff can answer a request for a person made at `at`: within today's public hours if the office is
 * open for at least another hour, else on the next day with public hours that is not a public holiday.
 */
export function contactWindow(
  at: Date,
  hours: readonly PublicHours[],
  timeZone: string,
  isHoliday: (isoDate: string) => boolean,
): ContactWindow | undefined {
  const today = localDate(at, timeZone);
  const now = localMinutes(at, timeZone);
  const first = Date.parse(`${today}T00:00:00Z`);
  for (let i = 0; i <= 21; i++) {
    const date = new Date(first + i * DAY_MS);
    const day = date.toISOString().slice(0, 10);
    const weekday = ((date.getUTCDay() + 6) % 7) + 1;
    const entry = hours.find((h) => h.weekdays.includes(weekday));
    if (!entry || isHoliday(day)) continue;
    if (i === 0 && now > minutesOf(entry.close) - LAST_CALL_MINUTES) continue;
    return { day, today: i === 0, open: entry.open, close: entry.close };
  }
  return undefined;
}
