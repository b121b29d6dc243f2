import { cstDayOf, isoDateOfDay } from '../../../shared/time/civil-day.js';
import { CalendarCheckConfigError } from './errors.js';

/**
 * When the daily check starts to ask for next year's calendar. The State Council publishes the
 * next year's notice in the autumn (2026's on 2025-11-04), so from 1 December a missing next
 * year is an operations problem: deadlines counted into it are provisional.
 */

/** A day of the year, in China Standard Time. */
export interface MonthDay {
  readonly month: number;
  readonly day: number;
}

/** From 1 December unless the function's `CALENDAR_CHECK_FROM` says otherwise. */
export const DEFAULT_CHECK_FROM: MonthDay = { month: 12, day: 1 };

/**
 * `MM-DD` (e.g. `11-15`) as a month and day; undefined or empty gives the default. 02-29 is
 * refused: it would start the check only in leap years.
 * @example parseMonthDay('11-15') // { month: 11, day: 15 }
 * @throws CalendarCheckConfigError for anything else.
 */
export function parseMonthDay(raw: string | undefined): MonthDay {
  if (raw === undefined || raw.trim() === '') return DEFAULT_CHECK_FROM;
  const [, month = '', day = ''] = /^(\d{2})-(\d{2})$/.exec(raw.trim()) ?? [];
  // A round trip through a date of 2025, not a leap year: 02-30, 04-31 and 02-29 do not survive.
  const probe = `2025-${month}-${day}`;
  const parsed = Date.parse(`${probe}T00:00:00Z`);
  if (Number.isNaN(parsed) || new Date(parsed).toISOString().slice(0, 10) !== probe) {
    throw new CalendarCheckConfigError('CALENDAR_CHECK_FROM must be a month and day MM-DD, e.g. 12-01');
  }
  return { month: Number(month), day: Number(day) };
}

/**
 * The year whose data the daily check asks for at `now`: next year, once the CST date is on or
 * after `from` (until the year ends); before that, none.
 * @example yearToCheck(new Date('2026-12-04T01:00:00Z'), DEFAULT_CHECK_FROM) // 2027
 * @example yearToCheck(new Date('2026-11-30T15:59:59Z'), DEFAULT_CHECK_FROM) // undefined (still 30 Nov in CST)
 */
export function yearToCheck(now: Date, from: MonthDay): number | undefined {
  const today = isoDateOfDay(cstDayOf(now));
  const year = Number(today.slice(0, 4));
  const start = `${today.slice(0, 4)}-${String(from.month).padStart(2, '0')}-${String(from.day).padStart(2, '0')}`;
  return today >= start ? year + 1 : undefined;
}
