/** Sample audience requests and reservations for the store's tests (the technical department's head). */
import { syncResources, type Reservation } from '../../bot/store/booking-store';
import type { Db } from '../../bot/store/db';
import type { AppointmentRequest } from '../../dialogs/appointment';
import { audienceBookings } from '../../dialogs/audience/bookings';
import type { AudienceDetails } from '../../dialogs/audience/details';
import type { Municipality } from '../../dialogs/municipality';

/** Writes the city's audience resources (officials and their capacity), as the server does at start. */
export function syncCity(db: Db, city: Municipality): void {
  syncResources(db, city.id, audienceBookings.resources(city));
}

/** The store's limits per procedure, as the server builds them from the city's data. */
export function cityLimits(city: Municipality) {
  const [official] = audienceBookings.resources(city);
  return { audience: official.limits };
}

/** An audience's own details for a request (what the store keeps as JSON). */
export function audienceDetails(details: Partial<AudienceDetails> = {}): Record<string, unknown> {
  return { level: 'head', mode: 'site', answerBy: 'none', reason: 'groapă în asfalt', ...details };
}

/** The `seq`-th 15-minute place of the day (from 09:00 Bucharest), for Citizen `seq`. */
export function sampleRequest(
  seq: number,
  day = '2026-11-24',
  resourceId = 'head-technical',
): AppointmentRequest {
  const start = new Date(Date.parse(`${day}T07:00:00Z`) + seq * 15 * 60_000);
  return {
    procedure: 'audience',
    slot: {
      resourceId,
      day,
      seq,
      start: start.toISOString(),
      end: new Date(start.getTime() + 900_000).toISOString(),
    },
    name: `Citizen ${seq}`,
    phone: '+40722123456',
    details: audienceDetails(),
  };
}

/** A reservation of that place with its confirmation SMS. */
export function sampleReservation(seq: number, day?: string): Reservation {
  return {
    request: sampleRequest(seq, day),
    lang: 'ro',
    channel: 'test',
    conversationId: `c${seq}`,
    confirmation: (code) => ({
      channel: 'sms',
      to: '+40722123456',
      body: `Audienta ${code} confirmata`,
      segments: 1,
    }),
  };
}
