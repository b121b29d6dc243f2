/**
 * Monthly bucket keys. Activity is counted by calendar month in China Standard Time, the
 * time the bank and its customers keep: a transfer at 00:30 on 1 March in Beijing
 * (16:30Z on the last day of February) belongs to March. CST is UTC+8 all year round (no
 * daylight saving since 1991), so a fixed offset is exact and needs no time-zone data.
 */

/** A calendar month in CST, `YYYY-MM`. Keys sort lexically in time order. */
export type MonthKey = string;

const CST_OFFSET_MS = 8 * 60 * 60 * 1000;
const MONTH_KEY = /^(\d{4})-(0[1-9]|1[0-2])$/;

function toDate(instant: Date | string): Date {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError('Invalid instant');
  return date;
}

function format(year: number, monthIndex: number): MonthKey {
  return `${String(year).padStart(4, '0')}-${String(monthIndex + 1).padStart(2, '0')}`;
}

/**
 * The CST calendar month an instant falls in.
 *
 * @example
 *   monthKey('2026-02-28T15:59:59.999Z'); // '2026-02'
 *   monthKey('2026-02-28T16:00:00.000Z'); // '2026-03' (midnight, 1 March, in Beijing)
 */
export function monthKey(instant: Date | string): MonthKey {
  const shifted = new Date(toDate(instant).getTime() + CST_OFFSET_MS);
  return format(shifted.getUTCFullYear(), shifted.getUTCMonth());
}

/** The month `delta` months after `month` (before it when negative). */
export function addMonths(month: MonthKey, delta: number): MonthKey {
  const match = MONTH_KEY.exec(month);
  if (match === null || !Number.isInteger(delta)) throw new RangeError(`Invalid month arithmetic: ${month}`);
  const index = Number(match[1]) * 12 + Number(match[2]) - 1 + delta;
  return format(Math.floor(index / 12), index % 12);
}

/**
 * The `n` most recent months as of `now`, oldest first, INCLUDING the current (partial)
 * month: `lastMonths(2026-03-10, 3)` is `['2026-01', '2026-02', '2026-03']`. This is the
 * retention window of the monthly buckets.
 */
export function lastMonths(now: Date, n: number): MonthKey[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('n must be a non-negative integer');
  const current = monthKey(now);
  return Array.from({ length: n }, (_, i) => addMonths(current, i - n + 1));
}

/**
 * The `n` most recent COMPLETE months as of `now`, oldest first, EXCLUDING the current
 * month: averages over them are not dragged down by a month that has only just begun.
 */
export function lastCompleteMonths(now: Date, n: number): MonthKey[] {
  return lastMonths(now, n + 1).slice(0, n);
}

/**
 * An instant in the one canonical form `YYYY-MM-DDTHH:mm:ss.sssZ` (millisecond precision),
 * so that comparing two of them as strings, as a DynamoDB condition does, compares times.
 */
export function canonicalInstant(instant: Date | string): string {
  return toDate(instant).toISOString();
}
