/** One day as grading counts it: 24 hours of UTC time, whatever the calendar or time zone. */
export const DAY_MS = 86_400_000;

/**
 * Whole days elapsed from `from` to `to`: the UTC millisecond difference divided by a day,
 * rounded down, so "90 days" lasts until the 91st full day has passed. Negative when `to` is
 * earlier (a clock skew); time zones and daylight saving never enter.
 */
export function wholeDaysBetween(from: Date, to: Date): number {
  const ms = to.getTime() - from.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('dates must be valid');
  return Math.floor(ms / DAY_MS);
}

/** Refuses anything but an integer amount of minor units: money is never a float. */
export function assertMinorUnits(amount: number, name: string): void {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`${name} must be an integer amount of minor units`);
}

/** Refuses anything but a non-negative whole count. */
export function assertCount(count: number, name: string): void {
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`${name} must be a whole count`);
}
