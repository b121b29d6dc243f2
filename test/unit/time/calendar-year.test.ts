import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/http/problem.js';
import { parseWith } from '../../../shared/http/validation.js';
import {
  type CalendarYear,
  calendarYearNumberSchema,
  calendarYearSchema,
  MAX_HOLIDAYS,
  MAX_MAKE_UP_WORKING_DAYS,
} from '../../../shared/time/calendar-year.js';
import * as z from '../../../shared/zod.js';

/** A year as an admin would PUT it: 2027 shaped like a real notice (dates illustrative). */
function year2027(): { holidays: { name: string; from: string; to: string }[]; makeUpWorkingDays: string[] } {
  return {
    holidays: [
      { name: "New Year's Day", from: '2027-01-01', to: '2027-01-03' },
      { name: '春节', from: '2027-02-06', to: '2027-02-13' },
      { name: 'National Day', from: '2027-10-01', to: '2027-10-07' },
    ],
    makeUpWorkingDays: ['2027-02-20', '2027-09-26', '2027-10-09'],
  };
}

type Issue = { path: string; message: string };

function issuesOf(value: unknown, year = 2027): Issue[] {
  const result = z.safeParse(calendarYearSchema(year), value);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

function withHolidays(...holidays: unknown[]): { holidays: unknown[]; makeUpWorkingDays: unknown[] } {
  return { holidays, makeUpWorkingDays: [] };
}

function withMakeUpDays(...makeUpWorkingDays: unknown[]): {
  holidays: unknown[];
  makeUpWorkingDays: unknown[];
} {
  return { holidays: [], makeUpWorkingDays };
}

describe('calendarYearSchema: valid years', () => {
  it('accepts a year shaped like a State Council notice and returns it as CalendarYear', () => {
    const parsed: CalendarYear = z.parse(calendarYearSchema(2027), year2027());

    expect(parsed).toEqual(year2027());
  });

  it('accepts a year with no holidays and no make-up days', () => {
    expect(issuesOf({ holidays: [], makeUpWorkingDays: [] })).toEqual([]);
  });

  it('accepts a one-day holiday, adjacent holidays and a leap day in a leap year', () => {
    const data = {
      holidays: [
        { name: 'Mid-Autumn Festival', from: '2028-02-29', to: '2028-02-29' },
        { name: 'National Day', from: '2028-10-01', to: '2028-10-03' },
        { name: 'National Day (cont.)', from: '2028-10-04', to: '2028-10-07' },
      ],
      makeUpWorkingDays: [],
    };

    expect(issuesOf(data, 2028)).toEqual([]);
  });

  it('accepts a make-up working day on a Saturday and on a Sunday', () => {
    // 2027-09-25 is a Saturday, 2027-09-26 a Sunday.
    expect(issuesOf(withMakeUpDays('2027-09-25', '2027-09-26'))).toEqual([]);
  });

  it('accepts a holiday of exactly 31 days and names of 1 and 64 characters', () => {
    const data = withHolidays(
      { name: 'x', from: '2027-07-01', to: '2027-07-31' },
      { name: 'n'.repeat(64), from: '2027-08-02', to: '2027-08-02' },
    );

    expect(issuesOf(data)).toEqual([]);
  });

  it('trims the name', () => {
    const parsed = z.parse(
      calendarYearSchema(2027),
      withHolidays({ name: '  Labour Day ', from: '2027-05-01', to: '2027-05-05' }),
    );

    expect(parsed.holidays[0]?.name).toBe('Labour Day');
  });

  it('accepts as many holidays and make-up days as the caps allow', () => {
    const isoDate = (month: number, day: number) =>
      new Date(Date.UTC(2027, month - 1, day)).toISOString().slice(0, 10);
    // One-day holidays from 1 January on; make-up days every Saturday from 6 March (a Saturday).
    const holidays = Array.from({ length: MAX_HOLIDAYS }, (_, i) => ({
      name: `Day ${i}`,
      from: isoDate(1, 1 + i),
      to: isoDate(1, 1 + i),
    }));
    const makeUpWorkingDays = Array.from({ length: MAX_MAKE_UP_WORKING_DAYS }, (_, i) =>
      isoDate(3, 6 + 7 * i),
    );

    expect(issuesOf({ holidays, makeUpWorkingDays })).toEqual([]);
  });
});

describe('calendarYearSchema: shape', () => {
  it('refuses unknown fields at the top and in a holiday', () => {
    const issues = issuesOf({
      ...year2027(),
      region: 'CN',
      holidays: [{ name: 'National Day', from: '2027-10-01', to: '2027-10-07', days: 7 }],
    });

    expect(issues.map((issue) => issue.path)).toEqual(['holidays.0', '']);
  });

  it('refuses missing fields and wrong types, naming each field', () => {
    expect(issuesOf({ holidays: 'none' })).toEqual([
      { path: 'holidays', message: 'holidays must be a list' },
      { path: 'makeUpWorkingDays', message: 'makeUpWorkingDays must be a list' },
    ]);
    expect(issuesOf(withHolidays({ name: 7, from: 20270101 }))).toEqual([
      { path: 'holidays.0.name', message: 'name must be a string' },
      { path: 'holidays.0.from', message: 'from must be a date YYYY-MM-DD' },
      { path: 'holidays.0.to', message: 'to must be a date YYYY-MM-DD' },
    ]);
  });
});

describe('calendarYearSchema: dates', () => {
  it.each([
    ['2027-1-5', 'not zero-padded'],
    ['2027/01/05', 'slashes'],
    ['2027-02-29', 'no 29 February in 2027'],
    ['2027-02-30', 'no 30 February'],
    ['2027-04-31', 'April has 30 days'],
    ['2027-13-01', 'no month 13'],
    ['2027-01-05T00:00:00Z', 'a timestamp, not a date'],
    ['', 'empty'],
  ])('refuses %s (%s) as a holiday start and as a make-up day', (date) => {
    expect(issuesOf(withHolidays({ name: 'x', from: date, to: '2027-12-31' }))).toEqual([
      { path: 'holidays.0.from', message: 'from must be a date YYYY-MM-DD' },
    ]);
    expect(issuesOf(withMakeUpDays(date))).toEqual([
      { path: 'makeUpWorkingDays.0', message: 'Each makeUpWorkingDays entry must be a date YYYY-MM-DD' },
    ]);
  });

  it('refuses a date outside the year named in the path', () => {
    const issues = issuesOf({
      holidays: [{ name: "New Year's Day", from: '2026-12-31', to: '2028-01-01' }],
      makeUpWorkingDays: ['2026-12-27'],
    });

    expect(issues).toEqual([
      { path: 'holidays.0.to', message: 'to must be within 31 days of from, both counted' },
      { path: 'holidays.0.from', message: 'from must fall in 2027' },
      { path: 'holidays.0.to', message: 'to must fall in 2027' },
      { path: 'makeUpWorkingDays.0', message: 'Each makeUpWorkingDays entry must fall in 2027' },
    ]);
  });

  it('refuses a holiday that ends before it starts', () => {
    expect(issuesOf(withHolidays({ name: 'Labour Day', from: '2027-05-05', to: '2027-05-01' }))).toEqual([
      { path: 'holidays.0.to', message: 'to must be on or after from' },
    ]);
  });

  it('refuses a holiday longer than 31 days', () => {
    expect(issuesOf(withHolidays({ name: 'Summer', from: '2027-07-01', to: '2027-08-01' }))).toEqual([
      { path: 'holidays.0.to', message: 'to must be within 31 days of from, both counted' },
    ]);
  });
});

describe('calendarYearSchema: holidays against each other', () => {
  it('refuses overlapping holidays, naming both, whatever the order they are listed in', () => {
    const issues = issuesOf(
      withHolidays(
        { name: 'National Day', from: '2027-10-01', to: '2027-10-07' },
        { name: 'Labour Day', from: '2027-05-01', to: '2027-05-05' },
        { name: 'Mid-Autumn Festival', from: '2027-09-30', to: '2027-10-01' },
      ),
    );

    expect(issues).toEqual([{ path: 'holidays.0', message: 'holidays.0 overlaps holidays.2' }]);
  });

  it('refuses a holiday inside another', () => {
    const issues = issuesOf(
      withHolidays(
        { name: 'Spring Festival', from: '2027-02-06', to: '2027-02-13' },
        { name: 'Lantern', from: '2027-02-08', to: '2027-02-08' },
        { name: 'After', from: '2027-02-12', to: '2027-02-14' },
      ),
    );

    expect(issues).toEqual([
      { path: 'holidays.1', message: 'holidays.1 overlaps holidays.0' },
      { path: 'holidays.2', message: 'holidays.2 overlaps holidays.0' },
    ]);
  });
});

describe('calendarYearSchema: make-up working days', () => {
  it('refuses a make-up working day on a weekday', () => {
    // 2027-10-08 is a Friday.
    expect(issuesOf(withMakeUpDays('2027-10-08'))).toEqual([
      { path: 'makeUpWorkingDays.0', message: 'Each makeUpWorkingDays entry must be a Saturday or Sunday' },
    ]);
  });

  it('refuses a day that is both a holiday and a make-up working day', () => {
    // 2027-10-02 is a Saturday inside National Day.
    const issues = issuesOf({
      holidays: [{ name: 'National Day', from: '2027-10-01', to: '2027-10-07' }],
      makeUpWorkingDays: ['2027-09-26', '2027-10-02'],
    });

    expect(issues).toEqual([
      {
        path: 'makeUpWorkingDays.1',
        message:
          'makeUpWorkingDays.1 falls inside holidays.0; a day is a holiday or a make-up working day, not both',
      },
    ]);
  });

  it('refuses the same make-up working day twice', () => {
    expect(issuesOf(withMakeUpDays('2027-09-26', '2027-10-09', '2027-09-26'))).toEqual([
      { path: 'makeUpWorkingDays.2', message: 'makeUpWorkingDays.2 repeats makeUpWorkingDays.0' },
    ]);
  });
});

describe('calendarYearSchema: caps', () => {
  it(`refuses more than ${MAX_HOLIDAYS} holidays, and does not compare the entries of an oversized list`, () => {
    // Every entry is the same day, so an overlap check would add 32 more messages.
    const holidays = Array.from({ length: MAX_HOLIDAYS + 1 }, () => ({
      name: 'Same',
      from: '2027-03-01',
      to: '2027-03-01',
    }));

    expect(issuesOf({ holidays, makeUpWorkingDays: [] })).toEqual([
      { path: 'holidays', message: `holidays may list at most ${MAX_HOLIDAYS} holidays` },
    ]);
  });

  it(`refuses more than ${MAX_MAKE_UP_WORKING_DAYS} make-up working days`, () => {
    const days = Array.from({ length: MAX_MAKE_UP_WORKING_DAYS + 1 }, () => '2027-09-26');

    expect(issuesOf({ holidays: [], makeUpWorkingDays: days })).toEqual([
      {
        path: 'makeUpWorkingDays',
        message: `makeUpWorkingDays may list at most ${MAX_MAKE_UP_WORKING_DAYS} days`,
      },
    ]);
  });
});

describe('calendarYearSchema: names', () => {
  it.each([
    ['', 'empty'],
    ['   ', 'blank'],
    ['n'.repeat(65), '65 characters'],
  ])('refuses the name %j (%s)', (name) => {
    expect(issuesOf(withHolidays({ name, from: '2027-05-01', to: '2027-05-01' }))).toEqual([
      { path: 'holidays.0.name', message: 'name must have 1 to 64 characters' },
    ]);
  });

  it.each([
    ['Labour\u0000Day', 'NUL'],
    ['Labour\nDay', 'a line feed'],
    ['Labour\u007fDay', 'DEL'],
    ['Labour\u0085Day', 'a C1 control'],
    ['\u202eyaD ruobaL', 'a right-to-left override'],
    ['Labour\u2028Day', 'a line separator'],
    ['Labour\ud800Day', 'a lone surrogate'],
  ])('refuses a name containing %j (%s)', (name) => {
    expect(issuesOf(withHolidays({ name, from: '2027-05-01', to: '2027-05-01' }))).toEqual([
      { path: 'holidays.0.name', message: 'name must not contain control characters' },
    ]);
  });
});

describe('calendarYearSchema: messages', () => {
  it('never quote the values they refuse', () => {
    const marker = 'Secret Holiday Name';
    const issues = issuesOf({
      holidays: [
        { name: `${marker}\u0007`, from: '2031-13-45', to: '2027-05-01' },
        { name: `${marker}${'x'.repeat(64)}`, from: '2027-05-05', to: '2027-05-01' },
      ],
      makeUpWorkingDays: ['2027-10-08', '2026-10-10'],
    });

    expect(issues.length).toBeGreaterThan(0);
    for (const { message } of issues) {
      expect(message).not.toContain(marker);
      expect(message).not.toMatch(/2031|13-45|05-0[15]|10-08|2026/);
    }
  });

  it('reach an admin as one dotted path and message per problem through parseWith', () => {
    let caught: unknown;
    try {
      parseWith(calendarYearSchema(2027), { ...withMakeUpDays('2027-10-08'), extra: true }, 'body');
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(ValidationError);
    expect(caught instanceof ValidationError ? caught.errors : undefined).toEqual([
      { path: 'makeUpWorkingDays.0', message: 'Each makeUpWorkingDays entry must be a Saturday or Sunday' },
      { path: 'extra', message: 'Unknown field' },
    ]);
  });
});

describe('calendarYearNumberSchema', () => {
  it.each([2000, 2027, 2100])('accepts %i', (year) => {
    expect(z.safeParse(calendarYearNumberSchema, year).success).toBe(true);
  });

  it.each([
    [1999, 'year must be from 2000 to 2100'],
    [2101, 'year must be from 2000 to 2100'],
    [2027.5, 'year must be a whole number'],
    ['2027', 'year must be a whole number'],
  ])('refuses %j', (year, message) => {
    const result = z.safeParse(calendarYearNumberSchema, year);

    expect(result.error?.issues.map((issue) => issue.message)).toEqual([message]);
  });
});
