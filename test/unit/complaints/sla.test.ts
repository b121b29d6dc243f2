import { describe, expect, it } from 'vitest';
import { complaintDeadlines, deadlineOf } from '../../../functions/complaints/domain/deadlines.js';
import type {
  ClockFacts,
  ComplaintDeadline,
  DeadlineKind,
} from '../../../functions/complaints/domain/model.js';
import { DEFAULT_COMPLAINT_SETTINGS } from '../../../functions/complaints/domain/settings.js';
import { dueWithinOneWorkingDay, slaState, slaStates } from '../../../functions/complaints/domain/sla.js';
import { WorkingDayCalendar } from '../../../shared/time/calendar.js';
import { builtInYears } from '../../../shared/time/calendars/built-in.js';

// The real calendar. 2026 facts used here: Spring Festival holiday 02-15 … 02-23 with the
// make-up Saturday 02-14; National Day 10-01 … 10-07; 03-14/03-15 an ordinary weekend.
const calendar = new WorkingDayCalendar(builtInYears, { onMissingYear: () => undefined });

const cst = (date: string, time = '10:00:00'): Date => new Date(`${date}T${time}+08:00`);
const iso = (date: string, time = '10:00:00'): string => cst(date, time).toISOString();

function clockOf(receivedAt: Date, facts: Partial<ClockFacts> = {}): ClockFacts {
  return { receivedAt: receivedAt.toISOString(), pauses: [], approvedExtensions: [], ...facts };
}

function deadlineFor(clock: ClockFacts, kind: DeadlineKind): ComplaintDeadline {
  const found = deadlineOf(complaintDeadlines(calendar, DEFAULT_COMPLAINT_SETTINGS, clock, new Date()), kind);
  if (found === undefined) throw new Error(`no ${kind} deadline`);
  return found;
}

describe('SLA state: pending, with the time left', () => {
  it('counts calendar hours to the acknowledgement, across a weekend', () => {
    // Prepare: received Friday 2026-03-13 23:30, due Saturday 23:30.
    const acknowledge = deadlineFor(clockOf(cst('2026-03-13', '23:30:00')), 'acknowledge');

    // Act
    const state = slaState(acknowledge, undefined, cst('2026-03-14', '00:00:00'), calendar, false);

    // Assess: 23.5 hours left; due before the end of Monday 03-16, the next working day.
    expect(state).toEqual({
      kind: 'acknowledge',
      due: acknowledge.due,
      state: 'pending',
      timeLeft: { unit: 'hours', value: 23.5 },
      dueWithinOneWorkingDay: true,
    });
  });

  it('rounds hours down to a tenth', () => {
    const acknowledge = deadlineFor(clockOf(cst('2026-03-13', '23:30:00')), 'acknowledge');

    // 23:30 due, 23:04 now: 26 minutes are 0.43 hours.
    const state = slaState(acknowledge, undefined, cst('2026-03-14', '23:04:00'), calendar, false);

    expect(state).toMatchObject({ state: 'pending', timeLeft: { unit: 'hours', value: 0.4 } });
  });

  it('counts working days to the initial handling over the Spring Festival', () => {
    // Prepare: received Friday 02-13, due the end of Wednesday 02-25 (02-14 make-up, 02-24, 02-25).
    const initial = deadlineFor(clockOf(cst('2026-02-13')), 'initial-handling');

    // Act
    const onReceipt = slaState(initial, undefined, cst('2026-02-13', '12:00:00'), calendar, false);
    const onMakeUpSaturday = slaState(initial, undefined, cst('2026-02-14'), calendar, false);
    const afterHoliday = slaState(initial, undefined, cst('2026-02-24'), calendar, false);
    const onDueDay = slaState(initial, undefined, cst('2026-02-25', '18:00:00'), calendar, false);

    // Assess
    expect(onReceipt).toMatchObject({
      timeLeft: { unit: 'working-days', value: 3 },
      dueWithinOneWorkingDay: false,
    });
    // From the make-up Saturday the next working day is Tuesday 02-24: the 25th is two away.
    expect(onMakeUpSaturday).toMatchObject({ timeLeft: { value: 2 }, dueWithinOneWorkingDay: false });
    expect(afterHoliday).toMatchObject({ timeLeft: { value: 1 }, dueWithinOneWorkingDay: true });
    expect(onDueDay).toMatchObject({
      state: 'pending',
      timeLeft: { value: 0 },
      dueWithinOneWorkingDay: true,
    });
  });

  it('finds a decision due right after National Day due within one working day on 09-30', () => {
    // Prepare: received Wednesday 09-16, decision rolled from 10-01 to the end of Thursday 10-08.
    const decision = deadlineFor(clockOf(cst('2026-09-16')), 'decision');

    // Act: on Wednesday 09-30 the next working day is 10-08, eight calendar days away.
    const state = slaState(decision, undefined, cst('2026-09-30'), calendar, false);

    // Assess
    expect(state).toMatchObject({
      state: 'pending',
      timeLeft: { unit: 'working-days', value: 1 },
      dueWithinOneWorkingDay: true,
    });
  });
});

