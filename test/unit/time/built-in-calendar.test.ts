import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import projectPackage from '../../../package.json' with { type: 'json' };
import { WorkingDayCalendar } from '../../../shared/time/calendar.js';
import { calendarYearSchema } from '../../../shared/time/calendar-year.js';
import { BUILT_IN_SOURCE, builtInYears } from '../../../shared/time/calendars/built-in.js';
import { dayOfIsoDate, isoDateOfDay, weekdayOfDay } from '../../../shared/time/civil-day.js';
import * as z from '../../../shared/zod.js';

// The package's own files, read from node_modules as installed by `npm ci` (never from outside
// the repository), to check the mapping against them.
const packageDir = dirname(createRequire(import.meta.url).resolve('chinese-days/package.json'));
const YEARS = Array.from({ length: 2026 - 2004 + 1 }, (_, i) => 2004 + i);

type Entries = Record<string, string>;
type YearFile = { holidays: Entries; workdays: Entries; inLieuDays: Entries };

function rawYear(year: number): YearFile {
  return JSON.parse(readFileSync(join(packageDir, 'dist', 'years', `${year}.json`), 'utf8'));
}

const cst = (isoDate: string): Date => new Date(`${isoDate}T12:00:00+08:00`);

// Every built-in year and nothing else, so a missing year would show as a fallback.
function strictCalendar(): { calendar: WorkingDayCalendar; fallbacks: (readonly number[])[] } {
  const fallbacks: (readonly number[])[] = [];
  const calendar = new WorkingDayCalendar(builtInYears, {
    onMissingYear: () => undefined,
    onWeekendFallback: (years) => fallbacks.push(years),
  });
  return { calendar, fallbacks };
}

describe('built-in calendar data (chinese-days)', () => {
  it('holds every year from 2004 to 2026', () => {
    expect([...builtInYears.keys()]).toEqual(YEARS);
  });

  it('names the package release pinned in package.json and installed', () => {
    const installed = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;

    expect(BUILT_IN_SOURCE).toBe(`chinese-days@${projectPackage.dependencies['chinese-days']}`);
    expect(BUILT_IN_SOURCE).toBe(`chinese-days@${installed}`);
  });

  it.each(YEARS)('%i passes the schema an admin PUT must pass', (year) => {
    const result = z.safeParse(calendarYearSchema(year), builtInYears.get(year));

    expect(result.error?.issues ?? []).toEqual([]);
  });

  it.each(YEARS)('%i has the file format the mapping was written for', (year) => {
    const file = rawYear(year);

    expect(Object.keys(file).sort()).toEqual(['holidays', 'inLieuDays', 'workdays']);
    // In-lieu days are weekdays off in exchange for make-up days: rest days inside a holiday.
    for (const date of Object.keys(file.inLieuDays)) expect(file.holidays).toHaveProperty([date]);
  });

  it.each(YEARS)('%i: every day is a working day exactly as the package says', (year) => {
    const { calendar, fallbacks } = strictCalendar();
    const file = rawYear(year);
    const mismatches: string[] = [];

    for (let day = dayOfIsoDate(`${year}-01-01`); day <= dayOfIsoDate(`${year}-12-31`); day += 1) {
      const date = isoDateOfDay(day);
      const weekday = weekdayOfDay(day);
      const rest = date in file.holidays || date in file.inLieuDays;
      const expected = date in file.workdays || (!rest && weekday !== 0 && weekday !== 6);
      if (calendar.isWorkingDay(cst(date)) !== expected) mismatches.push(date);
    }

    expect(mismatches).toEqual([]);
    // Only the last week of the newest year waits on a year the package does not have yet.
    expect(new Set(fallbacks.flat())).toEqual(new Set(year === 2026 ? [2027] : []));
  });
});

describe('built-in calendar: known facts', () => {
  const { calendar } = strictCalendar();
  const working = (date: string) => calendar.isWorkingDay(cst(date));

  it('2026: make-up Saturday 02-14 and Sunday 09-20 are working days; the festivals are rest', () => {
    expect(working('2026-02-14')).toBe(true);
    expect(working('2026-09-20')).toBe(true);
    expect(['2026-02-15', '2026-02-19', '2026-02-23'].map(working)).toEqual([false, false, false]);
    expect(['2026-10-01', '2026-10-05', '2026-10-07'].map(working)).toEqual([false, false, false]);
    expect(working('2026-10-08')).toBe(true);
  });

  it('2020: Spring Festival extended to 02-02, and the make-up Saturday 02-01 was cancelled', () => {
    expect(builtInYears.get(2020)?.holidays).toContainEqual({
      name: 'Spring Festival',
      from: '2020-01-24',
      to: '2020-02-02',
    });
    expect(working('2020-01-19')).toBe(true); // Sunday make-up day before the festival
    expect(working('2020-01-31')).toBe(false); // Friday inside the extension
    expect(working('2020-02-01')).toBe(false); // Saturday: the make-up day was cancelled
    expect(working('2020-02-03')).toBe(true); // Monday, back to work nationally
  });

  it('2019: Labour Day became 4 days with make-up Sundays 04-28 and 05-05', () => {
    expect(['2019-05-01', '2019-05-02', '2019-05-03', '2019-05-04'].map(working)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(working('2019-04-28')).toBe(true);
    expect(working('2019-05-05')).toBe(true);
    expect(working('2019-10-12')).toBe(true); // Saturday after National Day
  });

  it('2018-19: the New Year arrangement straddles the year end', () => {
    expect(working('2018-12-29')).toBe(true); // Saturday worked for New Year 2019
    expect(working('2018-12-31')).toBe(false); // Monday off
    expect(working('2019-01-01')).toBe(false);
    expect(working('2019-01-02')).toBe(true);
  });

  it('2008: Spring Festival 02-06 to 02-12 with a make-up weekend, and the first Qingming holiday', () => {
    expect(working('2008-02-02')).toBe(true);
    expect(working('2008-02-03')).toBe(true);
    expect(['2008-02-06', '2008-02-11', '2008-02-12'].map(working)).toEqual([false, false, false]);
    expect(working('2008-04-04')).toBe(false);
    expect(working('2008-05-04')).toBe(true); // Sunday worked for the 3-day Labour Day
  });

  it('2004: the Labour Day golden week ran 05-01 to 05-07, worked back on 05-08 and 05-09', () => {
    expect(['2004-05-03', '2004-05-06', '2004-05-07'].map(working)).toEqual([false, false, false]);
    expect(working('2004-05-08')).toBe(true);
    expect(working('2004-05-09')).toBe(true);
  });

  it('counts a deadline across Spring Festival 2020 without any fallback', () => {
    const deadline = calendar.deadline(cst('2020-01-23'), 1);

    expect(deadline).toEqual({
      at: new Date('2020-02-03T15:59:59.999Z'),
      provisional: false,
      missingYears: [],
    });
  });
});
