import { loadMunicipality } from '../../../bot/municipality';
import { createTexts } from '../../../bot/i18n';
import { placesPerDay } from '../../../dialogs/appointment';
import { counterBookings, counterNumber, counterWhere } from '../../../dialogs/counter/bookings';
import type { StoredBooking } from '../../../dialogs/procedure';
import type { Param } from '../../../dialogs/reply';
import { freeSlots } from '../../../dialogs/rules/slot-engine';

const city = loadMunicipality('bucuresti-sector-1');
const resources = counterBookings.resources(city);
const taxes = resources.find((r) => r.id === 'local-taxes')!;
const booking = (over: Partial<StoredBooking> = {}): StoredBooking => ({
  code: 'ACDE-3467',
  resourceId: 'local-taxes',
  seq: 5, // the 2nd time of the day, its 2nd counter: 1 × 4 + 1
  start: '2026-12-10T06:50:00.000Z',
  details: { service: 'local-taxes' },
  ...over,
});

describe('counter appointments as bookable resources (Bucharest Sector 1, Citizen Office)', () => {
  it('one resource per service, in the data order, with the counter rules', () => {
    expect(counterBookings.id).toBe('counter');
    expect(resources.map((r) => r.id)).toEqual(city.counter!.services.map((s) => s.id));
    expect(taxes).toMatchObject({
      procedure: 'counter',
      title: { ro: 'Taxe și impozite locale', en: 'Local taxes' },
      minutesEach: 20,
      parallel: 4,
      minNoticeHours: 2,
      horizonDays: 14,
      offerCount: 5,
      limits: { perResourcePerDay: 1, active: 3 },
    });
    expect(resources.find((r) => r.id === 'local-police')!.parallel).toBe(1);
  });

  it("sessions fill the public hours, 20 minutes each: Thursday's are longer", () => {
    expect(taxes.sessions).toEqual([
      { weekday: 1, start: '08:30', times: 24 }, // 08:30–16:30
      { weekday: 2, start: '08:30', times: 24 },
      { weekday: 3, start: '08:30', times: 24 },
      { weekday: 5, start: '08:30', times: 24 },
      { weekday: 4, start: '08:30', times: 30 }, // 08:30–18:30
    ]);
    expect(placesPerDay(taxes)).toBe(30 * 4);
    expect(placesPerDay(resources.find((r) => r.id === 'urbanism')!)).toBe(30 * 2);
  });

  it('a city without a counter section has no counter resources', () => {
    expect(counterBookings.resources(loadMunicipality('cluj-napoca'))).toEqual([]);
  });

  it('the counter is the place number modulo the counters, as the slot engine numbers places', () => {
    expect(counterNumber({ resourceId: 'local-taxes', seq: 0 }, city)).toBe(1);
    expect(counterNumber({ resourceId: 'local-taxes', seq: 5 }, city)).toBe(2);
    expect(counterNumber({ resourceId: 'local-taxes', seq: 7 }, city)).toBe(4);
    expect(counterNumber({ resourceId: 'local-police', seq: 13 }, city)).toBe(1);
    expect(counterNumber(booking({ seq: 118 }), city)).toBe(3);

    // The places the engine gives one time, taken one after the other, are that time's counters 1 … 4.
    const query = {
      resource: taxes,
      timeZone: city.timeZone,
      now: new Date('2026-12-07T06:00:00Z'), // Monday, 08:00 in Bucharest
      isHoliday: () => false,
      limit: 1,
      day: '2026-12-10', // Thursday
    };
    const taken = new Set<number>();
    const counters: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [slot] = freeSlots({ ...query, taken: new Map([['2026-12-10', taken]]) });
      expect(slot.start).toBe('2026-12-10T06:30:00.000Z'); // 08:30 local, until its 4 counters are taken
      taken.add(slot.seq);
      counters.push(counterNumber(slot, city));
    }
    expect(counters).toEqual([1, 2, 3, 4]);
    const [next] = freeSlots({ ...query, taken: new Map([['2026-12-10', taken]]) });
    expect(next).toMatchObject({ start: '2026-12-10T06:50:00.000Z', seq: 4 });
    expect(counterNumber(next, city)).toBe(1);
  });

  it('what and where name the service, the office, its address and the counter', () => {
    const office = city.counter!.office;
    expect(counterBookings.what(booking(), city)).toEqual({
      t: 'counter:what',
      params: { service: city.counter!.services[0].name, office },
    });
    expect(counterBookings.where(booking(), city)).toEqual({
      t: 'counter:where',
      params: { office, address: 'str. Mureș nr. 18–24, parter', counter: 2 },
    });
    expect(counterWhere({ resourceId: 'urbanism', seq: 3 }, city)).toMatchObject({ params: { counter: 2 } });
  });

  it('the calendar location is in Romanian, the city language', () => {
    expect(counterBookings.location(booking(), city)).toBe(
      'Biroul Cetățeanului, str. Mureș nr. 18–24, parter, ghișeul 2',
    );
  });

  it("the agenda tells staff the counter, the service and the citizen's words", () => {
    // The agenda names the service and the counter itself: only what the citizen wrote is added.
    expect(counterBookings.agendaLines(booking(), city)).toEqual([]);
    expect(
      counterBookings.agendaLines(
        booking({ details: { service: 'local-taxes', said: 'impozitul pe casă' } }),
        city,
      ),
    ).toEqual(['said: impozitul pe casă']);
  });

  it('the texts render in every language', () => {
    const texts = createTexts(city);
    const render = (lang: 'ro' | 'fa' | 'en', p: Param) =>
      typeof p === 'object' && 't' in p ? texts.t(lang, p.t, p.params) : String(p);
    const where = counterBookings.where(booking(), city);
    const what = counterBookings.what(booking(), city);
    expect(render('ro', where)).toBe('La Biroul Cetățeanului, str. Mureș nr. 18–24, parter, ghișeul 2.');
    expect(render('en', where)).toBe('At the Citizen Office, str. Mureș nr. 18–24, parter, counter 2.');
    expect(render('fa', where)).toContain('باجهٔ ۲');
    expect(render('ro', what)).toBe('Programare la Biroul Cetățeanului: Taxe și impozite locale');
    expect(render('en', what)).toBe('Appointment at the Citizen Office: Local taxes');
    expect(texts.t('ro', 'counter:noSlots', { service: 'Urbanism', days: 14 })).toContain(
      'în următoarele 14 zile',
    );
    expect(texts.t('en', 'counter:noSlots', { service: 'Urban planning', days: 14 })).toContain(
      'in the next 14 days',
    );
    expect(texts.t('fa', 'counter:noSlots', { service: 'شهرسازی', days: 14 })).toContain('۱۴ روز');
    expect(texts.t('ro', 'counter:dayChoice', { day: '2026-12-10' })).toBe('joi, 10 decembrie 2026');
    for (const lang of ['ro', 'fa', 'en'] as const) {
      const sms = texts.t(lang, 'counter:sms.confirmed', {
        code: 'ACDE-3467',
        when: booking().start,
        where: render(lang, where),
        icsUrl: 'https://example.org/ics/x',
      });
      expect(sms).toContain('ACDE-3467');
      expect(sms).not.toMatch(/{{|}}/);
    }
  });
});
