import { describe, expect, it, vi } from 'vitest';
import { logger } from '../../../shared/observability/logger.js';
import { WorkingDayCalendar, type WorkingDayCalendarOptions } from '../../../shared/time/calendar.js';
import type { CalendarYear } from '../../../shared/time/calendar-year.js';
import { builtInYears, defaultCalendar } from '../../../shared/time/calendars/built-in.js';
import { endOfDayAfter } from '../../../shared/time/civil-day.js';

/** Noon on a CST calendar date, so the tests do not depend on the machine's zone. */
const cst = (isoDate: string, time = '12:00:00'): Date => new Date(`${isoDate}T${time}+08:00`);

function builtIn(year: number): CalendarYear {
  const data = builtInYears.get(year);
  if (data === undefined) throw new Error(`no built-in data for ${year}`);
  return data;
}

/** A calendar with only the given built-in years, its warnings and fallbacks recorded. */
function calendarOf(years: readonly number[], options: WorkingDayCalendarOptions = {}) {
  const onMissingYear = vi.fn();
  const onWeekendFallback = vi.fn();
  const calendar = new WorkingDayCalendar(new Map(years.map((year) => [year, builtIn(year)])), {
    onMissingYear,
    onWeekendFallback,
    ...options,
  });
  return { calendar, onMissingYear, onWeekendFallback };
}

function quietCalendar() {
  return calendarOf([2026]);
}

describe('WorkingDayCalendar: 2026 official schedule', () => {
  it.each([
    '2026-02-15',
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-02-21',
    '2026-02-22',
    '2026-02-23',
  ])('Spring Festival day %s is a rest day', (date) => {
    expect(defaultCalendar.isWorkingDay(cst(date))).toBe(false);
  });

  it.each([
    ['2026-02-14', 'Saturday before Spring Festival'],
    ['2026-02-28', 'Saturday after Spring Festival'],
    ['2026-10-10', 'Saturday after National Day'],
    ['2026-09-20', 'Sunday before Mid-Autumn'],
    ['2026-01-04', 'Sunday after New Year'],
  ])('make-up day %s (%s) is a working day', (date) => {
    expect(defaultCalendar.isWorkingDay(cst(date))).toBe(true);
  });

  it.each(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'])(
    'National Day %s is a rest day',
    (date) => {
      expect(defaultCalendar.isWorkingDay(cst(date))).toBe(false);
    },
  );

  it('treats an ordinary weekend as rest and an ordinary weekday as work', () => {
    expect(defaultCalendar.isWorkingDay(cst('2026-03-07'))).toBe(false); // Saturday
    expect(defaultCalendar.isWorkingDay(cst('2026-03-08'))).toBe(false); // Sunday
    expect(defaultCalendar.isWorkingDay(cst('2026-03-09'))).toBe(true); // Monday
    expect(defaultCalendar.isWorkingDay(cst('2026-02-13'))).toBe(true); // Friday before the festival
    expect(defaultCalendar.isWorkingDay(cst('2026-02-24'))).toBe(true); // Tuesday after it
  });

  it('decides the day in China Standard Time, not UTC', () => {
    // 2026-02-14T20:00Z is already 04:00 on Sunday 2026-02-15 in Beijing (a holiday) …
    expect(defaultCalendar.isWorkingDay(new Date('2026-02-14T20:00:00Z'))).toBe(false);
    // … and 2026-02-13T17:00Z is 01:00 on the make-up Saturday 2026-02-14.
    expect(defaultCalendar.isWorkingDay(new Date('2026-02-13T17:00:00Z'))).toBe(true);
  });
});