describe('SLA state: met, breached, paused, ended', () => {
  const clock = clockOf(cst('2026-03-02'));
  // Acknowledge by Tuesday 03-03 10:00; decision by the end of Tuesday 03-17.
  const acknowledge = deadlineFor(clock, 'acknowledge');
  const decision = deadlineFor(clock, 'decision');
  const later = cst('2026-04-20');

  it('is met when the step was done on or before the deadline, to the millisecond', () => {
    expect(slaState(acknowledge, iso('2026-03-03', '09:00:00'), later, calendar, false)).toEqual({
      kind: 'acknowledge',
      due: acknowledge.due,
      state: 'met',
      metAt: iso('2026-03-03', '09:00:00'),
    });
    expect(slaState(acknowledge, acknowledge.due, later, calendar, false).state).toBe('met');
  });

  it('is breached when done late, or not done and past due', () => {
    const late = new Date(Date.parse(acknowledge.due) + 1).toISOString();

    expect(slaState(acknowledge, late, later, calendar, false)).toEqual({
      kind: 'acknowledge',
      due: acknowledge.due,
      state: 'breached',
      metAt: late,
    });
    expect(slaState(decision, undefined, cst('2026-03-18', '00:00:00'), calendar, false)).toEqual({
      kind: 'decision',
      due: decision.due,
      state: 'breached',
    });
    // The last millisecond of the due day is still in time.
    expect(slaState(decision, undefined, new Date(decision.due), calendar, false).state).toBe('pending');
  });

  it('is paused for the decision and its cap only, while the decision clock is stopped', () => {
    const now = cst('2026-03-05');
    const cap = deadlineFor(clock, 'decision-cap');

    expect(slaState(decision, undefined, now, calendar, true)).toEqual({
      kind: 'decision',
      due: decision.due,
      state: 'paused',
    });
    expect(slaState(cap, undefined, now, calendar, true).state).toBe('paused');
    // Acknowledgement (not yet done) keeps running.
    expect(slaState(acknowledge, undefined, cst('2026-03-02', '12:00:00'), calendar, true).state).toBe(
      'pending',
    );
  });

  it('stays breached when paused after the deadline had already passed', () => {
    expect(slaState(decision, undefined, cst('2026-03-20'), calendar, true).state).toBe('breached');
  });

  it('never counts an unused review window as a breach: it has ended', () => {
    // Prepare: decided Tuesday 03-10, a review may be asked until the end of Thursday 04-09.
    const window = deadlineFor(
      clockOf(cst('2026-03-02'), { decidedAt: iso('2026-03-10') }),
      'review-request',
    );

    // Act / Assess
    expect(slaState(window, undefined, cst('2026-04-10'), calendar, false)).toEqual({
      kind: 'review-request',
      due: window.due,
      state: 'ended',
    });
    expect(slaState(window, iso('2026-04-01'), cst('2026-04-10'), calendar, false).state).toBe('met');
    // A request recorded after the window is not the bank's breach either.
    expect(slaState(window, iso('2026-04-12'), cst('2026-04-13'), calendar, false).state).toBe('ended');
    expect(slaState(window, undefined, cst('2026-04-01'), calendar, false)).toMatchObject({
      state: 'pending',
      timeLeft: { unit: 'working-days' },
    });
  });
});

describe('SLA states of a complaint', () => {
  it('pair each deadline with its step and the pause of the clock', () => {
    // Prepare: received Monday 03-02, acknowledged in time, initial handling late (due the end
    // of Thursday 03-05, done Friday 03-06), paused since Monday 03-09.
    const clock = clockOf(cst('2026-03-02'), {
      acknowledgedAt: iso('2026-03-02', '15:00:00'),
      initialHandlingAt: iso('2026-03-06'),
      pauses: [{ from: iso('2026-03-09'), reason: 'external-appraisal' }],
    });
    const now = cst('2026-03-10');

    // Act
    const states = slaStates(
      complaintDeadlines(calendar, DEFAULT_COMPLAINT_SETTINGS, clock, now),
      clock,
      now,
      calendar,
    );

    // Assess
    expect(states.map(({ kind, state }) => [kind, state])).toEqual([
      ['acknowledge', 'met'],
      ['initial-handling', 'breached'],
      ['decision', 'paused'],
      ['decision-cap', 'paused'],
    ]);
  });
});

describe('due within one working day', () => {
  it('reaches to the end of the next working day, over weekends and holidays', () => {
    // From Friday 03-13 the next working day is Monday 03-16.
    expect(dueWithinOneWorkingDay(cst('2026-03-16', '23:59:59.999'), cst('2026-03-13'), calendar)).toBe(true);
    expect(dueWithinOneWorkingDay(cst('2026-03-17', '00:00:00'), cst('2026-03-13'), calendar)).toBe(false);
    // From Saturday 02-14 (make-up) the next working day is Tuesday 02-24, after the holiday.
    expect(dueWithinOneWorkingDay(cst('2026-02-24', '12:00:00'), cst('2026-02-14'), calendar)).toBe(true);
  });
});
