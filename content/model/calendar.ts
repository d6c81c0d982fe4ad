/** Town halls of metropolitan France count days in Paris time, whatever the machine's zone. */
export const TOWN_TIME_ZONE = 'Europe/Paris';

/** One formatter per zone: building one costs about a millisecond, and every submission asks. */
const DAY_FORMATS = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar day of an instant in a time zone, as `YYYY-MM-DD`.
 *
 * @example todayIn(new Date('2026-11-28T23:30:00Z')) // '2026-11-29' (Paris is UTC+1 in winter)
 */
export function todayIn(instant: Date = new Date(), timeZone: string = TOWN_TIME_ZONE): string {
  let format = DAY_FORMATS.get(timeZone);
  if (!format)
    DAY_FORMATS.set(timeZone, (format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return format.format(instant);
}
