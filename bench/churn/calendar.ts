import { addMonths, type MonthKey } from '../../functions/activity/domain/months.js';
import { cstDayOf, dayOfIsoDate, isoDateOfDay } from '../../shared/time/civil-day.js';

/** Instants and days of the simulation, in China Standard Time as the bank keeps them. */

const HOUR_MS = 3_600_000;
const CST_OFFSET_HOURS = 8;

/** The month `index` months after `first`. */
export function monthAt(first: MonthKey, index: number): MonthKey {
  return addMonths(first, index);
}

/** How many days `month` has. */
export function daysIn(month: MonthKey): number {
  const [year, monthNumber] = month.split('-').map(Number);
  if (year === undefined || monthNumber === undefined) throw new RangeError(`Not a month: ${month}`);
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
}

/** The instant (ms) of `hourCst` o'clock CST on `dayOfMonth` (1-based, may run past the month's end). */
export function instantIn(month: MonthKey, dayOfMonth: number, hourCst: number): number {
  const [year, monthNumber] = month.split('-').map(Number);
  if (year === undefined || monthNumber === undefined) throw new RangeError(`Not a month: ${month}`);
  return Date.UTC(year, monthNumber - 1, dayOfMonth, hourCst - CST_OFFSET_HOURS);
}

/** The instant (ms) of `hourCst` o'clock CST on the ISO day `isoDay`. */
export function instantOnDay(isoDay: string, hourCst: number): number {
  return instantIn(isoDay.slice(0, 7), Number(isoDay.slice(8, 10)), hourCst);
}

/** The CST civil day (days since 1970-01-01) of an instant in ms. */
export function dayOfInstant(ms: number): number {
  return cstDayOf(new Date(ms));
}

/** `YYYY-MM-DD` of a CST civil day. */
export function isoDay(day: number): string {
  return isoDateOfDay(day);
}

/** The CST civil day of an ISO day. */
export function civilDay(isoDayValue: string): number {
  return dayOfIsoDate(isoDayValue);
}

/** `days` days after the instant `ms`. */
export function plusDays(ms: number, days: number): number {
  return ms + days * 24 * HOUR_MS;
}

/** `years` (fractional) years before the instant `ms`, to the hour. */
export function yearsBefore(ms: number, years: number): number {
  return ms - Math.round(years * 365.25 * 24) * HOUR_MS;
}
