// The calendar of legal delays: when a request is received, and when silence becomes a decision.
//
// Every date here is a calendar date in the town's time zone, written `YYYY-MM-DD`. An instant
// (a `Date`) becomes a date only through `receptionDate`, in Europe/Paris: a submission at
// 23:30 UTC on 31 January (winter, UTC+1) is received on 1 February. Arithmetic on dates is
// done at UTC midnight, where no day is 23 or 25 hours long.
//
// The rules, and why (the town's legal service validates them; see shared/legal.md):
//
// - Months are calendar months, counted "de quantième à quantième": a delay of two months from
//   15 March ends on 15 May. When that day does not exist in the last month, the delay ends on
//   the last day of that month: 31 January + 1 month = 28 February (29 in a leap year),
//   30 November + 3 months = 28 or 29 February. This is the rule written in article 641 of the
//   Code de procédure civile ("à défaut d'un quantième identique, le délai expire le dernier
//   jour du mois") and in article 3 of Regulation (EEC, Euratom) No 1182/71; the CRPA does not
//   define its own, and the administrative courts count months the same way.
// - Days are counted from the day after receipt (the day of receipt itself does not count,
//   art. 641 CPC, first paragraph): 15 days from 1 March end on 16 March.
// - Working days exclude Saturdays, Sundays and French public holidays (art. L3133-1 Code du
//   travail); "10 working days" from a Friday end on the tenth working day after it.
// - A delay for an implicit decision that ends on a Saturday, Sunday or public holiday is NOT
//   carried to the next working day by default. Article 642 CPC carries over the time limits
//   within which a party must act (and the administrative courts apply it to appeal time
//   limits), but the birth of an implicit decision is not an act anyone performs: it follows
//   from the passing of time, and the CRPA (L231-1, L231-4) has no such rule. The option
//   `carryToWorkingDay` exists so that the legal service can decide otherwise in one place.
// - Public holidays: the eleven of L3133-1 Code du travail, Easter computed by the anonymous
//   Gregorian algorithm (Meeus/Jones/Butcher). Alsace-Moselle (Bas-Rhin, Haut-Rhin, Moselle)
//   also has Good Friday and 26 December (L3134-13 Code du travail): option `alsaceMoselle`,
//   off by default. Overseas departments' days of the abolition of slavery are not covered.
import { todayIn, TOWN_TIME_ZONE } from '../../content/model/index.ts';

/** A calendar date `YYYY-MM-DD`, without time or zone. */
export type CalendarDate = string;

export interface CalendarOptions {
  /** Add Good Friday and 26 December (Alsace-Moselle). Off by default. */
  alsaceMoselle?: boolean;
  /**
   * Carry a delay for an implicit decision that ends on a non-working day to the next working
   * day. Off by default: see the module comment for the legal reasoning.
   */
  carryToWorkingDay?: boolean;
  /** The town's time zone; Europe/Paris unless the town is overseas. */
  timeZone?: string;
}

export interface PublicHoliday {
  date: CalendarDate;
  /** The holiday's French name, as in the Code du travail. */
  name: string;
}