describe('WorkingDayCalendar.addWorkingDays', () => {
  it('counts 10 working days from 2026-09-24 across Mid-Autumn and National Day', () => {
    // Working days after Thu 09-24: 09-28, 09-29, 09-30, 10-08, 10-09, 10-10 (make-up),
    // 10-12, 10-13, 10-14, 10-15.
    const deadline = defaultCalendar.addWorkingDays(cst('2026-09-24', '09:30:00'), 10);

    expect(deadline.toISOString()).toBe('2026-10-15T15:59:59.999Z');
  });

  it('does not count the start day, and ends at 23:59:59.999 CST of the n-th working day', () => {
    const fridayEvening = cst('2026-03-06', '23:00:00');

    expect(defaultCalendar.addWorkingDays(fridayEvening, 1).toISOString()).toBe('2026-03-09T15:59:59.999Z');
    expect(defaultCalendar.addWorkingDays(fridayEvening, 0).toISOString()).toBe('2026-03-06T15:59:59.999Z');
  });

  it('skips the whole Spring Festival and counts the make-up Saturday', () => {
    // From Fri 02-13: Sat 02-14 (make-up) is the first, then Tue 02-24 … after the holiday.
    expect(defaultCalendar.addWorkingDays(cst('2026-02-13'), 1).toISOString()).toBe(
      '2026-02-14T15:59:59.999Z',
    );
    expect(defaultCalendar.addWorkingDays(cst('2026-02-13'), 2).toISOString()).toBe(
      '2026-02-24T15:59:59.999Z',
    );
  });

  it('rejects a negative or fractional count', () => {
    expect(() => defaultCalendar.addWorkingDays(cst('2026-03-02'), -1)).toThrow(RangeError);
    expect(() => defaultCalendar.addWorkingDays(cst('2026-03-02'), 1.5)).toThrow(RangeError);
  });
});

describe('WorkingDayCalendar.workingDaysBetween', () => {
  it('is the inverse of addWorkingDays', () => {
    const start = cst('2026-09-24', '09:30:00');

    for (const n of [0, 1, 3, 10, 15, 40]) {
      expect(defaultCalendar.workingDaysBetween(start, defaultCalendar.addWorkingDays(start, n))).toBe(n);
    }
  });

  it('counts days after the start day up to and including the end day, negative backwards', () => {
    const start = cst('2026-09-30');
    const end = cst('2026-10-10');

    expect(defaultCalendar.workingDaysBetween(start, end)).toBe(3); // 10-08, 10-09, 10-10
    expect(defaultCalendar.workingDaysBetween(end, start)).toBe(-3);
    expect(defaultCalendar.workingDaysBetween(start, start)).toBe(0);
  });
});

describe('WorkingDayCalendar: a year with no data', () => {
  it('falls back to weekends only for 2027 and warns once for that year', () => {
    const { calendar, onMissingYear } = quietCalendar();

    const saturday = calendar.isWorkingDay(cst('2027-01-02'));
    const sunday = calendar.isWorkingDay(cst('2027-01-03'));
    const monday = calendar.isWorkingDay(cst('2027-01-04'));
    const deadline = calendar.addWorkingDays(cst('2027-01-01'), 1);

    expect([saturday, sunday, monday]).toEqual([false, false, true]);
    // 2027-01-01 is a Friday and no holiday is known, so the next working day is Monday.
    expect(deadline.toISOString()).toBe('2027-01-04T15:59:59.999Z');
    expect(onMissingYear).toHaveBeenCalledTimes(1);
    expect(onMissingYear).toHaveBeenCalledWith(expect.any(String), { year: 2027 });
  });

  it('does not warn for a year it has', () => {
    const { calendar, onMissingYear } = quietCalendar();

    calendar.addWorkingDays(cst('2026-01-05'), 200);

    expect(calendar.hasYear(2026)).toBe(true);
    expect(onMissingYear).not.toHaveBeenCalled();
  });

  it('warns through the shared logger when no warning sink is given', () => {
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const calendar = new WorkingDayCalendar(new Map([[2026, builtIn(2026)]]));

    calendar.isWorkingDay(cst('2030-06-03'));
    calendar.isWorkingDay(cst('2030-06-04'));

    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(expect.any(String), { year: 2030 });
    warn.mockRestore();
  });
});

