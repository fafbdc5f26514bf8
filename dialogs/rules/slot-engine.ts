import type { AudienceRules, ProgrammeEntry } from '../municipality';

/** One audience slot: the n-th 15-minute place of an official's audience day. */
export interface Slot {
  officialId: string;
  /** Local date of the audience day, YYYY-MM-DD. */
  day: string;
  /** Position within the day, 0 … maxPerDay-1. */
  seq: number;
  /** Start instant, ISO 8601 in UTC. */
  start: string;
  /** End instant, ISO 8601 in UTC. */
  end: string;
}

export interface SlotQuery {
  officialId: string;
  programme: readonly ProgrammeEntry[];
  rules: Pick<AudienceRules, 'maxPerDay' | 'minutesEach' | 'minNoticeHours' | 'horizonDays'>;
  timeZone: string;
  now: Date;
  isHoliday: (isoDate: string) => boolean;
  /** Places already taken, by local day. */
  taken: ReadonlyMap<string, ReadonlySet<number>>;
  limit: number;
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
export function horizon(q: Pick<SlotQuery, 'rules' | 'timeZone' | 'now'>): { from: string; to: string } {
  const from = localDate(q.now, q.timeZone);
  const to = new Date(Date.parse(`${from}T00:00:00Z`) + q.rules.horizonDays * DAY_MS)
    .toISOString()
    .slice(0, 10);
  return { from, to };
}

/**
 * The local days in the booking horizon on which the official holds audiences, in order, lazily.
 * Calendar dates are walked in UTC arithmetic (a date has no time zone); zones matter only for times.
 */
function* programmeDays(
  q: Pick<SlotQuery, 'programme' | 'rules' | 'timeZone' | 'now' | 'isHoliday'>,
): Generator<{ day: string; weekday: number }> {
  const first = Date.parse(`${horizon(q).from}T00:00:00Z`);
  const weekdays = new Set(q.programme.map((p) => p.weekday));
  for (let i = 0; i <= q.rules.horizonDays; i++) {
    const date = new Date(first + i * DAY_MS);
    const weekday = ((date.getUTCDay() + 6) % 7) + 1; // ISO: Monday = 1 … Sunday = 7
    if (!weekdays.has(weekday)) continue;
    const day = date.toISOString().slice(0, 10);
    if (!q.isHoliday(day)) yield { day, weekday };
  }
}

/** The local days (YYYY-MM-DD) in the booking horizon on which the official holds audiences. */
export function audienceDays(
  q: Pick<SlotQuery, 'programme' | 'rules' | 'timeZone' | 'now' | 'isHoliday'>,
): string[] {
  return [...programmeDays(q)].map((d) => d.day);
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

/** The earliest free slots, in order: the official's programme, no holidays, no past or too-near times, no full places. */
export function freeSlots(q: SlotQuery): Slot[] {
  const earliest = q.now.getTime() + q.rules.minNoticeHours * 3_600_000;
  const length = q.rules.minutesEach * 60_000;
  const slots: Slot[] = [];
  for (const { day, weekday } of programmeDays(q)) {
    const taken = q.taken.get(day);
    if (taken && taken.size >= q.rules.maxPerDay) continue;
    for (const entry of q.programme.filter((p) => p.weekday === weekday)) {
      // Places follow each other within one audience session, which never spans a DST change (those
      // happen at night): one offset per session.
      const first = zonedInstant(day, entry.start, q.timeZone);
      for (let seq = 0; seq < q.rules.maxPerDay; seq++) {
        if (taken?.has(seq)) continue;
        const start = first + seq * length;
        if (start < earliest) continue;
        slots.push({
          officialId: q.officialId,
          day,
          seq,
          start: new Date(start).toISOString(),
          end: new Date(start + length).toISOString(),
        });
        if (slots.length >= q.limit) return slots;
      }
    }
  }
  return slots;
}