/** A delay as written in a procedure's legal profile, once parsed. */
export interface Delay {
  amount: number;
  unit: 'months' | 'days' | 'working days';
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function toUtc(date: CalendarDate): Date {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RangeError(`Not a calendar date (YYYY-MM-DD): "${date}"`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utc = new Date(Date.UTC(year, month - 1, day));
  if (utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day) {
    throw new RangeError(`No such day in the calendar: "${date}"`);
  }
  return utc;
}

function fromUtc(utc: Date): CalendarDate {
  return utc.toISOString().slice(0, 10);
}

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/**
 * The calendar day on which the administration received a sending, in the town's time.
 *
 * @example receptionDate(new Date('2026-01-31T23:30:00Z')) // '2026-02-01'
 */
export function receptionDate(receivedAt: Date, timeZone: string = TOWN_TIME_ZONE): CalendarDate {
  if (Number.isNaN(receivedAt.getTime())) throw new RangeError('Invalid receipt instant');
  return todayIn(receivedAt, timeZone);
}

/**
 * Adds calendar months "de quantième à quantième"; a day that does not exist in the target
 * month becomes that month's last day (art. 641 CPC).
 *
 * @example addCalendarMonths('2024-01-31', 1) // '2024-02-29'
 * @example addCalendarMonths('2025-11-30', 3) // '2026-02-28'
 */
export function addCalendarMonths(date: CalendarDate, months: number): CalendarDate {
  if (!Number.isInteger(months)) throw new RangeError(`Months must be a whole number: ${months}`);
  const start = toUtc(date);
  const target = start.getUTCFullYear() * 12 + start.getUTCMonth() + months;
  const year = Math.floor(target / 12);
  const monthIndex = target - year * 12;
  const day = Math.min(start.getUTCDate(), daysInMonth(year, monthIndex));
  return fromUtc(new Date(Date.UTC(year, monthIndex, day)));
}

/**
 * Adds calendar days (negative to go back).
 *
 * @example addCalendarDays('2024-12-31', 1) // '2025-01-01'
 */
export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  if (!Number.isInteger(days)) throw new RangeError(`Days must be a whole number: ${days}`);
  return fromUtc(new Date(toUtc(date).getTime() + days * DAY_MS));
}

/** Day of the week, 0 = Sunday … 6 = Saturday. */
function weekday(date: CalendarDate): number {
  return toUtc(date).getUTCDay();
}

/**
 * Easter Sunday of a Gregorian year, by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
 *
 * @example easterSunday(2025) // '2025-04-20'
 */
export function easterSunday(year: number): CalendarDate {
  if (!Number.isInteger(year) || year < 1583) throw new RangeError(`Not a Gregorian year: ${year}`);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return fromUtc(new Date(Date.UTC(year, month - 1, day)));
}

const holidayCache = new Map<string, PublicHoliday[]>();

/**
 * French public holidays of a year (art. L3133-1 Code du travail), sorted by date.
 *
 * @example frenchPublicHolidays(2026).map((h) => h.date)
 * // ['2026-01-01', '2026-04-06', '2026-05-01', '2026-05-08', '2026-05-14', '2026-05-25', …]
 */
export function frenchPublicHolidays(year: number, options: Pick<CalendarOptions, 'alsaceMoselle'> = {}): PublicHoliday[] {
  const key = `${year}:${options.alsaceMoselle === true}`;
  const cached = holidayCache.get(key);
  if (cached) return cached.map((holiday) => ({ ...holiday }));
  const easter = easterSunday(year);
  const fixed = (month: number, day: number): CalendarDate =>
    `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const holidays: PublicHoliday[] = [
    { date: fixed(1, 1), name: "Jour de l'an" },
    { date: addCalendarDays(easter, 1), name: 'Lundi de Pâques' },
    { date: fixed(5, 1), name: 'Fête du Travail' },
    { date: fixed(5, 8), name: 'Victoire 1945' },
    { date: addCalendarDays(easter, 39), name: 'Ascension' },
    { date: addCalendarDays(easter, 50), name: 'Lundi de Pentecôte' },
    { date: fixed(7, 14), name: 'Fête nationale' },
    { date: fixed(8, 15), name: 'Assomption' },
    { date: fixed(11, 1), name: 'Toussaint' },
    { date: fixed(11, 11), name: 'Armistice 1918' },
    { date: fixed(12, 25), name: 'Noël' },
  ];
  if (options.alsaceMoselle === true) {
    holidays.push(
      { date: addCalendarDays(easter, -2), name: 'Vendredi saint' },
      { date: fixed(12, 26), name: 'Saint-Étienne' },
    );
  }
  holidays.sort((x, y) => x.date.localeCompare(y.date));
  holidayCache.set(key, holidays);
  return holidays.map((holiday) => ({ ...holiday }));
}

/** Whether a date is a French public holiday (whatever the day of the week). */
export function isPublicHoliday(date: CalendarDate, options: Pick<CalendarOptions, 'alsaceMoselle'> = {}): boolean {
  const year = toUtc(date).getUTCFullYear();
  return frenchPublicHolidays(year, options).some((holiday) => holiday.date === date);
}

/**
 * Neither a Saturday, a Sunday nor a public holiday.
 *
 * @example isWorkingDay('2025-05-08') // false (Victoire 1945)
 */
export function isWorkingDay(date: CalendarDate, options: Pick<CalendarOptions, 'alsaceMoselle'> = {}): boolean {
  const day = weekday(date);
  return day !== 0 && day !== 6 && !isPublicHoliday(date, options);
}

/** The date itself when it is a working day, otherwise the next working day. */
export function nextWorkingDay(date: CalendarDate, options: Pick<CalendarOptions, 'alsaceMoselle'> = {}): CalendarDate {
  let day = date;
  while (!isWorkingDay(day, options)) day = addCalendarDays(day, 1);
  return day;
}

/**
 * The `n`-th working day after `date` (the starting day does not count).
 *
 * @example addWorkingDays('2025-04-18', 1) // '2025-04-22' (weekend, then Easter Monday)
 */
export function addWorkingDays(date: CalendarDate, n: number, options: Pick<CalendarOptions, 'alsaceMoselle'> = {}): CalendarDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Working days must be a whole number ≥ 0: ${n}`);
  let day = date;
  toUtc(day);
  for (let counted = 0; counted < n; ) {
    day = addCalendarDays(day, 1);
    if (isWorkingDay(day, options)) counted += 1;
  }
  return day;
}

