import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addCalendarMonths,
  addWorkingDays,
  easterSunday,
  frenchPublicHolidays,
  implicitDecisionDate,
  isWorkingDay,
  nextWorkingDay,
  parseDelay,
  receptionDate,
} from './calendar.ts';

describe('addCalendarMonths', () => {
  it('counts from day to day of the month', () => {
    expect(addCalendarMonths('2026-03-15', 2)).toBe('2026-05-15');
    expect(addCalendarMonths('2026-01-01', 1)).toBe('2026-02-01');
  });

  it('ends on the last day of February when 31 January has no match (leap and non-leap)', () => {
    expect(addCalendarMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addCalendarMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addCalendarMonths('2100-01-31', 1)).toBe('2100-02-28'); // 2100 is not a leap year
    expect(addCalendarMonths('2000-01-31', 1)).toBe('2000-02-29'); // 2000 is
  });

  it('ends 30 November + 3 months on the last day of February, across the year boundary', () => {
    expect(addCalendarMonths('2025-11-30', 3)).toBe('2026-02-28');
    expect(addCalendarMonths('2027-11-30', 3)).toBe('2028-02-29');
  });

  it('crosses year boundaries and goes back in time', () => {
    expect(addCalendarMonths('2025-12-31', 2)).toBe('2026-02-28');
    expect(addCalendarMonths('2025-11-15', 14)).toBe('2027-01-15');
    expect(addCalendarMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addCalendarMonths('2024-02-29', 12)).toBe('2025-02-28');
  });

  it('refuses dates that do not exist', () => {
    expect(() => addCalendarMonths('2025-02-29', 1)).toThrow(/No such day/);
    expect(() => addCalendarMonths('1 Feb 2025', 1)).toThrow(/YYYY-MM-DD/);
  });
});

describe('public holidays', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2019, '2019-04-21'],
    [2038, '2038-04-25'], // the latest possible date
    [2285, '2285-03-22'], // the earliest possible date
  ])('computes Easter %i on %s', (year, easter) => {
    expect(easterSunday(year)).toBe(easter);
  });

  it('lists the eleven holidays of 2026 with Easter-based ones', () => {
    expect(frenchPublicHolidays(2026).map((holiday) => holiday.date)).toEqual([
      '2026-01-01',
      '2026-04-06', // Easter Monday
      '2026-05-01',
      '2026-05-08',
      '2026-05-14', // Ascension
      '2026-05-25', // Whit Monday
      '2026-07-14',
      '2026-08-15',
      '2026-11-01',
      '2026-11-11',
      '2026-12-25',
    ]);
  });

  it('places Easter Monday, Ascension and Whit Monday for 2024, 2025 and 2027', () => {
    const movable = (year: number) =>
      frenchPublicHolidays(year)
        .filter((holiday) => ['Lundi de Pâques', 'Ascension', 'Lundi de Pentecôte'].includes(holiday.name))
        .map((holiday) => holiday.date);
    expect(movable(2024)).toEqual(['2024-04-01', '2024-05-09', '2024-05-20']);
    expect(movable(2025)).toEqual(['2025-04-21', '2025-05-29', '2025-06-09']);
    expect(movable(2027)).toEqual(['2027-03-29', '2027-05-06', '2027-05-17']);
  });

  it('adds Good Friday and 26 December in Alsace-Moselle only when asked', () => {
    expect(frenchPublicHolidays(2025)).toHaveLength(11);
    const alsace = frenchPublicHolidays(2025, { alsaceMoselle: true });
    expect(alsace).toHaveLength(13);
    expect(alsace).toContainEqual({ date: '2025-04-18', name: 'Vendredi saint' });
    expect(alsace).toContainEqual({ date: '2025-12-26', name: 'Saint-Étienne' });
    expect(isWorkingDay('2025-12-26')).toBe(true);
    expect(isWorkingDay('2025-12-26', { alsaceMoselle: true })).toBe(false);
  });

  it('does not let a caller change the cached list', () => {
    frenchPublicHolidays(2030).pop();
    expect(frenchPublicHolidays(2030)).toHaveLength(11);
  });
});

