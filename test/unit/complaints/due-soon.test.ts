import { describe, expect, it } from 'vitest';
import { countDueSoon } from '../../../functions/complaints/service/due-soon.js';
import type { CalendarMirrorStore, MirroredYear } from '../../../shared/time/calendar-mirror.js';
import { ControlledClock } from '../../../shared/time/clock.js';

/** The byDue index as a list of `nextDueAt`: a count of those at or before an instant. */
function dueIndex(nextDueAts: readonly string[]) {
  return {
    async dueBefore(instant: string): Promise<number> {
      return nextDueAts.filter((due) => due <= instant).length;
    },
  };
}

function mirror(years: readonly MirroredYear[] = []): CalendarMirrorStore {
  return {
    put: async () => 'unchanged',
    years: async () => years,
  };
}

describe('the count of open complaints due within one working day', () => {
  it('counts those due after now and by the end of the next working day, and those past due apart', async () => {
    // Friday 6 March 2026, 10:00 in Beijing: the next working day is Monday 9 March.
    const clock = new ControlledClock(new Date('2026-03-06T02:00:00.000Z'));
    const store = dueIndex([
      '2026-03-06T01:00:00.000Z', // past due
      '2026-03-06T12:00:00.000Z', // tonight
      '2026-03-09T15:59:59.999Z', // the end of Monday
      '2026-03-09T16:00:00.000Z', // Tuesday 00:00 in Beijing
      '2026-03-12T15:59:59.999Z',
    ]);

    // Act
    const result = await countDueSoon({ store, calendarMirror: mirror(), clock });

    // Assess
    expect(result).toEqual({
      dueSoon: 2,
      overdue: 1,
      horizon: '2026-03-09T15:59:59.999Z',
      provisional: false,
    });
  });

  it('counts with the working-day calendar: a make-up Saturday before the Spring Festival is the next working day', async () => {
    // Friday 13 February 2026, 10:00; Saturday 14 February is a make-up working day, then the holiday.
    const clock = new ControlledClock(new Date('2026-02-13T02:00:00.000Z'));
    const store = dueIndex(['2026-02-14T15:00:00.000Z', '2026-02-16T15:59:59.999Z']);

    // Act
    const result = await countDueSoon({ store, calendarMirror: mirror(), clock });

    // Assess
    expect(result.horizon).toBe('2026-02-14T15:59:59.999Z');
    expect(result.dueSoon).toBe(1);
  });

  it('counts with the years an admin loaded, which replace the built-in ones', async () => {
    // A 2026 loaded without the make-up Saturday: the next working day is Monday 16 February.
    const loaded: MirroredYear = { year: 2026, version: 2, data: { holidays: [], makeUpWorkingDays: [] } };
    const clock = new ControlledClock(new Date('2026-02-13T02:00:00.000Z'));
    const store = dueIndex(['2026-02-14T15:00:00.000Z', '2026-02-16T15:59:59.999Z']);

    // Act
    const result = await countDueSoon({ store, calendarMirror: mirror([loaded]), clock });

    // Assess
    expect(result.horizon).toBe('2026-02-16T15:59:59.999Z');
    expect(result.dueSoon).toBe(2);
  });
});
