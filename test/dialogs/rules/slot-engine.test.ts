import { createHolidayCalendar } from '../../../dialogs/rules/holidays';
import { openDays, freeSlots, type SlotQuery } from '../../../dialogs/rules/slot-engine';

const isHoliday = createHolidayCalendar('RO');
const official = {
  id: 'head-technical',
  sessions: [{ weekday: 2, start: '09:00', times: 5 }], // Tuesdays at 09:00, 5 places
  minutesEach: 15,
  parallel: 1,
  minNoticeHours: 12,
  horizonDays: 60,
};
/** The official above with other programme entries (weekday and start), 5 places each. */
const on = (...entries: { weekday: number; start: string }[]) => ({
  ...official,
  sessions: entries.map((e) => ({ ...e, times: 5 })),
});
const base: Omit<SlotQuery, 'now'> = {
  resource: official,
  timeZone: 'Europe/Bucharest',
  isHoliday,
  taken: new Map(),
  limit: 6,
};
const local = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Bucharest',
    weekday: 'short',
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));

describe('slot engine', () => {
  it('offers the official’s programme day, 5 places of 15 minutes, then the next week', () => {
    const slots = freeSlots({ ...base, now: new Date('2026-11-16T08:00:00Z') });
    expect(slots.map((s) => local(s.start))).toEqual([
      'Tue 17/11, 09:00',
      'Tue 17/11, 09:15',
      'Tue 17/11, 09:30',
      'Tue 17/11, 09:45',
      'Tue 17/11, 10:00',
      'Tue 24/11, 09:00',
    ]);
    expect(slots.map((s) => s.seq)).toEqual([0, 1, 2, 3, 4, 0]);
    expect(new Date(slots[0].end).getTime() - new Date(slots[0].start).getTime()).toBe(15 * 60_000);
  });

  it('skips public holidays: 1 December (national day) and 1 May', () => {
    const december = openDays({ ...base, now: new Date('2026-11-28T08:00:00Z') });
    expect(december.slice(0, 2)).toEqual(['2026-12-08', '2026-12-15']); // Tue 1 Dec 2026 skipped
    const may = openDays({
      ...base,
      resource: on({ weekday: 5, start: '10:00' }),
      now: new Date('2026-04-27T08:00:00Z'),
    });
    expect(may[0]).toBe('2026-05-08'); // Fri 1 May 2026 skipped
  });

  it('skips Orthodox Easter Monday (13 April 2026), which moves every year', () => {
    const days = openDays({
      ...base,
      resource: on({ weekday: 1, start: '10:00' }),
      now: new Date('2026-04-07T08:00:00Z'),
    });
    expect(days.slice(0, 2)).toEqual(['2026-04-20', '2026-04-27']);
  });

  it('never offers past times or times closer than the minimum notice', () => {
    // Tuesday 17 Nov 2026 at 06:00 local: all of that morning is within the 12 hours' notice.
    const slots = freeSlots({ ...base, now: new Date('2026-11-17T04:00:00Z') });
    expect(slots[0].day).toBe('2026-11-24');
    const noNotice = freeSlots({
      ...base,
      resource: { ...official, minNoticeHours: 0 },
      now: new Date('2026-11-17T07:20:00Z'),
    });
    expect(noNotice.map((s) => local(s.start)).slice(0, 3)).toEqual([
      'Tue 17/11, 09:30',
      'Tue 17/11, 09:45',
      'Tue 17/11, 10:00',
    ]);
  });

  it('leaves out places already taken, and days that are full', () => {
    const taken = new Map([
      ['2026-11-17', new Set([0, 1, 2, 3, 4])],
      ['2026-11-24', new Set([1, 3])],
    ]);
    const slots = freeSlots({ ...base, taken, now: new Date('2026-11-16T08:00:00Z') });
    expect(slots.map((s) => `${s.day}#${s.seq}`)).toEqual([
      '2026-11-24#0',
      '2026-11-24#2',
      '2026-11-24#4',
      '2026-12-08#0',
      '2026-12-08#1',
      '2026-12-08#2',
    ]);
  });

  it('keeps local time across daylight-saving changes (Romania: 29 March and 25 October 2026)', () => {
    const spring = freeSlots({
      ...base,
      resource: on({ weekday: 5, start: '09:00' }, { weekday: 1, start: '09:00' }),
      limit: 10,
      now: new Date('2026-03-25T08:00:00Z'),
    });
    const friday = spring.find((s) => s.day === '2026-03-27')!;
    const monday = spring.find((s) => s.day === '2026-03-30')!;
    expect(friday.start).toBe('2026-03-27T07:00:00.000Z'); // EET, UTC+2
    expect(monday.start).toBe('2026-03-30T06:00:00.000Z'); // EEST, UTC+3
    const autumn = freeSlots({
      ...base,
      resource: on({ weekday: 5, start: '09:00' }, { weekday: 1, start: '09:00' }),
      limit: 10,
      now: new Date('2026-10-21T08:00:00Z'),
    });
    expect(autumn.find((s) => s.day === '2026-10-23')!.start).toBe('2026-10-23T06:00:00.000Z');
    expect(autumn.find((s) => s.day === '2026-10-26')!.start).toBe('2026-10-26T07:00:00.000Z');
  });

  it('works out "today" in the municipality’s zone, not the server’s', () => {
    // 23:30 UTC on Monday 16 Nov is already Tuesday 17 Nov 01:30 in Cluj-Napoca.
    const days = openDays({ ...base, now: new Date('2026-11-16T23:30:00Z') });
    expect(days[0]).toBe('2026-11-17');
  });

  it('a service with several counters: one offer per time, the first free counter’s place', () => {
    const counters = {
      id: 'local-taxes',
      sessions: [{ weekday: 2, start: '08:30', times: 3 }],
      minutesEach: 20,
      parallel: 2,
      minNoticeHours: 0,
      horizonDays: 14,
    };
    // 08:30 has both counters taken (places 0, 1); 08:50 has its first taken (place 2).
    const taken = new Map([['2026-11-17', new Set([0, 1, 2])]]);
    const slots = freeSlots({ ...base, resource: counters, taken, now: new Date('2026-11-16T08:00:00Z') });
    expect(slots.map((s) => [local(s.start), s.seq])).toEqual([
      ['Tue 17/11, 08:50', 3],
      ['Tue 17/11, 09:10', 4],
      ['Tue 24/11, 08:30', 0],
      ['Tue 24/11, 08:50', 2],
      ['Tue 24/11, 09:10', 4],
    ]);
    // To choose a day first: the earliest time of each day; then that day's times only.
    const days = freeSlots({
      ...base,
      resource: counters,
      taken,
      daysOnly: true,
      now: new Date('2026-11-16T08:00:00Z'),
    });
    expect(days.map((s) => local(s.start))).toEqual(['Tue 17/11, 08:50', 'Tue 24/11, 08:30']);
    const later = freeSlots({
      ...base,
      resource: counters,
      taken,
      day: '2026-11-24',
      after: '2026-11-24T06:30:00.000Z',
      now: new Date('2026-11-16T08:00:00Z'),
    });
    expect(later.map((s) => local(s.start))).toEqual(['Tue 24/11, 08:50', 'Tue 24/11, 09:10']);
  });

  it('a programme changed under standing bookings: a booked time is not offered again under another number', () => {
    // Booked as place 0 of Tuesday 24 November at 09:00; the programme now starts at 08:45, so 09:00 is place 1.
    const taken = new Map([['2026-11-24', new Set([0])]]);
    const takenTimes = new Map([['2026-11-24T07:00:00.000Z', 1]]);
    const slots = freeSlots({
      ...base,
      resource: on({ weekday: 2, start: '08:45' }),
      taken,
      takenTimes,
      now: new Date('2026-11-23T08:00:00Z'),
    });
    expect(slots.filter((s) => s.day === '2026-11-24').map((s) => [local(s.start), s.seq])).toEqual([
      ['Tue 24/11, 09:15', 2],
      ['Tue 24/11, 09:30', 3],
      ['Tue 24/11, 09:45', 4],
    ]);
  });
});
