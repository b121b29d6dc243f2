import { logger } from '../observability/logger.js';
import * as z from '../zod.js';
import cn2026 from './calendars/cn-2026.json' with { type: 'json' };
import { cstDayOf, dayOfIsoDate, endOfDay, weekdayOfDay, yearOfDay } from './civil-day.js';

/**
 * One year of official holidays and make-up working days (REFERENCE.md §8), as published
 * by the State Council. New years are added as data files under `calendars/`.
 */
export const calendarYearSchema = z.strictObject({
  region: z.string().check(z.minLength(1)),
  year: z.number().check(z.int(), z.gte(1970), z.lte(9999)),
  source: z.string().check(z.minLength(1)),
  holidays: z.array(
    z.strictObject({ name: z.string().check(z.minLength(1)), from: z.iso.date(), to: z.iso.date() }).check(
      z.refine((holiday) => holiday.from <= holiday.to, {
        message: 'A holiday ends on or after its start',
      }),
    ),
  ),
  makeUpWorkingDays: z.array(z.iso.date()),
});
export type CalendarYear = z.infer<typeof calendarYearSchema>;

/** Called once per year that has no data; the calendar then counts only weekends as rest. */
export type MissingYearWarning = (message: string, context: { year: number }) => void;

export interface WorkingDayCalendarOptions {
  readonly onMissingYear?: MissingYearWarning;
}

// A year without data is an operations problem (the next notice was not added), not a
// failure: deadlines are still computed, with weekends only, and someone is told.
const warnInLog: MissingYearWarning = (message, context) => {
  logger.warn(message, context);
};

// Deadlines are counted in days, so a loop over days is cheap; the cap stops a typo such as
// 1e9 from spinning a Lambda until its timeout.
const MAX_WORKING_DAYS = 3660;

/**
 * China's working-day calendar: Saturdays and Sundays are rest days unless they are official
 * make-up working days; official holidays are rest days. Every date is taken in China
 * Standard Time (UTC+8), whatever the server's zone.
 */
export class WorkingDayCalendar {
  readonly #years = new Set<number>();
  readonly #holidays = new Set<number>();
  readonly #makeUpDays = new Set<number>();
  readonly #warnedYears = new Set<number>();
  readonly #onMissingYear: MissingYearWarning;

  constructor(years: readonly CalendarYear[], options: WorkingDayCalendarOptions = {}) {
    this.#onMissingYear = options.onMissingYear ?? warnInLog;
    for (const raw of years) {
      const data = calendarYearSchema.parse(raw);
      this.#years.add(data.year);
      for (const holiday of data.holidays) {
        for (let day = dayOfIsoDate(holiday.from); day <= dayOfIsoDate(holiday.to); day += 1) {
          this.#holidays.add(day);
        }
      }
      for (const date of data.makeUpWorkingDays) this.#makeUpDays.add(dayOfIsoDate(date));
    }
  }

  /** Whether the calendar holds official data for `year` (otherwise it uses weekends only). */
  hasYear(year: number): boolean {
    return this.#years.has(year);
  }

  /**
   * Whether the CST day on which `date` falls is a working day.
   *
   * @example
   *   defaultCalendar.isWorkingDay(new Date('2026-02-14T10:00:00+08:00')); // true (make-up Saturday)
   */
  isWorkingDay(date: Date): boolean {
    return this.#isWorkingDay(cstDayOf(date));
  }

  /**
   * The deadline `n` working days after `start`: the end (23:59:59.999 CST) of the n-th
   * working day after the CST day of `start`, returned as an instant (a `Date`, UTC inside).
   * The start day itself never counts, working or not; `n = 0` gives the end of the start day.
   *
   * @example
   *   // Thursday before Mid-Autumn and National Day 2026:
   *   defaultCalendar.addWorkingDays(new Date('2026-09-24T09:00:00+08:00'), 10);
   *   // → 2026-10-15T15:59:59.999Z (end of Thursday 2026-10-15 in CST)
   */
  addWorkingDays(start: Date, n: number): Date {
    if (!Number.isInteger(n) || n < 0 || n > MAX_WORKING_DAYS) {
      throw new RangeError(`Working days must be an integer from 0 to ${MAX_WORKING_DAYS}`);
    }
    let day = cstDayOf(start);
    for (let counted = 0; counted < n; ) {
      day += 1;
      if (this.#isWorkingDay(day)) counted += 1;
    }
    return endOfDay(day);
  }

  /**
   * The number of working days after the CST day of `start` up to and including the CST day
   * of `end`, so `workingDaysBetween(s, addWorkingDays(s, n)) === n`. Negative when `end`
   * falls on an earlier day than `start`.
   */
  workingDaysBetween(start: Date, end: Date): number {
    const from = cstDayOf(start);
    const to = cstDayOf(end);
    const [low, high, sign] = from <= to ? [from, to, 1] : [to, from, -1];
    let count = 0;
    for (let day = low + 1; day <= high; day += 1) {
      if (this.#isWorkingDay(day)) count += 1;
    }
    return sign * count;
  }

  #isWorkingDay(day: number): boolean {
    if (this.#makeUpDays.has(day)) return true;
    if (this.#holidays.has(day)) return false;
    this.#warnIfMissing(yearOfDay(day));
    const weekday = weekdayOfDay(day);
    return weekday !== 0 && weekday !== 6;
  }

  #warnIfMissing(year: number): void {
    if (this.#years.has(year) || this.#warnedYears.has(year)) return;
    this.#warnedYears.add(year);
    this.#onMissingYear(
      'Working-day calendar has no official data for this year; counting weekends only as rest days',
      { year },
    );
  }
}

/** The calendar every capability uses: China, with every year shipped under `calendars/`. */
export const defaultCalendar = new WorkingDayCalendar([cn2026]);
