import { DateTime } from 'luxon';
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

/** The local days (YYYY-MM-DD) in the booking horizon on which the official holds audiences. */
export function audienceDays(
  q: Pick<SlotQuery, 'programme' | 'rules' | 'timeZone' | 'now' | 'isHoliday'>,
): string[] {
  const today = DateTime.fromJSDate(q.now, { zone: q.timeZone }).startOf('day');
  const days: string[] = [];
  for (let i = 0; i <= q.rules.horizonDays; i++) {
    const day = today.plus({ days: i });
    const iso = day.toISODate()!;
    if (q.programme.some((p) => p.weekday === day.weekday) && !q.isHoliday(iso)) days.push(iso);
  }
  return days;
}

/** The earliest free slots, in order: the official's programme, no holidays, no past or too-near times, no full places. */
export function freeSlots(q: SlotQuery): Slot[] {
  const earliest = DateTime.fromJSDate(q.now).plus({ hours: q.rules.minNoticeHours });
  const slots: Slot[] = [];
  for (const day of audienceDays(q)) {
    const date = DateTime.fromISO(day, { zone: q.timeZone });
    const taken = q.taken.get(day);
    for (const entry of q.programme.filter((p) => p.weekday === date.weekday)) {
      const [hour, minute] = entry.start.split(':').map(Number);
      const first = date.set({ hour, minute, second: 0, millisecond: 0 });
      for (let seq = 0; seq < q.rules.maxPerDay; seq++) {
        if (taken?.has(seq)) continue;
        const start = first.plus({ minutes: seq * q.rules.minutesEach });
        if (start < earliest) continue;
        const end = start.plus({ minutes: q.rules.minutesEach });
        slots.push({
          officialId: q.officialId,
          day,
          seq,
          start: start.toUTC().toISO()!,
          end: end.toUTC().toISO()!,
        });
        if (slots.length >= q.limit) return slots;
      }
    }
  }
  return slots;
}
