import { describe, expect, it } from 'vitest';
import {
  addMonths,
  canonicalInstant,
  lastCompleteMonths,
  lastMonths,
  monthKey,
} from '../../../functions/activity/domain/months.js';

describe('monthKey (calendar month in China Standard Time)', () => {
  it.each([
    ['2026-02-28T15:59:59.999Z', '2026-02'],
    ['2026-02-28T16:00:00.000Z', '2026-03'],
    ['2025-12-31T15:59:59.999Z', '2025-12'],
    ['2025-12-31T16:00:00.000Z', '2026-01'],
    ['2026-04-30T15:59:59.999Z', '2026-04'],
    ['2026-04-30T16:00:00.000Z', '2026-05'],
    ['2028-02-28T16:00:00.000Z', '2028-02'],
    ['2028-02-29T16:00:00.000Z', '2028-03'],
    ['2026-03-01T00:00:00.000Z', '2026-03'],
  ])('puts %s in %s', (instant, expected) => {
    expect(monthKey(instant)).toBe(expected);
    expect(monthKey(new Date(instant))).toBe(expected);
  });

  it('reads an instant without milliseconds as the same instant', () => {
    expect(monthKey('2026-02-28T16:00:00Z')).toBe('2026-03');
  });

  it('refuses something that is not an instant', () => {
    expect(() => monthKey('last Tuesday')).toThrow(RangeError);
  });
});

describe('month arithmetic', () => {
  it('moves across year boundaries both ways', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(addMonths('2026-06', -18)).toBe('2024-12');
    expect(addMonths('2026-06', 0)).toBe('2026-06');
  });

  it('refuses a malformed key or a fractional step', () => {
    expect(() => addMonths('2026-13', 1)).toThrow(RangeError);
    expect(() => addMonths('2026-6', 1)).toThrow(RangeError);
    expect(() => addMonths('2026-06', 0.5)).toThrow(RangeError);
  });

  it('lists the n most recent months, oldest first, the current month included', () => {
    const now = new Date('2026-02-10T02:00:00.000Z');

    expect(lastMonths(now, 3)).toEqual(['2025-12', '2026-01', '2026-02']);
    expect(lastMonths(now, 0)).toEqual([]);
    expect(lastMonths(now, 12)).toHaveLength(12);
    expect(lastMonths(now, 12)[0]).toBe('2025-03');
  });

  it('takes the current month from CST: 16:00Z on the last day is already the next month', () => {
    expect(lastMonths(new Date('2026-01-31T15:59:59.999Z'), 1)).toEqual(['2026-01']);
    expect(lastMonths(new Date('2026-01-31T16:00:00.000Z'), 1)).toEqual(['2026-02']);
  });

  it('lists complete months without the current one', () => {
    const now = new Date('2026-02-10T02:00:00.000Z');

    expect(lastCompleteMonths(now, 3)).toEqual(['2025-11', '2025-12', '2026-01']);
    expect(lastCompleteMonths(now, 0)).toEqual([]);
  });

  it('refuses a negative or fractional count', () => {
    expect(() => lastMonths(new Date(), -1)).toThrow(RangeError);
    expect(() => lastMonths(new Date(), 1.5)).toThrow(RangeError);
  });
});

describe('canonicalInstant', () => {
  it('gives one form per instant, so string order is time order', () => {
    const early = canonicalInstant('2026-03-01T08:00:00Z');
    const later = canonicalInstant('2026-03-01T08:00:00.001Z');

    expect(early).toBe('2026-03-01T08:00:00.000Z');
    expect(early < later).toBe(true);
    // Without canonical form the two would sort the wrong way round ('Z' > '.').
    expect('2026-03-01T08:00:00Z' > '2026-03-01T08:00:00.001Z').toBe(true);
  });
});
