import Holidays from 'date-holidays';

/** Public holidays of a country as a predicate on local ISO dates (YYYY-MM-DD), cached per year. */
export function createHolidayCalendar(country: string): (isoDate: string) => boolean {
  const hd = new Holidays(country);
  const byYear = new Map<number, Set<string>>();
  return (isoDate: string) => {
    const year = Number(isoDate.slice(0, 4));
    let days = byYear.get(year);
    if (!days) {
      days = new Set(
        hd
          .getHolidays(year)
          .filter((h) => h.type === 'public')
          .map((h) => h.date.slice(0, 10)),
      );
      byYear.set(year, days);
    }
    return days.has(isoDate);
  };
}
