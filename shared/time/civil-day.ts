/**
 * Civil days in China Standard Time (UTC+8, no daylight saving), counted as whole days since
 * 1970-01-01 CST. The working-day calendar is China's, so "which day is it" is asked in CST
 * whatever the server's time zone.
 */

const MS_PER_DAY = 86_400_000;
const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The CST civil day (days since 1970-01-01) in which the instant `date` falls. */
export function cstDayOf(date: Date): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid date');
  return Math.floor((ms + CST_OFFSET_MS) / MS_PER_DAY);
}

/** The civil day of an ISO calendar date `YYYY-MM-DD`. */
export function dayOfIsoDate(isoDate: string): number {
  const ms = Date.parse(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new RangeError(`Not an ISO date: ${isoDate}`);
  return ms / MS_PER_DAY;
}

/** The ISO calendar date `YYYY-MM-DD` of a civil day. */
export function isoDateOfDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The Gregorian year of a civil day. */
export function yearOfDay(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/** Day of the week of a civil day: 0 Sunday … 6 Saturday. */
export function weekdayOfDay(day: number): number {
  // 1970-01-01 was a Thursday (4); the double modulo keeps days before 1970 positive.
  return (((day + 4) % 7) + 7) % 7;
}

/**
 * The civil day `months` calendar months after `day` (before it when negative), on the same day
 * of the month, or on the month's last day when that month is shorter: a period of whole months
 * that ends on a month-end day the month does not have ends on the month's last day.
 * @example isoDateOfDay(addMonthsToDay(dayOfIsoDate('2024-02-29'), 12)) // '2025-02-28'
 * @example isoDateOfDay(addMonthsToDay(dayOfIsoDate('2025-01-31'), 1)) // '2025-02-28'
 */
export function addMonthsToDay(day: number, months: number): number {
  if (!Number.isInteger(months)) throw new RangeError('Months must be a whole number');
  const date = new Date(day * MS_PER_DAY);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  // Day 0 of the next month is the last day of `month` (Date.UTC carries months past 11).
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay)) / MS_PER_DAY;
}

/** The last millisecond of a civil day (23:59:59.999 CST), as an instant. */
export function endOfDay(day: number): Date {
  return new Date((day + 1) * MS_PER_DAY - CST_OFFSET_MS - 1);
}

/**
 * The end (23:59:59.999 CST) of the CST day `days` calendar days after the CST day of `start`:
 * a limit "within N days of receipt" counted in whole days, the day of receipt not counted.
 * @example endOfDayAfter(new Date('2026-02-13T23:30:00+08:00'), 15) // 2026-02-28T15:59:59.999Z
 */
export function endOfDayAfter(start: Date, days: number): Date {
  if (!Number.isInteger(days)) throw new RangeError('Days must be a whole number');
  return endOfDay(cstDayOf(start) + days);
}
