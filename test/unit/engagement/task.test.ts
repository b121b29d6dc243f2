import { describe, expect, it } from 'vitest';
import { EngagementRuleError } from '../../../functions/engagement/domain/errors.js';
import { DEFAULT_ENGAGEMENT_SETTINGS } from '../../../functions/engagement/domain/settings.js';
import {
  addMonths,
  escalated,
  needsFollowUp,
  nextPeriodicVisit,
  recordAttempt,
  type Task,
  visitMonthsOf,
  workingDaysDue,
} from '../../../functions/engagement/domain/task.js';
import { WorkingDayCalendar } from '../../../shared/time/calendar.js';
import { builtInYears, defaultCalendar } from '../../../shared/time/calendars/built-in.js';

const open: Task = {
  taskId: 'rv-cmp_1',
  kind: 'complaint-return-visit',
  status: 'open',
  customerId: 'cus_1',
  branch: 'BJ01',
  complaintId: 'cmp_1',
  closedAt: '2026-03-02T06:00:00.000Z',
  openedAt: '2026-03-02T06:00:01.000Z',
  dueAt: '2026-03-05T15:59:59.999Z',
  dueProvisional: false,
  attempts: 0,
  version: 1,
};

const phone = { channel: 'phone' as const, followUpNeeded: false, hasNotes: false };
const ctx = (now: string, visitMaxAttempts = 3) => ({ now, by: 'agent-1', visitMaxAttempts });

describe('due dates in working days (Asia/Shanghai)', () => {
  it('skips the National Day holidays and counts the make-up Saturday', () => {
    // Wednesday 30 September 2026, 10:00 in Beijing; 1–7 October are holidays, Saturday 10 October works.
    const due = workingDaysDue(defaultCalendar, new Date('2026-09-30T02:00:00.000Z'), 3);

    expect(due).toEqual({ dueAt: '2026-10-10T15:59:59.999Z', provisional: false });
  });

  it('counts a make-up working day on a Saturday as a working day', () => {
    // Friday 13 February 2026; Saturday 14 February is a make-up working day before Spring Festival.
    expect(workingDaysDue(defaultCalendar, new Date('2026-02-13T02:00:00.000Z'), 1).dueAt).toBe(
      '2026-02-14T15:59:59.999Z',
    );
  });

  it('skips a weekend and counts from the day in Beijing, not the UTC day', () => {
    // Thursday 5 March 20:00 UTC is Friday 6 March 04:00 in Beijing: Monday, Tuesday, Wednesday.
    expect(workingDaysDue(defaultCalendar, new Date('2026-03-05T20:00:00.000Z'), 3).dueAt).toBe(
      '2026-03-11T15:59:59.999Z',
    );
    // The same instant one hour earlier in UTC is still Friday 6 March in Beijing.
    expect(workingDaysDue(defaultCalendar, new Date('2026-03-05T15:59:00.000Z'), 3).dueAt).toBe(
      '2026-03-10T15:59:59.999Z',
    );
  });

  it('is provisional over a year without data, and counts with a year an admin loaded', () => {
    const closed = new Date('2026-12-30T02:00:00.000Z');
    const weekendsOnly = workingDaysDue(defaultCalendar, closed, 3);
    const loaded = WorkingDayCalendar.withYears(
      builtInYears,
      new Map([
        [
          2027,
          {
            holidays: [{ name: 'New Year', from: '2027-01-01', to: '2027-01-03' }],
            makeUpWorkingDays: [],
          },
        ],
      ]),
      { onMissingYear: () => {} },
    );

    // Thursday 31 Dec, Friday 1 Jan, Monday 4 Jan without the 2027 notice; the holiday moves it.
    expect(weekendsOnly).toEqual({ dueAt: '2027-01-04T15:59:59.999Z', provisional: true });
    expect(workingDaysDue(loaded, closed, 3)).toEqual({
      dueAt: '2027-01-05T15:59:59.999Z',
      provisional: false,
    });
  });
});

