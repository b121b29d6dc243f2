import { describe, expect, it } from 'vitest';
import { addMonthsToDay, cstDayOf, dayOfIsoDate, isoDateOfDay } from '../../../shared/time/civil-day.js';

const plus = (date: string, months: number) => isoDateOfDay(addMonthsToDay(dayOfIsoDate(date), months));

describe('addMonthsToDay', () => {
  it('moves to the same day of the month', () => {
    expect(plus('2025-12-04', 12)).toBe('2026-12-04');
    expect(plus('2025-12-04', 1)).toBe('2026-01-04');
    expect(plus('2026-03-15', -3)).toBe('2025-12-15');
    expect(plus('2026-03-15', 0)).toBe('2026-03-15');
  });

  it('ends on the last day of a shorter month', () => {
    expect(plus('2025-01-31', 1)).toBe('2025-02-28');
    expect(plus('2024-01-31', 1)).toBe('2024-02-29');
    expect(plus('2025-08-31', 1)).toBe('2025-09-30');
    expect(plus('2025-03-31', -1)).toBe('2025-02-28');
  });

  it('takes 29 February to 28 February of a common year and 29 February of a leap year', () => {
    expect(plus('2024-02-29', 12)).toBe('2025-02-28');
    expect(plus('2024-02-29', 48)).toBe('2028-02-29');
    expect(plus('2099-02-28', 12)).toBe('2100-02-28');
  });

  it('works on the China Standard Time day of an instant', () => {
    // 00:30 on 1 January 2026 in Shanghai is still 31 December 2025 in UTC.
    const day = cstDayOf(new Date('2025-12-31T16:30:00.000Z'));

    expect(isoDateOfDay(addMonthsToDay(day, 1))).toBe('2026-02-01');
  });

  it('refuses a part of a month', () => {
    expect(() => addMonthsToDay(dayOfIsoDate('2026-01-01'), 1.5)).toThrow(RangeError);
  });
});