describe('WorkingDayCalendar.deadline', () => {
  it('gives the same instant as addWorkingDays, not provisional inside years with data', () => {
    const start = cst('2026-09-24', '09:30:00');

    const deadline = defaultCalendar.deadline(start, 10);

    expect(deadline).toEqual({
      at: defaultCalendar.addWorkingDays(start, 10),
      provisional: false,
      missingYears: [],
    });
    expect(deadline.at.toISOString()).toBe('2026-10-15T15:59:59.999Z');
  });

  it('is provisional when the count runs into a year without data, and names that year', () => {
    const { calendar } = calendarOf([2026]);

    // Mon 2026-12-28: Tue 12-29, Wed 12-30, Thu 12-31, then 2027 unknown: Fri 01-01 and Mon 01-04
    // count as working days although New Year's Day will surely be a holiday.
    const deadline = calendar.deadline(cst('2026-12-28'), 5);

    expect(deadline).toEqual({
      at: new Date('2027-01-04T15:59:59.999Z'),
      provisional: true,
      missingYears: [2027],
    });
  });

  it('lists every year without data the count went through, ascending', () => {
    const { calendar } = calendarOf([2026]);

    const deadline = calendar.deadline(cst('2026-06-01'), 600);

    expect(deadline.provisional).toBe(true);
    expect(deadline.missingYears).toEqual([2027, 2028]);
  });

  it('is provisional in the last week of December when the next year has no data', () => {
    const { calendar } = calendarOf([2026]);
    const withNextYear = WorkingDayCalendar.withYears(
      new Map([[2026, builtIn(2026)]]),
      new Map([[2027, { holidays: [], makeUpWorkingDays: [] }]]),
    );

    // From Mon 12-14: 12-15 … 12-18 and Mon 12-21, all before the last week of December.
    const early = calendar.deadline(cst('2026-12-14'), 5);
    // From Mon 12-21: 12-22, 12-23, 12-24, Fri 12-25 and Mon 12-28, which 2027's notice may move.
    const late = calendar.deadline(cst('2026-12-21'), 5);

    expect(early).toEqual({ at: new Date('2026-12-21T15:59:59.999Z'), provisional: false, missingYears: [] });
    expect(late).toEqual({
      at: new Date('2026-12-28T15:59:59.999Z'),
      provisional: true,
      missingYears: [2027],
    });
    expect(withNextYear.deadline(cst('2026-12-21'), 5).provisional).toBe(false);
  });

  it('is provisional before the first year with data too', () => {
    const calendar = new WorkingDayCalendar(builtInYears, { onMissingYear: vi.fn() });

    const deadline = calendar.deadline(cst('2003-12-30'), 1);

    expect(deadline).toEqual({
      at: new Date('2003-12-31T15:59:59.999Z'),
      provisional: true,
      missingYears: [2003],
    });
  });

  it('is not provisional when the start day alone is in a year without data (it is never counted)', () => {
    const { calendar } = calendarOf([2026]);

    expect(calendar.deadline(cst('2030-03-01'), 0)).toEqual({
      at: new Date('2030-03-01T15:59:59.999Z'),
      provisional: false,
      missingYears: [],
    });
  });

  it('rejects a count that is negative, fractional or beyond ten years of working days', () => {
    expect(() => defaultCalendar.deadline(cst('2026-03-02'), -1)).toThrow(RangeError);
    expect(() => defaultCalendar.deadline(cst('2026-03-02'), 2.5)).toThrow(RangeError);
    expect(() => defaultCalendar.deadline(cst('2026-03-02'), 3661)).toThrow(RangeError);
    expect(() => defaultCalendar.deadline(new Date(Number.NaN), 1)).toThrow(RangeError);
  });
});

