import { logger } from '../observability/logger.js';
import type { CalendarYears } from './calendar-year.js';
import { cstDayOf, dayOfIsoDate, endOfDay, isoDateOfDay, weekdayOfDay, yearOfDay } from './civil-day.js';

/** A deadline, and whether any day counted towards it fell in a year the calendar has no data for. */
export interface Deadline {
  /** The end (23:59:59.999 CST) of the last working day counted, as an instant. */
  readonly at: Date;
  /**
   * True when some counted day fell in a year without data, or in the last 7 days of December
   * of a year whose next year has none (New Year arrangements reach back into December):
   * there only weekends were taken as rest, so a notice published later may move the
   * deadline. Show it as provisional.
   */
  readonly provisional: boolean;
  /** The years whose missing data the count depended on, ascending; empty when not provisional. */
  readonly missingYears: readonly number[];
}

/** An instant moved off a rest day, and whether it had to move. */
export interface RolledDeadline extends Deadline {
  /** True when the instant fell on a rest day and `at` is the end of the next working day. */
  readonly rolled: boolean;
}

/** Called once per year that has no data, per calendar: a warning for the log. */
export type MissingYearWarning = (message: string, context: { year: number }) => void;

/**
 * Called on every answer that used the weekend-only fallback, with the years that lacked data,
 * so the caller can count it (a metric) without the calendar knowing about metrics.
 */
export type WeekendFallbackHook = (missingYears: readonly number[]) => void;

export interface WorkingDayCalendarOptions {
  /** The warning sink; the shared logger's `warn` by default. */
  readonly onMissingYear?: MissingYearWarning;
  /** Told of every fallback, e.g. `(years) => metrics.addMetric('CalendarFallbacks', 'Count', 1)`. */
  readonly onWeekendFallback?: WeekendFallbackHook;
}

// A year without data is an operations problem (the next notice was not loaded), not a
// failure: deadlines are still computed, with weekends only, flagged provisional, logged once
// per year and counted by the caller's hook each time.
const warnInLog: MissingYearWarning = (message, context) => {
  logger.warn(message, context);
};

// How far back into December the next year's notice has reached (to 12-29), with a margin.
const NEXT_NOTICE_REACH_DAYS = 7;

// Deadlines are counted in days, so a loop over days is cheap; the cap stops a typo such as
// 1e9 from spinning a Lambda until its timeout.
const MAX_WORKING_DAYS = 3660;

/**
 * China's working-day calendar: Saturdays and Sundays are rest days unless they are official
 * make-up working days; official holidays are rest days. Every date is taken in China
 * Standard Time (UTC+8), whatever the server's zone. Days in a year without data follow
 * weekends only; answers that depended on such days say so (see {@link Deadline}).
 */
export class WorkingDayCalendar {
  readonly #years = new Set<number>();
  readonly #holidays = new Set<number>();
  readonly #makeUpDays = new Set<number>();
  readonly #warnedYears = new Set<number>();
  readonly #onMissingYear: MissingYearWarning;
  readonly #onWeekendFallback: WeekendFallbackHook | undefined;

  /**
   * A calendar over `years` (data by year). The data is expected to have passed
   * `calendarYearSchema(year)` where it entered (the admin API on PUT and on load; a unit test
   * for the built-in years), so no Lambda pays zod's cost at cold start. What the
   * counting itself relies on is checked here: real ISO dates, each inside its own year (so a
   * loaded year replaces exactly that year), holidays that end on or after their start.
   *
   * @example
   *   const calendar = new WorkingDayCalendar(builtInYears, { onWeekendFallback: countFallback });
   * @throws RangeError when a date is malformed, outside its year, or a holiday runs backwards.
   */
  constructor(years: CalendarYears, options: WorkingDayCalendarOptions = {}) {
    this.#onMissingYear = options.onMissingYear ?? warnInLog;
    this.#onWeekendFallback = options.onWeekendFallback;
    for (const [year, data] of years) {
      for (const holiday of data.holidays) {
        const from = dayInYear(year, holiday.from);
        const to = dayInYear(year, holiday.to);
        if (to < from) throw new RangeError(`Calendar data for ${year}: a holiday ends before it starts`);
        for (let day = from; day <= to; day += 1) this.#holidays.add(day);
      }
      for (const date of data.makeUpWorkingDays) this.#makeUpDays.add(dayInYear(year, date));
      this.#years.add(year);
    }
  }

