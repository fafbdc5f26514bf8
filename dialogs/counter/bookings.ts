import type { Resource } from '../appointment';
import type { Lang, Localized, Municipality } from '../municipality';
import type { ProcedureBookings, StoredBooking } from '../procedure';
import type { Param } from '../reply';
import type { CounterDetails } from './details';

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * A Citizen Office's services as bookable resources (Bucharest Sector 1 City Hall, Citizen Office
 * announcement): each service's counters serve at once, in places of `minutesEach` minutes that fill the
 * office's public hours, each weekday of them a session of its own (Thursday's longer hours, longer session).
 */
function resources(city: Municipality): Resource[] {
  const rules = city.counter;
  if (!rules) return [];
  const sessions = city.publicHours.flatMap((h) =>
    h.weekdays.map((weekday) => ({
      weekday,
      start: h.open,
      // Only places that end by closing time.
      times: Math.floor((minutesOf(h.close) - minutesOf(h.open)) / rules.minutesEach),
    })),
  );
  return rules.services.map((s) => ({
    id: s.id,
    procedure: 'counter',
    title: s.name,
    sessions: sessions.map((session) => ({ ...session })),
    minutesEach: rules.minutesEach,
    parallel: s.counters,
    minNoticeHours: rules.minNoticeHours,
    horizonDays: rules.horizonDays,
    offerCount: rules.offerCount,
    limits: { perResourcePerDay: rules.perCitizen.perServicePerDay, active: rules.perCitizen.active },
  }));
}

const serviceOf = (resourceId: string, city: Municipality) =>
  city.counter?.services.find((s) => s.id === resourceId);
const nameOf = (resourceId: string, city: Municipality): Localized =>
  serviceOf(resourceId, city)?.name ?? { ro: resourceId, fa: resourceId, en: resourceId };
const detailsOf = (b: StoredBooking) => b.details as unknown as CounterDetails;

/**
 * Which of its service's counters (1 … counters) a booking is at. The slot engine numbers a day's places
 * `base + time × counters + counter` (counter 0 … counters − 1), where `base` counts the places of the day's
 * earlier sessions, each a whole number of times × counters: so `base` is a multiple of the counters, and the
 * remainder of a place's number by them is its counter. freeSlots offers a time's first free counter, so two
 * bookings at one time never share one. The numbers are the service's own (its 1st, 2nd … counter), not the
 * office's signs: the announcement gives no numbering of the counters. If the data's counters for a service
 * change, the remainder is read with the new figure.
 */
export function counterNumber(
  booking: Pick<StoredBooking, 'resourceId' | 'seq'>,
  city: Municipality,
): number {
  const counters = serviceOf(booking.resourceId, city)?.counters ?? 1;
  return (booking.seq % counters) + 1;
}

/** Where a counter booking is: the office, its address and the service's counter, as the citizen is told. */
export function counterWhere(booking: Pick<StoredBooking, 'resourceId' | 'seq'>, city: Municipality): Param {
  return {
    t: 'counter:where',
    params: {
      office: city.counter?.office ?? { ro: '', fa: '', en: '' },
      address: city.counter?.address ?? '',
      counter: counterNumber(booking, city),
    },
  };
}

/** "counter" in the calendar's location line, in the city's own language. */
const COUNTER_WORD: Record<Lang, string> = { ro: 'ghișeul', fa: 'باجه', en: 'counter' };

export const counterBookings: ProcedureBookings = {
  id: 'counter',
  resources,
  what: (b, city) => ({
    t: 'counter:what',
    params: {
      service: nameOf(b.resourceId, city),
      office: city.counter?.office ?? { ro: '', fa: '', en: '' },
    },
  }),
  where: counterWhere,
  location(b, city) {
    const rules = city.counter;
    if (!rules) return '';
    const lang = city.defaultLanguage;
    return `${rules.office[lang]}, ${rules.address}, ${COUNTER_WORD[lang]} ${counterNumber(b, city)}`;
  },
  // The agenda's heading names the service and its line the counter: what the citizen wrote is what is left.
  agendaLines(b) {
    const said = detailsOf(b).said;
    return said ? [`said: ${said}`] : [];
  },
};
