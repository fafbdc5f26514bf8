/** Sample audience requests and reservations for the store's tests (the technical department's head). */
import type { Reservation } from '../../bot/store/booking-store';
import type { AudienceRequest } from '../../dialogs/audience/audience.machine';

/** The `seq`-th 15-minute place of the day (from 09:00 Bucharest), for Citizen `seq`. */
export function sampleRequest(seq: number, day = '2026-11-24'): AudienceRequest {
  const start = new Date(Date.parse(`${day}T07:00:00Z`) + seq * 15 * 60_000);
  return {
    level: 'head',
    officialId: 'head-technical',
    slot: {
      officialId: 'head-technical',
      day,
      seq,
      start: start.toISOString(),
      end: new Date(start.getTime() + 900_000).toISOString(),
    },
    mode: 'site',
    name: `Citizen ${seq}`,
    phone: '+40722123456',
    answerBy: 'none',
    reason: 'groapă în asfalt',
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
