import type { Resource } from '../appointment';
import { localDate, localMinutes } from '../rules/slot-engine';

/**
 * Walk-ins at a Citizen Office (Bucharest Sector 1 City Hall, Citizen Office announcement: booked citizens are
 * served first, those who come without an appointment take a queue ticket): whether a service's counters are
 * serving now, and how long a ticket waits. Pure: the bot reads the queue and calls these.
 */

/** The NLU intent of a citizen at the office without an appointment (data/nlu/<lang>/walk-in.json). */
export const WALK_IN_INTENT = 'counter.walkIn';

const DAY_MS = 86_400_000;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export type Opening =
  | { open: true; day: string }
  /** Closed now: the next day (today, later) the service's counters serve, and from when. */
  | { open: false; day?: string; today: boolean; from?: string };

/**
 * Whether the service's counters serve at `at`: a session of its programme on the local weekday, within its
 * hours, on a day that is not closed (a public holiday, a blocked day). Otherwise the next opening, searched
 * three weeks ahead.
 */
export function openingOf(
  resource: Pick<Resource, 'sessions' | 'minutesEach'>,
  at: Date,
  timeZone: string,
  isClosed: (isoDate: string) => boolean,
): Opening {
  const today = localDate(at, timeZone);
  const now = localMinutes(at, timeZone);
  const first = Date.parse(`${today}T12:00:00Z`);
  for (let i = 0; i <= 21; i++) {
    const date = new Date(first + i * DAY_MS);
    const day = date.toISOString().slice(0, 10);
    const weekday = date.getUTCDay() || 7;
    if (isClosed(day)) continue;
    const sessions = resource.sessions
      .filter((s) => s.weekday === weekday)
      .map((s) => ({ from: minutesOf(s.start), to: minutesOf(s.start) + s.times * resource.minutesEach }))
      .sort((a, b) => a.from - b.from);
    if (i === 0 && sessions.some((s) => s.from <= now && now < s.to)) return { open: true, day };
    const next = sessions.find((s) => i > 0 || s.from > now);
    if (next) return { open: false, day, today: i === 0, from: hhmm(next.from) };
  }
  return { open: false, today: false };
}

/**
 * The minutes a walk-in waits: the tickets ahead, each a place's minutes shared among the service's counters,
 * plus the booked citizens due within that time (they go first), counted again as the time they add brings more
 * of them in. `bookedUntil(minutes)` counts the booked citizens not yet called whose place is under way within
 * that many minutes from now.
 */
export function estimateWait(
  ahead: number,
  resource: Pick<Resource, 'minutesEach' | 'parallel'>,
  bookedUntil: (minutes: number) => number,
): number {
  const each = resource.minutesEach / Math.max(1, resource.parallel);
  let booked = bookedUntil(ahead * each);
  for (;;) {
    const more = bookedUntil((ahead + booked) * each);
    if (more <= booked) break;
    booked = more;
  }
  return Math.ceil((ahead + booked) * each);
}
