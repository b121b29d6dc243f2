import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CHECK_FROM,
  parseMonthDay,
  yearToCheck,
} from '../../../functions/calendars/domain/check-window.js';
import { CalendarCheckConfigError } from '../../../functions/calendars/domain/errors.js';

describe('when the daily check asks for next year', () => {
  it('asks from 1 December in China time until the year ends, and not before', () => {
    // Act and assess: 2026-11-30T16:00Z is already 1 December in Beijing.
    expect(yearToCheck(new Date('2026-11-30T15:59:59.999Z'), DEFAULT_CHECK_FROM)).toBeUndefined();
    expect(yearToCheck(new Date('2026-11-30T16:00:00.000Z'), DEFAULT_CHECK_FROM)).toBe(2027);
    expect(yearToCheck(new Date('2026-12-31T15:59:59.999Z'), DEFAULT_CHECK_FROM)).toBe(2027);
    // New Year's Day in Beijing: December's check is over until next December.
    expect(yearToCheck(new Date('2026-12-31T16:00:00.000Z'), DEFAULT_CHECK_FROM)).toBeUndefined();
    expect(yearToCheck(new Date('2026-06-15T00:00:00.000Z'), DEFAULT_CHECK_FROM)).toBeUndefined();
  });

  it('starts on the configured month and day', () => {
    // Prepare
    const from = parseMonthDay('11-15');

    // Act and assess
    expect(from).toEqual({ month: 11, day: 15 });
    expect(yearToCheck(new Date('2026-11-14T15:59:59.000Z'), from)).toBeUndefined();
    expect(yearToCheck(new Date('2026-11-14T16:00:00.000Z'), from)).toBe(2027);
  });

  it('takes 1 December when nothing is configured, and refuses anything but a real MM-DD', () => {
    // Act and assess
    expect(parseMonthDay(undefined)).toEqual({ month: 12, day: 1 });
    expect(parseMonthDay(' ')).toEqual({ month: 12, day: 1 });
    for (const bad of ['12-1', '1201', '13-01', '02-30', '02-29', '04-31', '12-01x', 'December']) {
      expect(() => parseMonthDay(bad), bad).toThrow(CalendarCheckConfigError);
    }
  });
});