describe('WorkingDayCalendar.rollToWorkingDay', () => {
  it('keeps an instant on a working day, make-up weekend days included', () => {
    // Wednesday 2026-03-04, the make-up Saturday 2026-02-14 and the make-up Sunday 2026-09-20.
    for (const at of [cst('2026-03-04', '04:00:00'), cst('2026-02-14', '23:59:59.999'), cst('2026-09-20')]) {
      expect(defaultCalendar.rollToWorkingDay(at)).toEqual({
        at,
        rolled: false,
        provisional: false,
        missingYears: [],
      });
    }
  });

  it('moves an instant on a rest day to the end of the next working day', () => {
    // Sunday 2026-03-01 → Monday 03-02; inside Spring Festival (02-15 … 02-23) → Tuesday 02-24;
    // National Day (10-01 … 10-07) → Thursday 10-08; Sunday 09-27 (Mid-Autumn) → Monday 09-28.
    expect(defaultCalendar.rollToWorkingDay(cst('2026-03-01', '23:59:59.999')).at).toEqual(
      cst('2026-03-02', '23:59:59.999'),
    );
    expect(defaultCalendar.rollToWorkingDay(cst('2026-02-15', '08:00:00')).at).toEqual(
      cst('2026-02-24', '23:59:59.999'),
    );
    expect(defaultCalendar.rollToWorkingDay(cst('2026-10-01'))).toEqual({
      at: new Date('2026-10-08T15:59:59.999Z'),
      rolled: true,
      provisional: false,
      missingYears: [],
    });
    expect(defaultCalendar.rollToWorkingDay(cst('2026-09-27')).at).toEqual(cst('2026-09-28', '23:59:59.999'));
  });

  it('decides the day in China Standard Time', () => {
    // 2026-02-27T16:30Z is 00:30 on the make-up Saturday 02-28 in Beijing: a working day, kept.
    const at = new Date('2026-02-27T16:30:00Z');

    expect(defaultCalendar.rollToWorkingDay(at).at).toBe(at);
  });

  it('is provisional when the day, or a day stepped over, is in a year without data', () => {
    const { calendar } = calendarOf([2026]);

    // Sunday 2027-01-03: weekends only, so Monday 01-04, which 2027's notice may change.
    expect(calendar.rollToWorkingDay(cst('2027-01-03'))).toEqual({
      at: new Date('2027-01-04T15:59:59.999Z'),
      rolled: true,
      provisional: true,
      missingYears: [2027],
    });
    // Even kept where it is: whether Tuesday 2027-03-02 is a working day is not known for sure.
    expect(calendar.rollToWorkingDay(cst('2027-03-02'))).toMatchObject({ rolled: false, provisional: true });
    // Saturday 2026-12-26: the last week of December, which 2027's notice may arrange.
    expect(calendar.rollToWorkingDay(cst('2026-12-26'))).toMatchObject({
      at: new Date('2026-12-28T15:59:59.999Z'),
      provisional: true,
      missingYears: [2027],
    });
  });
});

describe('endOfDayAfter', () => {
  it('ends the CST day that many calendar days after the day of start, rest days or not', () => {
    // Friday 2026-02-13 23:30 CST (15:30Z, the same day in UTC) + 15 days: Saturday 02-28.
    expect(endOfDayAfter(cst('2026-02-13', '23:30:00'), 15).toISOString()).toBe('2026-02-28T15:59:59.999Z');
    // 2026-02-13T16:30Z is already Saturday 02-14 in Beijing: + 15 days is Sunday 03-01.
    expect(endOfDayAfter(new Date('2026-02-13T16:30:00Z'), 15).toISOString()).toBe(
      '2026-03-01T15:59:59.999Z',
    );
    // 0 days: the end of the start day itself.
    expect(endOfDayAfter(cst('2026-10-01'), 0)).toEqual(cst('2026-10-01', '23:59:59.999'));
  });

  it('rejects a fractional count or an invalid start', () => {
    expect(() => endOfDayAfter(cst('2026-03-02'), 1.5)).toThrow(RangeError);
    expect(() => endOfDayAfter(new Date(Number.NaN), 1)).toThrow(RangeError);
  });
});

