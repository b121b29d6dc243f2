import { describe, expect, it } from 'vitest';
import { isId, newId } from '../../shared/ids.js';
import { ControlledClock } from '../../shared/time/clock.js';

const CROCKFORD_ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

describe('newId', () => {
  const now = new Date('2026-03-01T00:00:00Z');

  it('is a 26-character Crockford base32 ULID without a prefix', () => {
    const id = newId(undefined, now);

    expect(id).toMatch(CROCKFORD_ULID);
    expect(isId(id)).toBe(true);
  });

  it('prefixes the ULID with the type tag, like cus_01J…', () => {
    const id = newId('cus', new Date('2024-09-01T00:00:00Z'));

    expect(id).toMatch(/^cus_01J[0-9A-HJKMNP-TV-Z]{23}$/);
    expect(isId(id, 'cus')).toBe(true);
    expect(isId(id, 'rev')).toBe(false);
  });

  it('takes its time part from the time it is given', () => {
    // 2026-01-01T00:00:00Z = 1767225600000 ms, which is 01KDVDNA00 in Crockford base32.
    expect(newId(undefined, new Date('2026-01-01T00:00:00.000Z')).slice(0, 10)).toBe('01KDVDNA00');
  });

  it('sorts in creation order, even while the clock stands still', () => {
    const controlled = new ControlledClock(new Date('2026-03-01T00:00:00Z'));

    const sameMillisecond = Array.from({ length: 50 }, () => newId(undefined, controlled.now()));
    controlled.advance(1);
    const later = newId(undefined, controlled.now());
    const all = [...sameMillisecond, later];

    expect([...all].sort()).toEqual(all);
    expect(new Set(all).size).toBe(all.length);
  });

  it('follows the time given when it is behind the last one seen', () => {
    const later = newId(undefined, new Date('2026-06-01T00:00:00Z'));

    const earlier = newId(undefined, new Date('2026-01-01T00:00:00.000Z'));

    expect(earlier.slice(0, 10)).toBe('01KDVDNA00');
    expect(earlier < later).toBe(true);
  });

  it('does not repeat across many ids', () => {
    const ids = new Set(Array.from({ length: 5000 }, () => newId(undefined, now)));

    expect(ids.size).toBe(5000);
  });

  it('refuses a prefix that would make ids ambiguous', () => {
    expect(() => newId('Cus', now)).toThrow(RangeError);
    expect(() => newId('cus_x', now)).toThrow(RangeError);
    expect(() => newId('', now)).toThrow(RangeError);
  });

  it('rejects strings that are not ids', () => {
    expect(isId('cus_123')).toBe(false);
    expect(isId('01KDWGZHR0ILOU0000000000000')).toBe(false);
    expect(isId('cus_01KDWGZHR0AAAAAAAAAAAAAAAA', 'cus!')).toBe(false);
  });
});
