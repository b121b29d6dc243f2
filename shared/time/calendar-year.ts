import { hasInvisibleCharacter } from '../text.js';
import * as z from '../zod.js';
import { dayOfIsoDate, weekdayOfDay } from './civil-day.js';

/**
 * One year of China's working-day calendar (docs/domain-rules.md §11) as an admin PUTs it for a
 * year named in the path: the official holidays (rest days) and the make-up working days
 * (weekend days that are working days). The admin API checks a year with it on PUT and again
 * when loading it; a unit test runs every built-in year through it. The calendar itself only
 * re-checks what its counting relies on, so no Lambda pays for zod at cold start.
 */

/** The years an admin may give data for; outside them a date is more likely a typo than a plan. */
export const FIRST_CALENDAR_YEAR = 2000;
export const LAST_CALENDAR_YEAR = 2100;

// Caps: a State Council notice names 7 holidays and at most 12 make-up days (2013); the longest
// holiday was 10 days (Spring Festival 2020). The caps leave room for regional or exceptional
// closures while bounding the work of validation and the size of a stored item.
export const MAX_HOLIDAYS = 32;
export const MAX_MAKE_UP_WORKING_DAYS = 32;
export const MAX_HOLIDAY_DAYS = 31;
export const MAX_NAME_LENGTH = 64;

/** The year in an admin's path, e.g. `PUT /v1/config/calendars/2027`. */
export const calendarYearNumberSchema = z
  .int('year must be a whole number')
  .check(
    z.gte(FIRST_CALENDAR_YEAR, `year must be from ${FIRST_CALENDAR_YEAR} to ${LAST_CALENDAR_YEAR}`),
    z.lte(LAST_CALENDAR_YEAR, `year must be from ${FIRST_CALENDAR_YEAR} to ${LAST_CALENDAR_YEAR}`),
  );

/** One holiday: a named, inclusive range of rest days. */
export interface Holiday {
  readonly name: string;
  /** First rest day, ISO `YYYY-MM-DD`. */
  readonly from: string;
  /** Last rest day (inclusive), ISO `YYYY-MM-DD`. */
  readonly to: string;
}

/** One year of calendar data; which year is said by the key it is stored under. */
export interface CalendarYear {
  readonly holidays: readonly Holiday[];
  /** Saturdays and Sundays that are working days, ISO `YYYY-MM-DD`. */
  readonly makeUpWorkingDays: readonly string[];
}

/** Calendar data by year, e.g. the built-in years or the years an admin has loaded. */
export type CalendarYears = ReadonlyMap<number, CalendarYear>;

const isoDate = z.iso.date();

// zod's ISO date knows month lengths and leap years: 2027-02-29 is refused, 2028-02-29 is not.
function isIsoDate(value: string): boolean {
  return z.safeParse(isoDate, value).success;
}

function isWeekend(date: string): boolean {
  const weekday = weekdayOfDay(dayOfIsoDate(date));
  return weekday === 0 || weekday === 6;
}

function lengthInDays(holiday: Holiday): number {
  return dayOfIsoDate(holiday.to) - dayOfIsoDate(holiday.from) + 1;
}

// A malformed date aborts: the checks after it (the holiday's length, the rules across
// fields, the year) then run only on well-formed dates, and a typo gets one message.
function dateField(field: string) {
  const message = `${field} must be a date YYYY-MM-DD`;
  return z.string(message).check(z.refine(isIsoDate, { message, abort: true }));
}

const nameLength = `name must have 1 to ${MAX_NAME_LENGTH} characters`;

const holidaySchema = z
  .strictObject({
    name: z.string('name must be a string').check(
      z.trim(),
      z.minLength(1, nameLength),
      z.maxLength(MAX_NAME_LENGTH, nameLength),
      z.refine((name) => !hasInvisibleCharacter(name), 'name must not contain control characters'),
    ),
    from: dateField('from'),
    to: dateField('to'),
  })
  .check(
    z.refine((holiday) => holiday.from <= holiday.to, {
      message: 'to must be on or after from',
      path: ['to'],
    }),
    z.refine((holiday) => holiday.from > holiday.to || lengthInDays(holiday) <= MAX_HOLIDAY_DAYS, {
      message: `to must be within ${MAX_HOLIDAY_DAYS} days of from, both counted`,
      path: ['to'],
    }),
  );

/**
 * Every rule of {@link calendarYearSchema} but the year: what a year's data looks like whatever
 * year it is for. An API contract documents its body with it (the year comes from the path, so
 * the service parses again with `calendarYearSchema(year)`). The caps abort, so the rules
 * across fields never run over an oversized list.
 */
