/**
 * The last day for an audience's written answer: it is sent within one working day after the audience day
 * (Cluj-Napoca City Hall, audience procedure), so the first day after it that is no weekend and no public holiday.
 */
export function answerDue(day: string, isHoliday: (isoDate: string) => boolean): string {
  let due = day;
  do {
    due = new Date(Date.parse(`${due}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  } while ([0, 6].includes(new Date(`${due}T12:00:00Z`).getUTCDay()) || isHoliday(due));
  return due;
}