describe('attempts', () => {
  it('completes the task when the customer is reached, with the answers of that attempt', () => {
    const result = recordAttempt(
      open,
      { ...phone, reached: true, resolved: true, csat: 4, hasNotes: true },
      ctx('2026-03-03T02:00:00.000Z'),
    );

    expect(result.completed).toBe(true);
    expect(result.task).toMatchObject({
      status: 'done',
      attempts: 1,
      completedAt: '2026-03-03T02:00:00.000Z',
      outcome: { reached: true, resolved: true, csat: 4, followUpNeeded: false },
      version: 2,
    });
    expect(result.attempt).toMatchObject({ n: 1, by: 'agent-1', channel: 'phone', hasNotes: true });
  });

  it('stays open after failed attempts and is done at the configured number of attempts', () => {
    const first = recordAttempt(open, { ...phone, reached: false }, ctx('2026-03-03T02:00:00.000Z'));
    const second = recordAttempt(first.task, { ...phone, reached: false }, ctx('2026-03-03T03:00:00.000Z'));
    const third = recordAttempt(second.task, { ...phone, reached: false }, ctx('2026-03-03T04:00:00.000Z'));

    expect([first.completed, second.completed, third.completed]).toEqual([false, false, true]);
    expect(second.task).toMatchObject({ status: 'open', attempts: 2, version: 3 });
    expect(third.task).toMatchObject({ status: 'done', attempts: 3, outcome: { reached: false } });
  });

  it('is done after one failed attempt when one is configured', () => {
    expect(
      recordAttempt(open, { ...phone, reached: false }, ctx('2026-03-03T02:00:00.000Z', 1)).completed,
    ).toBe(true);
  });

  it('keeps counting attempts on an escalated task, and refuses any on a done one', () => {
    const late = { ...open, status: 'escalated' as const, escalatedAt: '2026-03-06T00:00:00.000Z' };
    const done = recordAttempt(late, { ...phone, reached: true }, ctx('2026-03-06T01:00:00.000Z'));

    expect(done.task.status).toBe('done');
    expect(() =>
      recordAttempt(done.task, { ...phone, reached: true }, ctx('2026-03-06T02:00:00.000Z')),
    ).toThrow(EngagementRuleError);
  });
});

describe('escalation', () => {
  it('escalates an open task once its due time has passed, once', () => {
    const before = escalated(open, '2026-03-05T15:59:59.998Z');
    const at = escalated(open, '2026-03-05T15:59:59.999Z');

    expect(before).toBeUndefined();
    expect(at).toMatchObject({ status: 'escalated', escalatedAt: '2026-03-05T15:59:59.999Z', version: 2 });
    expect(at === undefined ? 'none' : escalated(at, '2026-03-07T00:00:00.000Z')).toBeUndefined();
    expect(escalated({ ...open, status: 'done' }, '2026-03-07T00:00:00.000Z')).toBeUndefined();
  });
});

describe('follow-ups and periodic visits', () => {
  it('opens a follow-up for a CSAT at or below the threshold, or an unresolved answer', () => {
    const settings = DEFAULT_ENGAGEMENT_SETTINGS;

    expect(needsFollowUp({ csat: 2, unresolved: false }, settings)).toBe(true);
    expect(needsFollowUp({ csat: 3, unresolved: false }, settings)).toBe(false);
    expect(needsFollowUp({ csat: 5, unresolved: true }, settings)).toBe(true);
    expect(needsFollowUp({ csat: 3, unresolved: false }, { followUpCsatAtOrBelow: 3 })).toBe(true);
  });

  it('plans vip monthly, premium quarterly, standard half-yearly and no other grade', () => {
    const months = (grade: string) => visitMonthsOf(grade, DEFAULT_ENGAGEMENT_SETTINGS);

    expect([months('vip'), months('premium'), months('standard'), months('dormant')]).toEqual([1, 3, 6, 0]);
    expect(visitMonthsOf('vip', { periodicVisitMonths: { vip: 0, premium: 3, standard: 6 } })).toBe(0);
  });

  it('moves by calendar months in Beijing, the last day of a shorter month standing in', () => {
    expect(addMonths('2027-01-31T02:00:00.000Z', 1)).toBe('2027-02-28T02:00:00.000Z');
    // 31 March 23:00 UTC is 1 April in Beijing: one month later is 1 May in Beijing.
    expect(addMonths('2026-03-31T23:00:00.000Z', 1)).toBe('2026-04-30T23:00:00.000Z');
    expect(addMonths('2026-08-15T02:00:00.000Z', 6)).toBe('2027-02-15T02:00:00.000Z');
  });

  it('plans the next visit from the last one opened, else from the grading, never in the past', () => {
    const now = '2026-06-01T00:00:00.000Z';

    expect(nextPeriodicVisit(3, { gradedAt: '2026-05-20T00:00:00.000Z' }, now)).toBe(
      '2026-08-20T00:00:00.000Z',
    );
    expect(
      nextPeriodicVisit(
        1,
        { lastOpenedAt: '2026-05-25T00:00:00.000Z', gradedAt: '2026-05-31T00:00:00.000Z' },
        now,
      ),
    ).toBe('2026-06-25T00:00:00.000Z');
    expect(nextPeriodicVisit(1, { lastOpenedAt: '2026-01-10T00:00:00.000Z', gradedAt: now }, now)).toBe(now);
    expect(nextPeriodicVisit(0, { gradedAt: now }, now)).toBeUndefined();
  });
});
