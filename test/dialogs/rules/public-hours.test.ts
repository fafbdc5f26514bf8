import { createHolidayCalendar } from '../../../dialogs/rules/holidays';
import { contactWindow } from '../../../dialogs/rules/public-hours';
import { city } from '../../helpers/machine-paths';

const isHoliday = createHolidayCalendar('RO');
const at = (iso: string) => contactWindow(new Date(iso), city.publicHours, city.timeZone, isHoliday);

describe('when staff call back a citizen who asked for a person (the city hall’s public hours)', () => {
  it.each([
    [
      'Monday 10:00: today, before 16:00',
      '2026-11-23T08:00:00Z',
      { day: '2026-11-23', today: true, close: '16:00' },
    ],
    [
      'Monday 15:30 (less than an hour left): Tuesday',
      '2026-11-23T13:30:00Z',
      { day: '2026-11-24', today: false },
    ],
    [
      'Thursday 16:00 (open until 17:30): today',
      '2026-11-26T14:00:00Z',
      { day: '2026-11-26', close: '17:30' },
    ],
    [
      'Thursday 16:45 (45 minutes left): Friday',
      '2026-11-26T14:45:00Z',
      { day: '2026-11-27', close: '14:30' },
    ],
    // 30 November (St Andrew) and 1 December (National Day) are public holidays in Romania.
    ['Friday 14:00, before the two holidays: Wednesday', '2026-11-27T12:00:00Z', { day: '2026-12-02' }],
    ['Saturday a week later: Monday', '2026-12-05T09:00:00Z', { day: '2026-12-07', open: '08:00' }],
    ['Monday 07:00 before opening: today', '2026-11-23T05:00:00Z', { day: '2026-11-23', today: true }],
  ])('%s', (_name, iso, expected) => {
    expect(at(iso)).toMatchObject(expected);
  });
});
