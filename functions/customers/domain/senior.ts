import { cstDayOf, isoDateOfDay } from '../../../shared/time/civil-day.js';

/**
 * Senior customers (docs/domain-rules.md §19.3): a customer is senior from 00:00 China Standard
 * Time on the day they turn SENIOR_AGE (65). The birth date is C2 and sealed: `senior` is
 * computed from its plaintext whenever a request writes it, and the day still to come is kept
 * only as a keyed hash (the service's blind index), so the daily job finds the customers
 * turning SENIOR_AGE today without decrypting any birth date.
 */

/** The default age from which a customer is senior; the SENIOR_AGE setting moves it within these bounds. */
export const DEFAULT_SENIOR_AGE = 65;
export const SENIOR_AGE_MIN = 50;
export const SENIOR_AGE_MAX = 100;

/**
 * How many days back the daily job looks, today included: a customer whose day fell on a run
 * that failed is made senior by one of the next runs, not never.
 */
export const SENIOR_CATCH_UP_DAYS = 7;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * The calendar date (`YYYY-MM-DD`, a CST day) on which someone born on `birthDate` turns `age`.
 * Born on 29 February: 1 March in a year that has no 29 February.
 * @example seniorDay('1961-12-05', 65) // '2026-12-05'
 * @example seniorDay('1960-02-29', 65) // '2025-03-01'
 */
export function seniorDay(birthDate: string, age: number): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (match === null) throw new RangeError('A birth date must be YYYY-MM-DD');
  const [, year, month, day] = match;
  const target = Number(year) + age;
  const date = month === '02' && day === '29' && !isLeapYear(target) ? '03-01' : `${month}-${day}`;
  return `${String(target).padStart(4, '0')}-${date}`;
}

/** Today's date in China Standard Time, `YYYY-MM-DD`. */
export function cstToday(now: Date): string {
  return isoDateOfDay(cstDayOf(now));
}

/** The CST dates the daily job looks for, oldest first: today and the days a failed run may have missed. */
export function seniorDaysToCatchUp(now: Date): readonly string[] {
  const today = cstDayOf(now);
  return Array.from({ length: SENIOR_CATCH_UP_DAYS }, (_, back) =>
    isoDateOfDay(today - (SENIOR_CATCH_UP_DAYS - 1) + back),
  );
}

/**
 * What a customer's birth date means for suitability at `now`: `senior`, and while they are
 * not, the day they will be (which the service stores as a keyed hash only). No birth date
 * (corporate customers, individuals without one): not senior, no day.
 */
export interface SeniorFacts {
  readonly senior: boolean;
  readonly seniorDay?: string;
}

export function seniorFacts(birthDate: string | undefined, now: Date, age: number): SeniorFacts {
  if (birthDate === undefined) return { senior: false };
  const day = seniorDay(birthDate, age);
  return day <= cstToday(now) ? { senior: true } : { senior: false, seniorDay: day };
}