describe('WorkingDayCalendar: counting the weekend fallback', () => {
  it('tells the hook on every answer that used the fallback, and warns once per year', () => {
    const { calendar, onMissingYear, onWeekendFallback } = calendarOf([2026]);

    calendar.deadline(cst('2026-12-28'), 5);
    calendar.addWorkingDays(cst('2026-12-28'), 5);
    calendar.isWorkingDay(cst('2027-03-01'));
    calendar.workingDaysBetween(cst('2026-12-01'), cst('2028-01-10'));

    expect(onWeekendFallback.mock.calls).toEqual([[[2027]], [[2027]], [[2027]], [[2027, 2028]]]);
    expect(onMissingYear.mock.calls.map(([, context]) => context)).toEqual([{ year: 2027 }, { year: 2028 }]);
  });

  it('does not tell the hook when every day counted has data', () => {
    const { calendar, onWeekendFallback } = calendarOf([2025, 2026]);

    calendar.deadline(cst('2025-01-02'), 400);
    calendar.isWorkingDay(cst('2026-12-24'));
    calendar.workingDaysBetween(cst('2025-01-01'), cst('2026-12-24'));

    expect(onWeekendFallback).not.toHaveBeenCalled();
  });

  it('keeps the hooks of two calendars apart (no shared state)', () => {
    const first = calendarOf([2026]);
    const second = calendarOf([2026]);

    first.calendar.deadline(cst('2026-12-28'), 5);

    expect(first.onWeekendFallback).toHaveBeenCalledTimes(1);
    expect(first.onMissingYear).toHaveBeenCalledTimes(1);
    expect(second.onWeekendFallback).not.toHaveBeenCalled();
    expect(second.onMissingYear).not.toHaveBeenCalled();
  });
});

describe('WorkingDayCalendar.withYears', () => {
  // Illustrative 2027 data, as an admin would load it once the notice is out.
  const year2027: CalendarYear = {
    holidays: [{ name: "New Year's Day", from: '2027-01-01', to: '2027-01-03' }],
    makeUpWorkingDays: ['2027-01-09'],
  };

  it('adds a loaded year: it is no longer provisional and its holidays count', () => {
    const { onWeekendFallback } = calendarOf([]);
    const calendar = WorkingDayCalendar.withYears(builtInYears, new Map([[2027, year2027]]), {
      onWeekendFallback,
    });

    const deadline = calendar.deadline(cst('2026-12-28'), 5);

    // 12-29, 12-30, 12-31, then New Year's Day 01-01 is rest: Mon 01-04 and Tue 01-05.
    expect(deadline).toEqual({
      at: new Date('2027-01-05T15:59:59.999Z'),
      provisional: false,
      missingYears: [],
    });
    expect(calendar.isWorkingDay(cst('2027-01-09'))).toBe(true); // loaded make-up Saturday
    expect(calendar.years()).toEqual([...builtInYears.keys(), 2027]);
    expect(onWeekendFallback).not.toHaveBeenCalled();
  });

  it('lets a loaded year replace the built-in data of that year whole', () => {
    const amended2026: CalendarYear = {
      holidays: [{ name: 'National Day', from: '2026-10-01', to: '2026-10-02' }],
      makeUpWorkingDays: [],
    };

    const calendar = WorkingDayCalendar.withYears(builtInYears, new Map([[2026, amended2026]]));

    expect(calendar.isWorkingDay(cst('2026-10-02'))).toBe(false); // still a holiday
    expect(calendar.isWorkingDay(cst('2026-10-05'))).toBe(true); // no longer one
    expect(calendar.isWorkingDay(cst('2026-02-14'))).toBe(false); // built-in make-up Saturday gone
    expect(calendar.isWorkingDay(cst('2026-02-16'))).toBe(true); // built-in Spring Festival gone
    expect(calendar.isWorkingDay(cst('2025-10-01'))).toBe(false); // other years untouched
    expect(builtInYears.get(2026)?.makeUpWorkingDays).toContain('2026-02-14'); // built-in data unchanged
  });
});

describe('WorkingDayCalendar: data the counting relies on', () => {
  const holiday = (from: string, to: string): CalendarYear => ({
    holidays: [{ name: 'Holiday', from, to }],
    makeUpWorkingDays: [],
  });

  it.each([
    ['a holiday that ends before it starts', holiday('2027-05-05', '2027-05-01')],
    ['a date in another year', holiday('2026-12-31', '2027-01-01')],
    ['an impossible date', holiday('2027-02-30', '2027-02-30')],
    ['a malformed date', holiday('2027-5-1', '2027-05-01')],
    ['a make-up day in another year', { holidays: [], makeUpWorkingDays: ['2028-01-08'] }],
  ])('refuses %s for 2027', (_case, data) => {
    expect(() => new WorkingDayCalendar(new Map([[2027, data]]))).toThrow(RangeError);
  });
});
