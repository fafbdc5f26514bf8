import ical from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import type { Municipality } from '../../dialogs/municipality';
import type { ProcedureBookings } from '../../dialogs/procedure';
import type { Texts } from '../i18n';
import type { BookingRow } from '../store/booking-store';

/**
 * The calendar invite for a booking (RFC 5545, from ical-generator). Times are Luxon DateTimes already in
 * the municipality's zone, with a generated VTIMEZONE block, so calendars show the local time whatever the
 * server's own zone is.
 */
export function buildInvite(
  booking: BookingRow,
  procedure: ProcedureBookings,
  city: Municipality,
  texts: Texts,
): string {
  const params = {
    code: booking.code,
    what: procedure.what(booking, city),
    where: procedure.where(booking, city),
  };
  const calendar = ical({
    name: city.name[booking.lang],
    prodId: { company: 'civic-clerk', product: 'civic-clerk' },
  });
  calendar.timezone({ name: city.timeZone, generator: (tz) => tzlib_get_ical_block(tz)[0] ?? null });
  calendar.createEvent({
    id: `${booking.code}@civic-clerk`,
    start: DateTime.fromISO(booking.start).setZone(city.timeZone),
    end: DateTime.fromISO(booking.end).setZone(city.timeZone),
    timezone: city.timeZone,
    summary: texts.t(booking.lang, `${booking.procedure}:ics.summary`, params),
    description: texts.t(booking.lang, `${booking.procedure}:ics.description`, params),
    location: procedure.location(booking, city) || texts.t(booking.lang, 'ics.where', params),
  });
  return calendar.toString();
}
