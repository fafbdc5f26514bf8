import type { Resource } from './appointment';
import type { Municipality } from './municipality';
import type { Param } from './reply';

/**
 * What a procedure (audiences, counter appointments, …) gives the clerk besides its dialog: the resources the
 * city's data lets citizens book, and how one of its bookings is described wherever it is shown again — "my
 * booking", the SMS, the calendar invite, the agenda. Its texts live in its own locale namespace (named as
 * the procedure), with the keys every procedure has: `sms.confirmed`, `sms.moved`, `sms.cancelled`,
 * `sms.reminder`, `ics.summary`, `ics.description`.
 */
export interface ProcedureBookings {
  id: string;
  /** The bookable resources the city's section for this procedure declares (none if it has no section). */
  resources(city: Municipality): Resource[];
  /** What the booking is, in a few words ("an audience with the Mayor, in person"). */
  what(booking: StoredBooking, city: Municipality): Param;
  /** Where to go, or how it is held ("str. Mureș 18–24, counter 2"; "the official calls you"). */
  where(booking: StoredBooking, city: Municipality): Param;
  /** The place as a calendar's location line, in the city's own language. */
  location(booking: StoredBooking, city: Municipality): string;
  /** The agenda's lines for one booking, for staff (English, the scripts' language). */
  agendaLines(booking: StoredBooking, city: Municipality): string[];
  /** Its details once moved to another day, where they depend on the day (none: they stay as they are). */
  movedDetails?(
    booking: StoredBooking,
    day: string,
    isHoliday: (isoDate: string) => boolean,
  ): Record<string, unknown>;
}

/** A booking as the store keeps it, for a procedure to describe. */
export interface StoredBooking {
  code: string;
  resourceId: string;
  seq: number;
  start: string;
  details: Record<string, unknown>;
}
