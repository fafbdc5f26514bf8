import type { CitizenLimits } from '../municipality';

/**
 * How many audiences one phone number may hold (the municipality's `audience.perCitizen`): one rule, read by
 * the dialog before it offers places and by the store inside the booking's own transaction.
 */

/** The error code an effect raises when a booking or a move would pass a citizen's limit. */
export const CITIZEN_LIMIT = 'citizen.limit';

/** An active booking of a phone number (booked, not yet begun). */
export interface Holding {
  code: string;
  officialId: string;
  /** Local date of the audience day. */
  day: string;
}

/** Which limit a booking would pass. */
export type LimitHit =
  { limit: 'officialDay'; max: number; officialId: string; day: string } | { limit: 'active'; max: number };

export class CitizenLimitError extends Error {
  readonly code = CITIZEN_LIMIT;
  // The message names no booking: errors can reach a log.
  constructor(readonly hit: LimitHit) {
    super(`citizen limit: ${hit.limit}`);
  }
}

export function isCitizenLimit(error: unknown): error is CitizenLimitError {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === CITIZEN_LIMIT;
}

const sameDay = (held: readonly Holding[], officialId: string, day: string) =>
  held.filter((h) => h.officialId === officialId && h.day === day).length;

/** Whether the phone may hold one more audience in all. */
export function activeLimit(held: readonly Holding[], limits: CitizenLimits): LimitHit | undefined {
  return held.length >= limits.active ? { limit: 'active', max: limits.active } : undefined;
}

/** Whether a new booking of this place stays within the limits (the official's day first: it says more). */
export function newBookingLimit(
  held: readonly Holding[],
  limits: CitizenLimits,
  place: { officialId: string; day: string },
): LimitHit | undefined {
  if (sameDay(held, place.officialId, place.day) >= limits.perOfficialPerDay)
    return { limit: 'officialDay', max: limits.perOfficialPerDay, ...place };
  return activeLimit(held, limits);
}

/** Whether moving the booking `code` to this place stays within the limits (a move adds no booking). */
export function moveLimit(
  held: readonly Holding[],
  limits: CitizenLimits,
  code: string,
  place: { officialId: string; day: string },
): LimitHit | undefined {
  const others = held.filter((h) => h.code !== code);
  if (sameDay(others, place.officialId, place.day) >= limits.perOfficialPerDay)
    return { limit: 'officialDay', max: limits.perOfficialPerDay, ...place };
  return undefined;
}

/** The days on which the phone may not book (or move another booking) with this official: not offered. */
export function daysAtLimit(
  held: readonly Holding[],
  limits: CitizenLimits,
  officialId: string,
  exceptCode?: string,
): string[] {
  const counts = new Map<string, number>();
  for (const h of held) {
    if (h.officialId !== officialId || h.code === exceptCode) continue;
    counts.set(h.day, (counts.get(h.day) ?? 0) + 1);
  }
  return [...counts].filter(([, n]) => n >= limits.perOfficialPerDay).map(([day]) => day);
}
