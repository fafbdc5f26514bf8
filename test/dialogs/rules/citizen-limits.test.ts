import {
  activeLimit,
  daysAtLimit,
  moveLimit,
  newBookingLimit,
  type Holding,
} from '../../../dialogs/rules/citizen-limits';

const limits = { perResourcePerDay: 1, active: 3 };
const held: Holding[] = [
  { code: 'AAAA-AAAA', resourceId: 'head-technical', day: '2026-11-24' },
  { code: 'CCCC-CCCC', resourceId: 'head-urbanism', day: '2026-11-25' },
];
const technical = (day: string) => ({ resourceId: 'head-technical', day });

describe('limits per phone number', () => {
  it.each([
    ['the same official, the same day', technical('2026-11-24'), 'resourceDay'],
    ['the same official, another day', technical('2026-11-26'), undefined],
    ['another official, the same day', { resourceId: 'head-taxes', day: '2026-11-24' }, undefined],
  ])('a new booking with %s', (_name, place, limit) => {
    expect(newBookingLimit(held, limits, place)?.limit).toBe(limit);
  });

  it('three active bookings in all, whoever with', () => {
    const three = [...held, { code: 'DDDD-DDDD', resourceId: 'mayor', day: '2026-11-30' }];
    expect(activeLimit(held, limits)).toBeUndefined();
    expect(newBookingLimit(three, limits, technical('2026-11-26'))).toEqual({ limit: 'active', max: 3 });
  });

  it('a move does not count the booking moved, nor add one', () => {
    const three = [...held, { code: 'DDDD-DDDD', resourceId: 'head-technical', day: '2026-11-26' }];
    expect(moveLimit(three, limits, 'AAAA-AAAA', technical('2026-11-24'))).toBeUndefined();
    expect(moveLimit(three, limits, 'AAAA-AAAA', technical('2026-12-03'))).toBeUndefined();
    expect(moveLimit(three, limits, 'AAAA-AAAA', technical('2026-11-26'))).toMatchObject({
      limit: 'resourceDay',
      day: '2026-11-26',
    });
  });

  it('the days not to offer: those at the limit with that official, less the booking being moved', () => {
    expect(daysAtLimit(held, limits, 'head-technical')).toEqual(['2026-11-24']);
    expect(daysAtLimit(held, limits, 'head-technical', 'AAAA-AAAA')).toEqual([]);
    expect(daysAtLimit(held, { ...limits, perResourcePerDay: 2 }, 'head-technical')).toEqual([]);
  });
});
