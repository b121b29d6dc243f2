import { getRandomValues } from 'node:crypto';
import { monotonicFactory } from 'ulid';

const PREFIX_PATTERN = /^[a-z][a-z0-9]{0,15}$/;
// The first character is at most 7: a ULID's time part is 48 bits.
const ULID_PATTERN = '[0-7][0-9A-HJKMNP-TV-Z]{25}';
const BARE_ID = new RegExp(`^${ULID_PATTERN}$`);

// ULID's random part must come from a cryptographic source: ids are handed to clients and
// must not be guessable. Bytes are drawn in blocks so an id costs one syscall in sixteen.
const pool = new Uint8Array(256);
let poolPosition = pool.length;
function cryptoRandom(): number {
  if (poolPosition >= pool.length) {
    getRandomValues(pool);
    poolPosition = 0;
  }
  const byte = pool[poolPosition] ?? 0;
  poolPosition += 1;
  return byte / 256;
}

// Monotonic: ids minted in the same millisecond (or while a controlled clock stands still)
// still sort in the order they were made. If a caller's clock is behind the last one seen
// (tests, the local cloud's time travel), start afresh so the time part follows that clock
// rather than staying pinned to the latest time ever seen.
let factory = monotonicFactory(cryptoRandom);
let lastTime = Number.NEGATIVE_INFINITY;
function nextUlid(time: number): string {
  if (time < lastTime) factory = monotonicFactory(cryptoRandom);
  lastTime = time;
  return factory(time);
}

/**
 * A new opaque, time-ordered id: a ULID (26 characters, Crockford base32) whose time part is
 * `now` (the caller's injected clock), optionally prefixed with a short lower-case type tag.
 *
 * @example
 *   newId(undefined, clock.now());  // '01JQ3V6Y8K2T9C4M5N7P8R0S1W'
 *   newId('cus', clock.now());      // 'cus_01JQ3V6Y8K2T9C4M5N7P8R0S1W'
 */
export function newId(prefix: string | undefined, now: Date): string {
  const id = nextUlid(now.getTime());
  if (prefix === undefined) return id;
  if (!PREFIX_PATTERN.test(prefix)) {
    throw new RangeError(`An id prefix is 1-16 lower-case letters or digits, starting with a letter`);
  }
  return `${prefix}_${id}`;
}

/**
 * Whether `value` is an id made by {@link newId} (with exactly this prefix, or none).
 *
 * @example
 *   isId('cus_01JQ3V6Y8K2T9C4M5N7P8R0S1W', 'cus'); // true
 */
export function isId(value: string, prefix?: string): boolean {
  if (prefix === undefined) return BARE_ID.test(value);
  if (!PREFIX_PATTERN.test(prefix)) return false;
  return new RegExp(`^${prefix}_${ULID_PATTERN}$`).test(value);
}
