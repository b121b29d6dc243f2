import { addMonthsToDay, cstDayOf, dayOfIsoDate, isoDateOfDay } from '../../../shared/time/civil-day.js';

/**
 * The civil time the churn signals count in (docs/domain-rules.md §20.2): whole China Standard
 * Time days and complete CST months, the calendar the bank and its customers keep, whatever the
 * server's time zone.
 */

/**
 * Whole CST days from the CST day of `instant` to the CST day of `now` (0 on the same day).
 * @example cstDaysSince('2026-01-01T16:30:00Z', new Date('2026-01-02T15:59:59Z')) // 0: both 2 January in Beijing
 */
export function cstDaysSince(instant: string, now: Date): number {
  return cstDayOf(now) - cstDayOf(new Date(instant));
}

/**
 * Whole CST days from the civil day `isoDate` (`YYYY-MM-DD`, already a CST day) to the CST day of
 * `now`.
 */
export function cstDaysSinceDay(isoDate: string, now: Date): number {
  return cstDayOf(now) - dayOfIsoDate(isoDate);
}

/**
 * The `k`-th complete CST month before `now`'s month, `YYYY-MM` (k = 1: the last complete month).
 * @example completeMonthBefore(new Date('2026-02-28T16:00:00Z'), 1) // '2026-02': 1 March in Beijing
 */
export function completeMonthBefore(now: Date, k: number): string {
  const today = isoDateOfDay(cstDayOf(now));
  const firstOfMonth = dayOfIsoDate(`${today.slice(0, 7)}-01`);
  return isoDateOfDay(addMonthsToDay(firstOfMonth, -k)).slice(0, 7);
}
