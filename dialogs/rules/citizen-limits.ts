import type { Resource } from '../appointment';
import type { Localized } from '../municipality';

/**
 * How many bookings one phone number may hold (each procedure's `perCitizen` in the city's data): one rule,
 * read by the dialog before it offers places and by the store inside the booking's own transaction. One
 * person must not be able to take a day's few places.
 */

export type CitizenLimits = Resource['limits'];

/** The error code an effect raises when a booking or a move would pass a citizen's limit. */
export const CITIZEN_LIMIT = 'citizen.limit';

/** An active booking of a phone number (booked, not yet begun), of the procedure being booked. */
export interface Holding {
  code: string;
  resourceId: string;
  /** Local date of the booking. */
  day: string;
}

/** Which limit a booking would pass. */
export type LimitHit =
  | { limit: 'resourceDay'; max: number; resourceId: string; day: string; title?: Localized }
  | { limit: 'active'; max: number };

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

const sameDay = (held: readonly Holding[], resourceId: string, day: string) =>
  held.filter((h) => h.resourceId === resourceId && h.day === day).length;

/** Whether the phone may hold one more booking in all. */
export function activeLimit(held: readonly Holding[], limits: CitizenLimits): LimitHit | undefined {
  return held.length >= limits.active ? { limit: 'active', max: limits.active } : undefined;
}

/** Whether a new booking of this place stays within the limits (the resource's day first: it says more). */
export function newBookingLimit(
  held: readonly Holding[],
  limits: CitizenLimits,
  place: { resourceId: string; day: string },
): LimitHit | undefined {
  if (sameDay(held, place.resourceId, place.day) >= limits.perResourcePerDay)
    return { limit: 'resourceDay', max: limits.perResourcePerDay, ...place };
  return activeLimit(held, limits);
}

/** Whether moving the booking `code` to this place stays within the limits (a move adds no booking). */
export function moveLimit(
  held: readonly Holding[],
  limits: CitizenLimits,
  code: string,
  place: { resourceId: string; day: string },
): LimitHit | undefined {
  const others = held.filter((h) => h.code !== code);
  if (sameDay(others, place.resourceId, place.day) >= limits.perResourcePerDay)
    return { limit: 'resourceDay', max: limits.perResourcePerDay, ...place };
  return undefined;
}

/** The days on which the phone may not book (or move another booking) with this resource: not offered. */
export function daysAtLimit(
  held: readonly Holding[],
  limits: CitizenLimits,
  resourceId: string,
  exceptCode?: string,
): string[] {
  const counts = new Map<string, number>();
  for (const h of held) {
    if (h.resourceId !== resourceId || h.code === exceptCode) continue;
    counts.set(h.day, (counts.get(h.day) ?? 0) + 1);
  }
  return [...counts].filter(([, n]) => n >= limits.perResourcePerDay).map(([day]) => day);
}
