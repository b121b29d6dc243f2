import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CHECK_FROM } from '../../../functions/calendars/domain/check-window.js';
import { WorkingCalendarChanged } from '../../../functions/calendars/events.js';
import {
  changedSections,
  getCalendarYear,
  putCalendarYear,
} from '../../../functions/calendars/service/calendar-years.js';
import type { CalendarsDeps } from '../../../functions/calendars/service/deps.js';
import { checkNextYear } from '../../../functions/calendars/service/next-year-check.js';
import { verifyChain } from '../../../shared/audit/index.js';
import { parseEventDetail } from '../../../shared/events/index.js';
import { NotFoundError, PreconditionFailedError, ValidationError } from '../../../shared/http/problem.js';
import { builtInYears } from '../../../shared/time/calendars/built-in.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { InMemoryCalendarStore, year2027 } from './fake-calendar-store.js';

const ADMIN = { sub: 'admin-1', role: 'admin', requestId: 'req-1' };

describe('one year of the working-day calendar', () => {
  let store: InMemoryCalendarStore;
  let clock: ControlledClock;
  let deps: CalendarsDeps;

  beforeEach(() => {
    store = new InMemoryCalendarStore();
    clock = new ControlledClock(new Date('2026-12-04T02:00:00.000Z'));
    deps = { store, builtIn: builtInYears, checkFrom: DEFAULT_CHECK_FROM, clock };
  });

  it('shows a built-in year as version 0, and a year with no data as calendar-year-missing', async () => {
    // Act
    const built = await getCalendarYear(deps, 2026);
    const missing = await getCalendarYear(deps, 2027).catch((error: unknown) => error);

    // Assess
    expect(built).toEqual({ year: 2026, source: 'built-in', version: 0, ...builtInYears.get(2026) });
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as NotFoundError).code).toBe('calendar-year-missing');
  });

  it('loads a year from version 0 as version 1, audited and announced, and shows it as loaded', async () => {
    // Act
    const saved = await putCalendarYear(deps, 2027, 0, year2027(), ADMIN);
    const read = await getCalendarYear(deps, 2027);

    // Assess
    expect(saved).toEqual({
      year: 2027,
      source: 'loaded',
      version: 1,
      ...year2027(),
      updatedAt: '2026-12-04T02:00:00.000Z',
      updatedBy: 'admin-1',
    });
    expect(read).toEqual(saved);
    expect(store.audit).toMatchObject([
      {
        subject: 'calendar#2027',
        seq: 1,
        action: 'calendar.updated',
        actor: 'admin-1',
        role: 'admin',
        fields: ['holidays', 'makeUpWorkingDays'],
        requestId: 'req-1',
      },
    ]);
    const [event] = store.events;
    expect(event?.detailType).toBe('WorkingCalendarChanged');
    expect(parseEventDetail(WorkingCalendarChanged, event?.detail)).toMatchObject({
      year: 2027,
      version: 1,
      ...year2027(),
    });
  });

  it('replaces a built-in year from version 0 and names only the sections that differ', async () => {
    // Prepare: 2026 as built in, with one more make-up day.
    const builtIn = builtInYears.get(2026);
    if (builtIn === undefined) throw new Error('2026 is built in');
    const amended = { ...builtIn, makeUpWorkingDays: [...builtIn.makeUpWorkingDays, '2026-12-26'] };

    // Act
    const saved = await putCalendarYear(deps, 2026, 0, amended, ADMIN);

    // Assess
    expect(saved).toMatchObject({ source: 'loaded', version: 1 });
    expect(store.audit[0]?.fields).toEqual(['makeUpWorkingDays']);
  });

  it('chains one audit record per version, and writes nothing for a body equal to the loaded version', async () => {
    // Prepare
    await putCalendarYear(deps, 2027, 0, year2027(), ADMIN);
    const corrected = { ...year2027(), makeUpWorkingDays: ['2027-02-20', '2027-10-09'] };

    // Act
    const second = await putCalendarYear(deps, 2027, 1, corrected, ADMIN);
    const before = store.snapshot();
    // The same days in another order: the same year.
    const again = await putCalendarYear(
      deps,
      2027,
      2,
      { ...corrected, holidays: [...corrected.holidays].reverse() },
      ADMIN,
    );

    // Assess
    expect(second.version).toBe(2);
    expect(again).toEqual(second);
    expect(store.snapshot()).toBe(before);
    expect(store.audit.map((record) => [record.seq, record.fields])).toEqual([
      [1, ['holidays', 'makeUpWorkingDays']],
      [2, ['makeUpWorkingDays']],
    ]);
    expect(verifyChain(store.audit, { head: store.pointers.get(2027)?.audit })).toEqual({
      valid: true,
      length: 2,
    });
  });

  it('keeps holidays by first day and make-up days in date order', async () => {
    // Prepare
    const shuffled = {
      holidays: [...year2027().holidays].reverse(),
      makeUpWorkingDays: [...year2027().makeUpWorkingDays].reverse(),
    };

    // Act
    const saved = await putCalendarYear(deps, 2027, 0, shuffled, ADMIN);

    // Assess
    expect(saved).toMatchObject(year2027());
  });

  it('refuses a stale or a future If-Match with 412 stale-version, and writes nothing', async () => {
    // Prepare
    await putCalendarYear(deps, 2027, 0, year2027(), ADMIN);
    const before = store.snapshot();

    // Act
    const stale = await putCalendarYear(deps, 2027, 0, year2027(), ADMIN).catch((error: unknown) => error);
    const future = await putCalendarYear(deps, 2027, 5, year2027(), ADMIN).catch((error: unknown) => error);

    // Assess
    for (const error of [stale, future]) {
      expect(error).toBeInstanceOf(PreconditionFailedError);
      expect((error as PreconditionFailedError).code).toBe('stale-version');
    }
    expect(store.snapshot()).toBe(before);
  });

  it('answers 412 when another admin saved between the read and the write', async () => {
    // Prepare
    store.loseNextSave = true;

    // Act
    const lost = await putCalendarYear(deps, 2027, 0, year2027(), ADMIN).catch((error: unknown) => error);

    // Assess
    expect(lost).toBeInstanceOf(PreconditionFailedError);
  });

  it('refuses data of another year, and bad data, with 422 naming the fields, and writes nothing', async () => {
    // Prepare: 2027's data PUT for 2028.
    const overlapping = {
      holidays: [
        { name: 'A', from: '2027-05-01', to: '2027-05-05' },
        { name: 'B', from: '2027-05-05', to: '2027-05-06' },
      ],
      makeUpWorkingDays: ['2027-05-03'],
    };

    // Act
    const wrongYear = await putCalendarYear(deps, 2028, 0, year2027(), ADMIN).catch(
      (error: unknown) => error,
    );
    const bad = await putCalendarYear(deps, 2027, 0, overlapping, ADMIN).catch((error: unknown) => error);

    // Assess
    expect(wrongYear).toBeInstanceOf(ValidationError);
    expect((wrongYear as ValidationError).errors).toContainEqual({
      path: 'holidays.0.from',
      message: 'from must fall in 2028',
    });
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).errors?.map((error) => error.path)).toEqual(
      expect.arrayContaining(['holidays.1', 'makeUpWorkingDays.0']),
    );
    expect(store.saves).toBe(0);
  });

  it('names every section for a year that had no data at all', () => {
    // Act and assess
    expect(changedSections(undefined, year2027())).toEqual(['holidays', 'makeUpWorkingDays']);
    expect(changedSections(year2027(), year2027())).toEqual([]);
  });
});

