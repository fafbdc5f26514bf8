import { answerDue } from '../../../dialogs/audience/answer-due';
import { audienceBookings } from '../../../dialogs/audience/bookings';
import { createHolidayCalendar } from '../../../dialogs/rules/holidays';

const isHoliday = createHolidayCalendar('RO');
const stored = (details: Record<string, unknown>) => ({
  code: 'ACDE-3467',
  resourceId: 'head-technical',
  seq: 0,
  start: '2026-11-24T07:00:00.000Z',
  details,
});

describe('the written answer’s due day (one working day after the audience)', () => {
  it('skips weekends and Romanian public holidays', () => {
    expect(answerDue('2026-11-24', isHoliday)).toBe('2026-11-25');
    // Friday 27 November: the weekend, St Andrew's Day (30 November) and the National Day (1 December).
    expect(answerDue('2026-11-27', isHoliday)).toBe('2026-12-02');
  });

  it('follows a moved audience; an audience without a written answer keeps none', () => {
    const moved = audienceBookings.movedDetails!(
      stored({ mode: 'site', answerDue: '2026-11-25' }),
      '2026-11-27',
      isHoliday,
    );
    expect(moved).toEqual({ mode: 'site', answerDue: '2026-12-02' });
    expect(audienceBookings.movedDetails!(stored({ mode: 'site' }), '2026-11-27', isHoliday)).toEqual({
      mode: 'site',
    });
  });
});