const DELAY = /^([1-9][0-9]{0,2}) (month|months|day|days|working day|working days)$/;

/**
 * Reads a delay as procedures write it: `1 month`, `2 months`, `15 days`, `10 working days`.
 * Anything else (French words, weeks, zero, extra spaces, capitals) is refused with a message
 * that says what is accepted, since a wrong delay prints a wrong date on a legal receipt.
 *
 * @example parseDelay('2 months') // { amount: 2, unit: 'months' }
 */
export function parseDelay(delay: string): Delay {
  const match = DELAY.exec(delay);
  if (!match) {
    throw new RangeError(
      `Invalid delay "${delay}": write a whole number from 1 to 999, one space, then "month(s)", ` +
        `"day(s)" or "working day(s)", for example "2 months", "15 days" or "10 working days".`,
    );
  }
  const amount = Number(match[1]);
  const word = match[2] ?? '';
  const unit: Delay['unit'] = word.startsWith('month') ? 'months' : word.startsWith('working') ? 'working days' : 'days';
  const singular = word.endsWith('s') === false;
  if (singular !== (amount === 1)) {
    const expected = amount === 1 ? unit.replace(/s$/, '') : unit;
    throw new RangeError(`Invalid delay "${delay}": write "${amount} ${expected}".`);
  }
  return { amount, unit };
}

/**
 * The date at which, without an express decision, a request is deemed accepted or rejected:
 * the date of receipt (in the town's time) plus the delay, by the rules at the top of this file.
 *
 * @example implicitDecisionDate(new Date('2026-01-31T23:30:00Z'), '2 months') // '2026-04-01'
 * @example implicitDecisionDate('2024-01-31', '1 month') // '2024-02-29'
 */
export function implicitDecisionDate(
  receivedAt: Date | CalendarDate,
  delay: string,
  options: CalendarOptions = {},
): CalendarDate {
  const start = typeof receivedAt === 'string' ? fromUtc(toUtc(receivedAt)) : receptionDate(receivedAt, options.timeZone);
  const { amount, unit } = parseDelay(delay);
  const end =
    unit === 'months'
      ? addCalendarMonths(start, amount)
      : unit === 'days'
        ? addCalendarDays(start, amount)
        : addWorkingDays(start, amount, options);
  return options.carryToWorkingDay === true ? nextWorkingDay(end, options) : end;
}
