import { systemClock } from '../time/clock.js';

/**
 * PRC resident identity number (GB 11643-1999): 6-digit area code, 8-digit birth date
 * (YYYYMMDD), 3-digit sequence, 1 check character (ISO 7064 MOD 11-2).
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const SHAPE = /^[1-9]\d{16}[\dX]$/;
/** Oldest birth year accepted: guards against typos like 0985 without refusing real elderly customers. */
const MIN_BIRTH_YEAR = 1850;
/** Birth dates are compared with the calendar date in China (UTC+8). */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Removes whitespace and upper-cases, so a lowercase `x` check character becomes `X`. */
export function normalisePrcId(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/** The check character for the first 17 digits (ISO 7064 MOD 11-2). */
export function prcIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('Expected 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS.charAt(sum % 11);
}

/**
 * True when the value (after normalisation) has the right shape, check character and a real
 * calendar birth date that is not in the future (per `now`; by default the system clock, since
 * request schemas validate before any use case, and so before any injected clock, is reached).
 */
export function isValidPrcId(value: string, now: Date = systemClock.now()): boolean {
  const id = normalisePrcId(value);
  if (!SHAPE.test(id)) return false;
  if (prcIdCheckChar(id.slice(0, 17)) !== id.charAt(17)) return false;
  return birthDateOf(id, now) !== undefined;
}

/** The birth date (`YYYY-MM-DD`) of a valid PRC ID number, or undefined when the number is invalid. */
export function birthDateFromPrcId(value: string, now: Date = systemClock.now()): string | undefined {
  return isValidPrcId(value, now) ? birthDateOf(normalisePrcId(value), now) : undefined;
}

function birthDateOf(id: string, now: Date): string | undefined {
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (year < MIN_BIRTH_YEAR || month < 1 || month > 12 || day < 1) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  const iso = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const todayInChina = new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
  return iso <= todayInChina ? iso : undefined;
}
