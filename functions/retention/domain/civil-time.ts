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

/** The CST calendar month (`YYYY-MM`) `now` falls in. */
export function cstMonthOf(now: Date): string {
  return isoDateOfDay(cstDayOf(now)).slice(0, 7);
}

/**
 * The month `k` months before `month` (`YYYY-MM`).
 * @example monthBefore('2026-01', 2) // '2025-11'
 */
export function monthBefore(month: string, k: number): string {
  return isoDateOfDay(addMonthsToDay(dayOfIsoDate(`${month}-01`), -k)).slice(0, 7);
}

/**
 * The `k`-th complete CST month before `now`'s month, `YYYY-MM` (k = 1: the last complete month).
 * @example completeMonthBefore(new Date('2026-02-28T16:00:00Z'), 1) // '2026-02': 1 March in Beijing
 */
export function completeMonthBefore(now: Date, k: number): string {
  return monthBefore(cstMonthOf(now), k);
}

/**
 * The CST day (`YYYY-MM-DD`) of an instant.
 * @example cstDateOf('2026-02-28T16:00:00Z') // '2026-03-01'
 */
export function cstDateOf(instant: string): string {
  return isoDateOfDay(cstDayOf(new Date(instant)));
}