export const calendarYearShapeSchema = z
  .strictObject({
    holidays: z.array(holidaySchema, 'holidays must be a list').check(
      z.maxLength(MAX_HOLIDAYS, {
        message: `holidays may list at most ${MAX_HOLIDAYS} holidays`,
        abort: true,
      }),
    ),
    makeUpWorkingDays: z
      .array(
        dateField('Each makeUpWorkingDays entry').check(
          z.refine(isWeekend, 'Each makeUpWorkingDays entry must be a Saturday or Sunday'),
        ),
        'makeUpWorkingDays must be a list',
      )
      .check(
        z.maxLength(MAX_MAKE_UP_WORKING_DAYS, {
          message: `makeUpWorkingDays may list at most ${MAX_MAKE_UP_WORKING_DAYS} days`,
          abort: true,
        }),
      ),
  })
  .check(z.superRefine(checkAcrossFields));

/**
 * The schema of one year's data as an admin PUTs it for `year`. Every date must be a valid
 * ISO date in `year`; a holiday ends on or after its start and lasts at most 31 days;
 * holidays do not overlap; make-up working days are distinct Saturdays or Sundays outside
 * every holiday; at most 32 holidays and 32 make-up days; names have 1–64 characters and no
 * control characters. Objects are strict. Messages name the field (`to`, `makeUpWorkingDays.2`)
 * and never quote the input.
 *
 * @example
 *   const data = parseWith(calendarYearSchema(2027), body, 'body');
 *   // body: { holidays: [{ name: 'National Day', from: '2027-10-01', to: '2027-10-07' }],
 *   //         makeUpWorkingDays: ['2027-09-26'] }
 */
export function calendarYearSchema(year: number) {
  // Every rule but the year is built once (building a zod schema costs more than parsing with
  // it); this adds the year to a copy, which is cheap.
  return calendarYearShapeSchema.check(z.superRefine((data, ctx) => checkInYear(year, data, ctx)));
}

function checkInYear(year: number, data: CalendarYear, ctx: z.core.$RefinementCtx<CalendarYear>): void {
  const prefix = `${year}-`;
  data.holidays.forEach((holiday, index) => {
    for (const field of ['from', 'to'] as const) {
      if (holiday[field].startsWith(prefix)) continue;
      ctx.addIssue({
        code: 'custom',
        path: ['holidays', index, field],
        message: `${field} must fall in ${year}`,
      });
    }
  });
  data.makeUpWorkingDays.forEach((date, index) => {
    if (date.startsWith(prefix)) return;
    ctx.addIssue({
      code: 'custom',
      path: ['makeUpWorkingDays', index],
      message: `Each makeUpWorkingDays entry must fall in ${year}`,
    });
  });
}

/** Rules that compare entries; they run only once every date is well-formed (see dateIn). */
function checkAcrossFields(data: CalendarYear, ctx: z.core.$RefinementCtx<CalendarYear>): void {
  // Sorting by start makes an overlap a clash with the latest end seen so far.
  const byStart = data.holidays.map((holiday, index) => ({ holiday, index }));
  byStart.sort((a, b) => (a.holiday.from < b.holiday.from ? -1 : a.holiday.from > b.holiday.from ? 1 : 0));
  let latest: { to: string; index: number } | undefined;
  for (const { holiday, index } of byStart) {
    if (latest !== undefined && holiday.from <= latest.to) {
      ctx.addIssue({
        code: 'custom',
        path: ['holidays', index],
        message: `holidays.${index} overlaps holidays.${latest.index}`,
      });
    }
    if (latest === undefined || holiday.to > latest.to) latest = { to: holiday.to, index };
  }

  const seen = new Map<string, number>();
  data.makeUpWorkingDays.forEach((date, index) => {
    const first = seen.get(date);
    if (first !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['makeUpWorkingDays', index],
        message: `makeUpWorkingDays.${index} repeats makeUpWorkingDays.${first}`,
      });
    } else {
      seen.set(date, index);
    }
    const within = data.holidays.findIndex((holiday) => holiday.from <= date && date <= holiday.to);
    if (within !== -1) {
      ctx.addIssue({
        code: 'custom',
        path: ['makeUpWorkingDays', index],
        message: `makeUpWorkingDays.${index} falls inside holidays.${within}; a day is a holiday or a make-up working day, not both`,
      });
    }
  });
}
