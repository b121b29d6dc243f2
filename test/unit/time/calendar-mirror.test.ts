import { describe, expect, it } from 'vitest';
import {
  applyMirroredYear,
  type CalendarMirrorStore,
  InvalidMirroredYearError,
  type MirroredYear,
  type MirrorOutcome,
  mirroredCalendar,
} from '../../../shared/time/calendar-mirror.js';

/** The port's contract in memory: the newest version of each year wins. */
class InMemoryMirror implements CalendarMirrorStore {
  readonly byYear = new Map<number, MirroredYear>();
  async put(year: MirroredYear): Promise<MirrorOutcome> {
    const held = this.byYear.get(year.year);
    if (held !== undefined && held.version >= year.version) return 'unchanged';
    this.byYear.set(year.year, year);
    return 'applied';
  }
  async years(): Promise<readonly MirroredYear[]> {
    return [...this.byYear.values()];
  }
}

/** 2027 shaped like a real notice (dates illustrative). */
const v1 = {
  year: 2027,
  version: 1,
  holidays: [
    { name: "New Year's Day", from: '2027-01-01', to: '2027-01-03' },
    { name: '春节', from: '2027-02-06', to: '2027-02-13' },
  ],
  makeUpWorkingDays: ['2027-02-20'],
};
/** A corrected notice: Spring Festival one day longer. */
const v2 = {
  ...v1,
  version: 2,
  holidays: [
    { name: "New Year's Day", from: '2027-01-01', to: '2027-01-03' },
    { name: '春节', from: '2027-02-06', to: '2027-02-14' },
  ],
};

describe('the calendar mirror', () => {
  it('applies a year, and a redelivery changes nothing', async () => {
    // Prepare
    const mirror = new InMemoryMirror();

    // Act
    const first = await applyMirroredYear(mirror, v1);
    const again = await applyMirroredYear(mirror, v1);

    // Assess
    expect([first, again]).toEqual(['applied', 'unchanged']);
    expect(mirror.byYear.get(2027)).toEqual({
      year: 2027,
      version: 1,
      data: { holidays: v1.holidays, makeUpWorkingDays: v1.makeUpWorkingDays },
    });
  });

  it('keeps the newest version whatever order the versions arrive in', async () => {
    // Prepare
    const inOrder = new InMemoryMirror();
    const reversed = new InMemoryMirror();

    // Act
    await applyMirroredYear(inOrder, v1);
    await applyMirroredYear(inOrder, v2);
    await applyMirroredYear(reversed, v2);
    const late = await applyMirroredYear(reversed, v1);

    // Assess
    expect(late).toBe('unchanged');
    expect(inOrder.byYear.get(2027)?.version).toBe(2);
    expect(reversed.byYear.get(2027)).toEqual(inOrder.byYear.get(2027));
  });

  it('refuses a year that breaks the calendar’s rules, naming paths and never values, and stores nothing', async () => {
    // Prepare
    const mirror = new InMemoryMirror();
    const overlapping = {
      ...v1,
      holidays: [...v1.holidays, { name: 'Secret 13800138000', from: '2027-02-10', to: '2027-02-11' }],
    };

    // Act
    const errors = await Promise.all(
      [
        overlapping,
        { ...v1, year: 2028 },
        { ...v1, version: 0 },
        { ...v1, makeUpWorkingDays: ['2027-02-22'] },
      ].map((input) => applyMirroredYear(mirror, input).catch((error: unknown) => error)),
    );

    // Assess
    for (const error of errors) expect(error).toBeInstanceOf(InvalidMirroredYearError);
    const paths = errors.map((error) =>
      (error as InvalidMirroredYearError).issues.map((issue) => issue.path),
    );
    expect(paths[0]).toEqual(['holidays.2']);
    expect(paths[1]).toContain('holidays.0.from');
    expect(paths[2]).toEqual(['version']);
    expect(paths[3]).toEqual(['makeUpWorkingDays.0']);
    expect(JSON.stringify(errors.map((error) => (error as Error).message))).not.toContain('13800138000');
    expect(mirror.byYear.size).toBe(0);
  });

  it('counts deadlines with the built-in years plus the mirrored ones, and no longer provisionally', async () => {
    // Prepare: a Thursday before New Year; the 6th working day falls in 2027.
    const mirror = new InMemoryMirror();
    const start = new Date('2026-12-24T02:00:00.000Z');
    const quiet = { onMissingYear: () => undefined };

    // Act
    const before = (await mirroredCalendar(mirror, quiet)).deadline(start, 6);
    await applyMirroredYear(mirror, v1);
    const after = (await mirroredCalendar(mirror, quiet)).deadline(start, 6);

    // Assess: without 2027, Friday 01-01 counts as a working day; with it, the holiday runs to
    // Sunday 01-03 and the 6th working day is Monday 01-04.
    expect(before).toEqual({
      at: new Date('2027-01-01T15:59:59.999Z'),
      provisional: true,
      missingYears: [2027],
    });
    expect(after).toEqual({ at: new Date('2027-01-04T15:59:59.999Z'), provisional: false, missingYears: [] });
  });
});
