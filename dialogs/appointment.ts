import type { Localized } from './municipality';
import type { Param } from './reply';

/**
 * Appointments, whatever the procedure: a bookable resource (an official for audiences, a service's counters at
 * a Citizen Office), its places, a booking of one place, and the effects a dialog names to find and change
 * them. The bot implements the effects over the store; the database enforces every resource's capacity.
 */

/** One place of a resource: the n-th place of its day, at a time. */
export interface Slot {
  resourceId: string;
  /** Local date, YYYY-MM-DD. */
  day: string;
  /** The place within the day (0 … the resource's places a day − 1): unique per resource and day. */
  seq: number;
  /** Start instant, ISO 8601 in UTC. */
  start: string;
  /** End instant, ISO 8601 in UTC. */
  end: string;
}

/** A stretch of a weekday in which places follow one another, `parallel` at a time. */
export interface Session {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Local start time, HH:mm. */
  start: string;
  /** How many times follow one another (each `minutesEach` long). */
  times: number;
}

/** What can be booked, as the procedure declares it from the city's data. */
export interface Resource {
  id: string;
  procedure: string;
  title: Localized;
  sessions: Session[];
  minutesEach: number;
  /** Citizens served at the same time: a service's counters; 1 for an official. */
  parallel: number;
  minNoticeHours: number;
  horizonDays: number;
  /** How many places are offered at once. */
  offerCount: number;
  /** What one phone may hold: with this resource on one day, and active bookings of the procedure in all. */
  limits: { perResourcePerDay: number; active: number };
}

/** The most places a resource has in a day: the capacity the database enforces. */
export function placesPerDay(resource: Pick<Resource, 'sessions' | 'parallel'>): number {
  const byDay = new Map<number, number>();
  for (const s of resource.sessions) byDay.set(s.weekday, (byDay.get(s.weekday) ?? 0) + s.times);
  return Math.max(1, ...byDay.values()) * resource.parallel;
}

/** A booking as a procedure asks for it: the shared fields, and its own details kept with it. */
export interface AppointmentRequest {
  procedure: string;
  slot: Slot;
  name: string;
  phone: string;
  /** The procedure's own answers (an audience's reason and evidence, a counter's service), kept as JSON. */
  details: Record<string, unknown>;
  /**
   * Names this request within its conversation (made when the place is chosen, and saved with it): a Confirm
   * that comes again after the booking was committed gets that booking back instead of a second one.
   */
  requestId?: string;
}

/** What places to look for: the resource's, less the days this phone may not book (or move `moving` to). */
export interface SlotSearch {
  resourceId: string;
  phone?: string;
  /** The code of the booking being moved: it counts neither against the limits nor as a second booking. */
  moving?: string;
  /** Only this local day (YYYY-MM-DD). */
  day?: string;
  /** One place a day: the earliest free time of each day (to choose a day first). */
  daysOnly?: boolean;
  /** Only places starting after this instant (ISO), to page through a day. */
  after?: string;
}

export interface BookingResult {
  code: string;
  icsUrl: string;
}

/** A booking as the citizen who made it sees it (found with its code and phone). */
export interface BookingView {
  code: string;
  procedure: string;
  resourceId: string;
  /** The resource's name, in every language. */
  title: Localized;
  /** What the booking is, as its procedure describes it ("an audience with the Mayor, in person"). */
  what: Param;
  start: string;
  details: Record<string, unknown>;
}

/** Who may change a booking: whoever has its reference code and the phone it was made with. */
export interface BookingKey {
  code: string;
  phone: string;
}

/** Raised by a booking or a move when the place was taken between the offer and the confirmation. */
export const SLOT_TAKEN = 'slot.taken';
/** The error a cancel or a move answers when the booking is no longer active (changed in another conversation). */
export const BOOKING_GONE = 'booking.gone';

const hasCode = (error: unknown, code: string) =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
export const isSlotTaken = (error: unknown) => hasCode(error, SLOT_TAKEN);
export const isBookingGone = (error: unknown) => hasCode(error, BOOKING_GONE);