describe('working days', () => {
  it('excludes weekends and holidays', () => {
    expect(isWorkingDay('2026-05-14')).toBe(false); // Ascension, a Thursday
    expect(isWorkingDay('2026-05-15')).toBe(true);
    expect(isWorkingDay('2026-05-16')).toBe(false); // Saturday
    expect(isWorkingDay('2026-05-17')).toBe(false); // Sunday
  });

  it('does not count the starting day', () => {
    expect(addWorkingDays('2026-03-02', 1)).toBe('2026-03-03');
    expect(addWorkingDays('2026-03-06', 1)).toBe('2026-03-09'); // Friday to Monday
    expect(addWorkingDays('2026-03-06', 0)).toBe('2026-03-06');
  });

  it('jumps over Easter weekend and Easter Monday', () => {
    expect(addWorkingDays('2025-04-18', 1)).toBe('2025-04-22');
    expect(addWorkingDays('2025-04-18', 1, { alsaceMoselle: true })).toBe('2025-04-22');
    expect(addWorkingDays('2025-04-17', 1, { alsaceMoselle: true })).toBe('2025-04-22');
  });

  it('counts ten working days across Christmas and New Year', () => {
    // 24 Dec 2025 (Wed): 26, 29, 30, 31 Dec, 2, 5, 6, 7, 8, 9 Jan.
    expect(addWorkingDays('2025-12-24', 10)).toBe('2026-01-09');
  });

  it('finds the next working day', () => {
    expect(nextWorkingDay('2026-07-14')).toBe('2026-07-15');
    expect(nextWorkingDay('2026-10-31')).toBe('2026-11-02'); // Saturday, Sunday 1 Nov
    expect(nextWorkingDay('2026-11-02')).toBe('2026-11-02');
  });
});

describe('reception date, in Paris time', () => {
  it('moves a late UTC evening to the next day in Paris (winter, UTC+1)', () => {
    expect(receptionDate(new Date('2026-01-31T23:30:00Z'))).toBe('2026-02-01');
    expect(receptionDate(new Date('2026-01-31T22:59:59Z'))).toBe('2026-01-31');
  });

  it('uses UTC+2 in summer', () => {
    expect(receptionDate(new Date('2026-06-30T21:59:59Z'))).toBe('2026-06-30');
    expect(receptionDate(new Date('2026-06-30T22:00:00Z'))).toBe('2026-07-01');
  });

  it('crosses the year boundary at Paris midnight, not UTC midnight', () => {
    expect(receptionDate(new Date('2025-12-31T23:00:00Z'))).toBe('2026-01-01');
    expect(receptionDate(new Date('2025-12-31T22:59:00Z'))).toBe('2025-12-31');
  });
});

describe('parseDelay', () => {
  it.each([
    ['2 months', { amount: 2, unit: 'months' }],
    ['1 month', { amount: 1, unit: 'months' }],
    ['15 days', { amount: 15, unit: 'days' }],
    ['1 day', { amount: 1, unit: 'days' }],
    ['10 working days', { amount: 10, unit: 'working days' }],
  ])('reads %s', (text, delay) => {
    expect(parseDelay(text)).toEqual(delay);
  });

  it.each(['2 mois', '2months', ' 2 months', '2 Months', '0 days', '2.5 months', '3 weeks', '2 months ', '', '1 months', '2 month'])(
    'refuses %j with a message that says what to write',
    (text) => {
      expect(() => parseDelay(text)).toThrow(/Invalid delay/);
    },
  );
});

describe('implicitDecisionDate', () => {
  it('adds two months to the Paris date of receipt', () => {
    expect(implicitDecisionDate(new Date('2026-03-15T09:00:00Z'), '2 months')).toBe('2026-05-15');
    // Received 1 February in Paris, not 31 January.
    expect(implicitDecisionDate(new Date('2026-01-31T23:30:00Z'), '1 month')).toBe('2026-03-01');
    expect(implicitDecisionDate(new Date('2026-01-31T12:00:00Z'), '1 month')).toBe('2026-02-28');
  });

  it('takes 31 January + 1 month to the end of February', () => {
    expect(implicitDecisionDate('2024-01-31', '1 month')).toBe('2024-02-29');
    expect(implicitDecisionDate('2025-01-31', '1 month')).toBe('2025-02-28');
  });

  it('counts calendar days from the day after receipt', () => {
    expect(implicitDecisionDate('2026-03-01', '15 days')).toBe('2026-03-16');
    expect(implicitDecisionDate('2026-12-25', '15 days')).toBe('2027-01-09');
  });

  it('counts working days', () => {
    // 30 April 2026: 4, 5, 6, 7, 11, 12, 13, 15, 18, 19 May (1 May, 8 May, Ascension skipped).
    expect(implicitDecisionDate('2026-04-30', '10 working days')).toBe('2026-05-19');
  });

  it('leaves a delay ending on a public holiday where it ends, unless asked to carry it over', () => {
    // 14 May 2026 (Ascension) + 2 months = 14 July 2026 (Fête nationale).
    expect(implicitDecisionDate('2026-05-14', '2 months')).toBe('2026-07-14');
    expect(implicitDecisionDate('2026-05-14', '2 months', { carryToWorkingDay: true })).toBe('2026-07-15');
    // 1 November 2026 is a Sunday and a holiday: carried to Monday 2 November.
    expect(implicitDecisionDate('2026-09-01', '2 months', { carryToWorkingDay: true })).toBe('2026-11-02');
    expect(addCalendarDays('2026-11-01', 1)).toBe('2026-11-02');
  });

  it('refuses an unknown delay', () => {
    expect(() => implicitDecisionDate('2026-01-01', 'deux mois')).toThrow(/Invalid delay "deux mois"/);
  });
});