describe('the daily check of next year', () => {
  it('finds next year missing from 1 December until it is loaded, and says nothing before', async () => {
    // Prepare
    const store = new InMemoryCalendarStore();
    const clock = new ControlledClock(new Date('2026-11-30T01:00:00.000Z'));
    const deps: CalendarsDeps = { store, builtIn: builtInYears, checkFrom: DEFAULT_CHECK_FROM, clock };

    // Act
    const november = await checkNextYear(deps);
    clock.set(new Date('2026-12-01T01:00:00.000Z'));
    const december = await checkNextYear(deps);
    await putCalendarYear(deps, 2027, 0, year2027(), ADMIN);
    const loaded = await checkNextYear(deps);

    // Assess
    expect(november).toEqual({ checked: false });
    expect(december).toEqual({ checked: true, year: 2027, missing: true });
    expect(loaded).toEqual({ checked: true, year: 2027, missing: false });
  });

  it('counts a built-in next year as present', async () => {
    // Prepare: December 2025, 2026 is built in.
    const deps: CalendarsDeps = {
      store: new InMemoryCalendarStore(),
      builtIn: builtInYears,
      checkFrom: DEFAULT_CHECK_FROM,
      clock: new ControlledClock(new Date('2025-12-10T01:00:00.000Z')),
    };

    // Act and assess
    expect(await checkNextYear(deps)).toEqual({ checked: true, year: 2026, missing: false });
  });
});
