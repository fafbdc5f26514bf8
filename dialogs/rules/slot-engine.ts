import type { Resource, Slot } from '../appointment';

export type { Slot } from '../appointment';

export interface SlotQuery {
  resource: Pick<Resource, 'id' | 'sessions' | 'minutesEach' | 'parallel' | 'minNoticeHours' | 'horizonDays'>;
  timeZone: string;
  now: Date;
  isHoliday: (isoDate: string) => boolean;
  /** Places already taken, by local day. */
  taken: ReadonlyMap<string, ReadonlySet<number>>;
  /**
   * Bookings standing at each start instant (ISO): a time with as many as the resource serves at once is not
   * offered, whatever place numbers say (after a programme change a booking keeps its time, not its number).
   */
  takenTimes?: ReadonlyMap<string, number>;
  limit: number;
  /** Only this local day. */
  day?: string;
  /** The earliest free time of each day only (to choose a day first). */
  daysOnly?: boolean;
  /** Only times starting after this instant (ISO). */
  after?: string;
}

const DAY_MS = 86_400_000;

const wallClocks = new Map<string, Intl.DateTimeFormat>();
/** The wall-clock fields (year … second) of an instant in a zone, from one cached Intl formatter per zone. */
function wallClock(epochMs: number, timeZone: string): Record<string, number> {
  let format = wallClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    wallClocks.set(timeZone, format);
  }
  // A turn asks for the same instant several times (its guards each want today's date): the last is kept.
  if (last.epochMs === epochMs && last.timeZone === timeZone) return last.fields;
  const fields: Record<string, number> = {};
  for (const p of format.formatToParts(new Date(epochMs))) fields[p.type] = Number(p.value);
  last = { epochMs, timeZone, fields };
  return fields;
}
let last: { epochMs: number; timeZone: string; fields: Record<string, number> } = {
  epochMs: NaN,
  timeZone: '',
  fields: {},
};

/** The local wall-clock time of an instant in a zone: minutes since local midnight. */
export function localMinutes(instant: Date, timeZone: string): number {
  const f = wallClock(instant.getTime(), timeZone);
  return f.hour * 60 + f.minute;
}

/** The local calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(instant: Date, timeZone: string): string {
  const f = wallClock(instant.getTime(), timeZone);
  return `${f.year}-${String(f.month).padStart(2, '0')}-${String(f.day).padStart(2, '0')}`;
}

/** The first and last local dates (YYYY-MM-DD) of the booking horizon. */
export function horizon(q: Pick<SlotQuery, 'resource' | 'timeZone' | 'now'>): { from: string; to: string } {
  const from = localDate(q.now, q.timeZone);
  const to = new Date(Date.parse(`${from}T00:00:00Z`) + q.resource.horizonDays * DAY_MS)
    .toISOString()
    .slice(0, 10);
  return { from, to };
}

/**
 * The local days in the booking horizon on which the resource has sessions, in order, lazily.
 * Calendar dates are walked in UTC arithmetic (a date has no time zone); zones matter only for times.
 */
function* openDaysOf(
  q: Pick<SlotQuery, 'resource' | 'timeZone' | 'now' | 'isHoliday'>,
): Generator<{ day: string; weekday: number }> {
  const first = Date.parse(`${horizon(q).from}T00:00:00Z`);
  const weekdays = new Set(q.resource.sessions.map((p) => p.weekday));
  for (let i = 0; i <= q.resource.horizonDays; i++) {
    const date = new Date(first + i * DAY_MS);
    const weekday = ((date.getUTCDay() + 6) % 7) + 1; // ISO: Monday = 1 … Sunday = 7
    if (!weekdays.has(weekday)) continue;
    const day = date.toISOString().slice(0, 10);
    if (!q.isHoliday(day)) yield { day, weekday };
  }
}

/** The local days (YYYY-MM-DD) in the booking horizon on which the resource has sessions. */
export function openDays(q: Pick<SlotQuery, 'resource' | 'timeZone' | 'now' | 'isHoliday'>): string[] {
  return [...openDaysOf(q)].map((d) => d.day);
}

/**
 * Offsets asked for again and again: the days of a programme are the same for every citizen offered them
 * (a bounded cache; an instant's offset never changes).
 */
const offsets = new Map<string, number>();

/** Minutes the zone is ahead of UTC at an instant (Intl with full ICU; what Luxon does inside, once). */
function zoneOffsetMinutes(epochMs: number, timeZone: string): number {
  const id = `${timeZone}@${epochMs}`;
  let offset = offsets.get(id);
  if (offset === undefined) {
    const f = wallClock(epochMs, timeZone);
    const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
    offset = Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60_000);
    if (offsets.size >= 5_000) offsets.clear();
    offsets.set(id, offset);
  }
  return offset;
}

/** The instant of a local wall-clock time in a zone (DST-correct: the offset is checked at the result). */
export function zonedInstant(day: string, time: string, timeZone: string): number {
  const [hour, minute] = time.split(':').map(Number);
  const wall = Date.parse(`${day}T00:00:00Z`) + (hour * 60 + minute) * 60_000;
  const first = wall - zoneOffsetMinutes(wall, timeZone) * 60_000;
  const second = wall - zoneOffsetMinutes(first, timeZone) * 60_000;
  return second;
}

/**
 * The earliest free places, in order: the resource's sessions, no holidays, no past or too-near times, no
 * taken places. At a time served by several counters, the first free one is offered (its place number is
 * time × counters + counter), so one time is offered once.
 */
export function freeSlots(q: SlotQuery): Slot[] {
  const { resource } = q;
  const earliest = Math.max(
    q.now.getTime() + resource.minNoticeHours * 3_600_000,
    q.after ? Date.parse(q.after) + 1 : 0,
  );
  const length = resource.minutesEach * 60_000;
  const slots: Slot[] = [];
  for (const { day, weekday } of openDaysOf(q)) {
    if (q.day && day !== q.day) continue;
    const taken = q.taken.get(day);
    let base = 0; // places of the day's earlier stretches
    for (const session of resource.sessions.filter((p) => p.weekday === weekday)) {
      // Places follow each other within one session, which never spans a DST change (those happen at
      // night): one offset per session.
      const first = zonedInstant(day, session.start, q.timeZone);
      for (let time = 0; time < session.times; time++) {
        const start = first + time * length;
        if (start < earliest) continue;
        if ((q.takenTimes?.get(new Date(start).toISOString()) ?? 0) >= resource.parallel) continue;
        let seq = -1;
        for (let counter = 0; counter < resource.parallel && seq < 0; counter++) {
          const place = base + time * resource.parallel + counter;
          if (!taken?.has(place)) seq = place;
        }
        if (seq < 0) continue;
        slots.push({
          resourceId: resource.id,
          day,
          seq,
          start: new Date(start).toISOString(),
          end: new Date(start + length).toISOString(),
        });
        if (slots.length >= q.limit) return slots;
        if (q.daysOnly) break;
      }
      if (q.daysOnly && slots.at(-1)?.day === day) break;
      base += session.times * resource.parallel;
    }
  }
  return slots;
}
