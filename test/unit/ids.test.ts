import { afterEach, describe, expect, it } from 'vitest';
import { isId, newId } from '../../shared/ids.js';
import { ControlledClock, systemClock, useClock } from '../../shared/time/clock.js';

const CROCKFORD_ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

describe('newId', () => {
  afterEach(() => useClock(systemClock));

  it('is a 26-character Crockford base32 ULID without a prefix', () => {
    const id = newId();

    expect(id).toMatch(CROCKFORD_ULID);
    expect(isId(id)).toBe(true);
  });

  it('prefixes the ULID with the type tag, like cus_01J…', () => {
    useClock(new ControlledClock(new Date('2024-09-01T00:00:00Z')));

    const id = newId('cus');

    expect(id).toMatch(/^cus_01J[0-9A-HJKMNP-TV-Z]{23}$/);
    expect(isId(id, 'cus')).toBe(true);
    expect(isId(id, 'rev')).toBe(false);
  });

  it('takes its time part from the shared clock', () => {
    // 2026-01-01T00:00:00Z = 1767225600000 ms, which is 01KDVDNA00 in Crockford base32.
    useClock(new ControlledClock(new Date('2026-01-01T00:00:00.000Z')));

    expect(newId().slice(0, 10)).toBe('01KDVDNA00');
  });

  it('sorts in creation order, even while the clock stands still', () => {
    const controlled = new ControlledClock(new Date('2026-03-01T00:00:00Z'));
    useClock(controlled);

    const sameMillisecond = Array.from({ length: 50 }, () => newId());
    controlled.advance(1);
    const later = newId();
    const all = [...sameMillisecond, later];

    expect([...all].sort()).toEqual(all);
    expect(new Set(all).size).toBe(all.length);
  });

  it('follows the clock when a clock that is behind replaces it', () => {
    useClock(new ControlledClock(new Date('2026-06-01T00:00:00Z')));
    const later = newId();
    useClock(new ControlledClock(new Date('2026-01-01T00:00:00.000Z')));

    const earlier = newId();

    expect(earlier.slice(0, 10)).toBe('01KDVDNA00');
    expect(earlier < later).toBe(true);
  });

  it('does not repeat across many ids', () => {
    const ids = new Set(Array.from({ length: 5000 }, () => newId()));

    expect(ids.size).toBe(5000);
  });

  it('refuses a prefix that would make ids ambiguous', () => {
    expect(() => newId('Cus')).toThrow(RangeError);
    expect(() => newId('cus_x')).toThrow(RangeError);
    expect(() => newId('')).toThrow(RangeError);
  });

  it('rejects strings that are not ids', () => {
    expect(isId('cus_123')).toBe(false);
    expect(isId('01KDWGZHR0ILOU0000000000000')).toBe(false);
    expect(isId('cus_01KDWGZHR0AAAAAAAAAAAAAAAA', 'cus!')).toBe(false);
  });
});