  /**
   * A calendar over the built-in years plus years loaded at run time (from the admin API's
   * store); a loaded year replaces the built-in data of that year whole, so a corrected or
   * amended notice wins.
   *
   * @example
   *   const calendar = WorkingDayCalendar.withYears(builtInYears, new Map([[2027, year2027]]));
   *   calendar.hasYear(2027); // true
   */
  static withYears(
    builtIn: CalendarYears,
    loaded: CalendarYears,
    options: WorkingDayCalendarOptions = {},
  ): WorkingDayCalendar {
    return new WorkingDayCalendar(new Map([...builtIn, ...loaded]), options);
  }

  /** Whether the calendar holds official data for `year` (otherwise it uses weekends only). */
  hasYear(year: number): boolean {
    return this.#years.has(year);
  }

  /**
   * The years the calendar holds data for, ascending.
   *
   * @example
   *   defaultCalendar.years(); // [2004, 2005, …, 2026]
   */
  years(): number[] {
    return [...this.#years].sort((a, b) => a - b);
  }

  /**
   * Whether the CST day on which `date` falls is a working day.
   *
   * @example
   *   defaultCalendar.isWorkingDay(new Date('2026-02-14T10:00:00+08:00')); // true (make-up Saturday)
   */
  isWorkingDay(date: Date): boolean {
    const missing = new Set<number>();
    const working = this.#isWorkingDay(cstDayOf(date), missing);
    this.#reportFallback(missing);
    return working;
  }

  /**
   * The deadline `workingDays` working days after `start`: the end (23:59:59.999 CST) of the
   * n-th working day after the CST day of `start`. The start day itself never counts, working
   * or not; 0 gives the end of the start day (no day counted, so never provisional). The
   * deadline is provisional when a counted day fell in a year without data, or in the last
   * week of December before a year without data.
   *
   * @example
   *   // Thursday before Mid-Autumn and National Day 2026:
   *   defaultCalendar.deadline(new Date('2026-09-24T09:00:00+08:00'), 10);
   *   // → { at: 2026-10-15T15:59:59.999Z, provisional: false, missingYears: [] }
   *   defaultCalendar.deadline(new Date('2026-12-28T09:00:00+08:00'), 5);
   *   // → { at: 2027-01-04T15:59:59.999Z, provisional: true, missingYears: [2027] }
   * @throws RangeError when `workingDays` is not an integer from 0 to 3660.
   */
  deadline(start: Date, workingDays: number): Deadline {
    if (!Number.isInteger(workingDays) || workingDays < 0 || workingDays > MAX_WORKING_DAYS) {
      throw new RangeError(`Working days must be an integer from 0 to ${MAX_WORKING_DAYS}`);
    }
    const missing = new Set<number>();
    let day = cstDayOf(start);
    for (let counted = 0; counted < workingDays; ) {
      day += 1;
      if (this.#isWorkingDay(day, missing)) counted += 1;
    }
    const missingYears = this.#reportFallback(missing);
    return { at: endOfDay(day), provisional: missingYears.length > 0, missingYears };
  }

  /**
   * {@link deadline}'s instant alone. Prefer `deadline` wherever the result is stored or shown:
   * this drops the provisional flag (the fallback is still logged and counted).
   *
   * @example
   *   defaultCalendar.addWorkingDays(new Date('2026-09-24T09:00:00+08:00'), 10);
   *   // → 2026-10-15T15:59:59.999Z (end of Thursday 2026-10-15 in CST)
   */
  addWorkingDays(start: Date, n: number): Date {
    return this.deadline(start, n).at;
  }

  /**
   * A deadline counted in calendar days, moved off a rest day: `at` itself when its CST day is a
   * working day, else the end (23:59:59.999 CST) of the next working day. Provisional when the
   * answer depended on a day in a year without data (the day of `at` included, or the last week
   * of December before such a year), since a notice published later may make it a rest day or a
   * working day.
   *
   * @example
   *   // Thursday 2026-10-01 is National Day: the next working day is Thursday 2026-10-08.
   *   defaultCalendar.rollToWorkingDay(new Date('2026-10-01T15:59:59.999Z'));
   *   // → { at: 2026-10-08T15:59:59.999Z, rolled: true, provisional: false, missingYears: [] }
   */
  rollToWorkingDay(at: Date): RolledDeadline {
    const missing = new Set<number>();
    let day = cstDayOf(at);
    const rolled = !this.#isWorkingDay(day, missing);
    if (rolled) {
      day += 1;
      while (!this.#isWorkingDay(day, missing)) day += 1;
    }
    const missingYears = this.#reportFallback(missing);
    return { at: rolled ? endOfDay(day) : at, rolled, provisional: missingYears.length > 0, missingYears };
  }

  /**
   * The number of working days after the CST day of `start` up to and including the CST day
   * of `end`, so `workingDaysBetween(s, addWorkingDays(s, n)) === n`. Negative when `end`
   * falls on an earlier day than `start`.
   *
   * @example
   *   defaultCalendar.workingDaysBetween(
   *     new Date('2026-09-30T12:00:00+08:00'),
   *     new Date('2026-10-10T12:00:00+08:00'),
   *   ); // 3 (10-08, 10-09 and the make-up Saturday 10-10)
   */
  workingDaysBetween(start: Date, end: Date): number {
    const from = cstDayOf(start);
    const to = cstDayOf(end);
    const [low, high, sign] = from <= to ? [from, to, 1] : [to, from, -1];
    const missing = new Set<number>();
    let count = 0;
    for (let day = low + 1; day <= high; day += 1) {
      if (this.#isWorkingDay(day, missing)) count += 1;
    }
    this.#reportFallback(missing);
    return sign * count;
  }

  #isWorkingDay(day: number, missing: Set<number>): boolean {
    this.#noteMissingData(day, missing);
    if (this.#makeUpDays.has(day)) return true;
    if (this.#holidays.has(day)) return false;
    const weekday = weekdayOfDay(day);
    return weekday !== 0 && weekday !== 6;
  }

  /** Adds to `missing` the year whose data the answer for `day` needs and the calendar lacks. */
  #noteMissingData(day: number, missing: Set<number>): void {
    const year = yearOfDay(day);
    if (!this.#years.has(year)) {
      missing.add(year);
      return;
    }
    // The notice for a year also arranges New Year's Day, which has moved days at the end of
    // the year before (2006-12-30/31 and 2018-12-29 worked, 2018-12-31 off). Until the next
    // year's data is in, the last days of December are not final either.
    if (!this.#years.has(year + 1) && day > dayOfIsoDate(`${year}-12-31`) - NEXT_NOTICE_REACH_DAYS) {
      missing.add(year + 1);
    }
  }

  /** Logs each missing year once per calendar, tells the hook every time; returns the years sorted. */
  #reportFallback(missing: ReadonlySet<number>): number[] {
    const years = [...missing].sort((a, b) => a - b);
    if (years.length === 0) return years;
    for (const year of years) {
      if (this.#warnedYears.has(year)) continue;
      this.#warnedYears.add(year);
      this.#onMissingYear(
        'Working-day calendar has no official data for this year; counting weekends only as rest days',
        { year },
      );
    }
    this.#onWeekendFallback?.(years);
    return years;
  }
}

/** The civil day of `isoDate`, which must be a real date (not 02-30) in `year`. */
function dayInYear(year: number, isoDate: string): number {
  const wellFormed = /^\d{4}-\d{2}-\d{2}$/.test(isoDate) && !Number.isNaN(Date.parse(`${isoDate}T00:00:00Z`));
  // Date.parse rolls 2027-02-30 over to March; the round trip catches it.
  const day = wellFormed ? dayOfIsoDate(isoDate) : Number.NaN;
  if (!wellFormed || isoDateOfDay(day) !== isoDate || yearOfDay(day) !== year) {
    throw new RangeError(`Calendar data for ${year}: a date is not a real YYYY-MM-DD date in that year`);
  }
  return day;
}
