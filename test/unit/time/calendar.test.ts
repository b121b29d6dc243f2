import { describe, expect, it, vi } from 'vitest';
import { logger } from '../../../shared/observability/logger.js';
import { defaultCalendar, WorkingDayCalendar } from '../../../shared/time/calendar.js';
import cn2026 from '../../../shared/time/calendars/cn-2026.json' with { type: 'json' };

/** Noon on a CST calendar date, so the tests do not depend on the machine's zone. */
const cst = (isoDate: string, time = '12:00:00'): Date => new Date(`${isoDate}T${time}+08:00`);

function quietCalendar() {
  const onMissingYear = vi.fn();
  return { calendar: new WorkingDayCalendar([cn2026], { onMissingYear }), onMissingYear };
}

describe('WorkingDayCalendar: 2026 official schedule', () => {
  it.each([
    '2026-02-15',
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-02-21',
    '2026-02-22',
    '2026-02-23',
  ])('Spring Festival day %s is a rest day', (date) => {
    expect(defaultCalendar.isWorkingDay(cst(date))).toBe(false);
  });

  it.each([
    ['2026-02-14', 'Saturday before Spring Festival'],
    ['2026-02-28', 'Saturday after Spring Festival'],
    ['2026-10-10', 'Saturday after National Day'],
    ['2026-09-20', 'Sunday before Mid-Autumn'],
    ['2026-01-04', 'Sunday after New Year'],
  ])('make-up day %s (%s) is a working day', (date) => {
    expect(defaultCalendar.isWorkingDay(cst(date))).toBe(true);
  });

  it.each(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'])(
    'National Day %s is a rest day',
    (date) => {
      expect(defaultCalendar.isWorkingDay(cst(date))).toBe(false);
    },
  );

  it('treats an ordinary weekend as rest and an ordinary weekday as work', () => {
    expect(defaultCalendar.isWorkingDay(cst('2026-03-07'))).toBe(false); // Saturday
    expect(defaultCalendar.isWorkingDay(cst('2026-03-08'))).toBe(false); // Sunday
    expect(defaultCalendar.isWorkingDay(cst('2026-03-09'))).toBe(true); // Monday
    expect(defaultCalendar.isWorkingDay(cst('2026-02-13'))).toBe(true); // Friday before the festival
    expect(defaultCalendar.isWorkingDay(cst('2026-02-24'))).toBe(true); // Tuesday after it
  });

  it('decides the day in China Standard Time, not UTC', () => {
    // 2026-02-14T20:00Z is already 04:00 on Sunday 2026-02-15 in Beijing (a holiday) …
    expect(defaultCalendar.isWorkingDay(new Date('2026-02-14T20:00:00Z'))).toBe(false);
    // … and 2026-02-13T17:00Z is 01:00 on the make-up Saturday 2026-02-14.
    expect(defaultCalendar.isWorkingDay(new Date('2026-02-13T17:00:00Z'))).toBe(true);
  });
});

describe('WorkingDayCalendar.addWorkingDays', () => {
  it('counts 10 working days from 2026-09-24 across Mid-Autumn and National Day', () => {
    // Working days after Thu 09-24: 09-28, 09-29, 09-30, 10-08, 10-09, 10-10 (make-up),
    // 10-12, 10-13, 10-14, 10-15.
    const deadline = defaultCalendar.addWorkingDays(cst('2026-09-24', '09:30:00'), 10);

    expect(deadline.toISOString()).toBe('2026-10-15T15:59:59.999Z');
  });

  it('does not count the start day, and ends at 23:59:59.999 CST of the n-th working day', () => {
    const fridayEvening = cst('2026-03-06', '23:00:00');

    expect(defaultCalendar.addWorkingDays(fridayEvening, 1).toISOString()).toBe('2026-03-09T15:59:59.999Z');
    expect(defaultCalendar.addWorkingDays(fridayEvening, 0).toISOString()).toBe('2026-03-06T15:59:59.999Z');
  });

  it('skips the whole Spring Festival and counts the make-up Saturday', () => {
    // From Fri 02-13: Sat 02-14 (make-up) is the first, then Tue 02-24 … after the holiday.
    expect(defaultCalendar.addWorkingDays(cst('2026-02-13'), 1).toISOString()).toBe(
      '2026-02-14T15:59:59.999Z',
    );
    expect(defaultCalendar.addWorkingDays(cst('2026-02-13'), 2).toISOString()).toBe(
      '2026-02-24T15:59:59.999Z',
    );
  });

  it('rejects a negative or fractional count', () => {
    expect(() => defaultCalendar.addWorkingDays(cst('2026-03-02'), -1)).toThrow(RangeError);
    expect(() => defaultCalendar.addWorkingDays(cst('2026-03-02'), 1.5)).toThrow(RangeError);
  });
});

describe('WorkingDayCalendar.workingDaysBetween', () => {
  it('is the inverse of addWorkingDays', () => {
    const start = cst('2026-09-24', '09:30:00');

    for (const n of [0, 1, 3, 10, 15, 40]) {
      expect(defaultCalendar.workingDaysBetween(start, defaultCalendar.addWorkingDays(start, n))).toBe(n);
    }
  });

  it('counts days after the start day up to and including the end day, negative backwards', () => {
    const start = cst('2026-09-30');
    const end = cst('2026-10-10');

    expect(defaultCalendar.workingDaysBetween(start, end)).toBe(3); // 10-08, 10-09, 10-10
    expect(defaultCalendar.workingDaysBetween(end, start)).toBe(-3);
    expect(defaultCalendar.workingDaysBetween(start, start)).toBe(0);
  });
});

describe('WorkingDayCalendar: a year with no data', () => {
  it('falls back to weekends only for 2027 and warns once for that year', () => {
    const { calendar, onMissingYear } = quietCalendar();

    const saturday = calendar.isWorkingDay(cst('2027-01-02'));
    const sunday = calendar.isWorkingDay(cst('2027-01-03'));
    const monday = calendar.isWorkingDay(cst('2027-01-04'));
    const deadline = calendar.addWorkingDays(cst('2027-01-01'), 1);

    expect([saturday, sunday, monday]).toEqual([false, false, true]);
    // 2027-01-01 is a Friday and no holiday is known, so the next working day is Monday.
    expect(deadline.toISOString()).toBe('2027-01-04T15:59:59.999Z');
    expect(onMissingYear).toHaveBeenCalledTimes(1);
    expect(onMissingYear).toHaveBeenCalledWith(expect.any(String), { year: 2027 });
  });

  it('does not warn for a year it has', () => {
    const { calendar, onMissingYear } = quietCalendar();

    calendar.addWorkingDays(cst('2026-01-05'), 200);

    expect(calendar.hasYear(2026)).toBe(true);
    expect(onMissingYear).not.toHaveBeenCalled();
  });

  it('warns through the shared logger when no warning sink is given', () => {
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const calendar = new WorkingDayCalendar([cn2026]);

    calendar.isWorkingDay(cst('2030-06-03'));
    calendar.isWorkingDay(cst('2030-06-04'));

    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(expect.any(String), { year: 2030 });
    warn.mockRestore();
  });
});

describe('WorkingDayCalendar: data validation', () => {
  it('refuses a holiday that ends before it starts', () => {
    const broken = { ...cn2026, holidays: [{ name: 'Backwards', from: '2026-05-05', to: '2026-05-01' }] };

    expect(() => new WorkingDayCalendar([broken])).toThrow();
  });
});
