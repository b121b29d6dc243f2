import type { WorkingDayCalendar } from '../../../shared/time/calendar.js';
import { DECISION_CLOCK, deadlineMetAt, isPaused } from './deadlines.js';
import type { ClockFacts, ComplaintDeadline, DeadlineKind } from './model.js';

/**
 * Time left to a pending deadline: calendar hours for the acknowledgement (a limit in hours,
 * rounded down to a tenth), working days for the rest (working days after today up to and
 * including the due day, so 0 on the due day itself).
 */
export type TimeLeft =
  | { readonly unit: 'hours'; readonly value: number }
  | { readonly unit: 'working-days'; readonly value: number };

/**
 * Where one deadline stands (docs/domain-rules.md, complaints: SLA state).
 * - `met`: done on or before the deadline.
 * - `breached`: done late, or not done and past due.
 * - `paused`: the decision clock is stopped (the decision and its cap move while it lasts).
 * - `ended`: the review window closed without a request, which is no breach.
 * - `pending`: not yet due, with the time left and whether it falls due within one working day.
 */
export type SlaState = { readonly kind: DeadlineKind; readonly due: string } & (
  | { readonly state: 'met'; readonly metAt: string }
  | { readonly state: 'breached'; readonly metAt?: string }
  | { readonly state: 'paused' }
  | { readonly state: 'ended' }
  | { readonly state: 'pending'; readonly timeLeft: TimeLeft; readonly dueWithinOneWorkingDay: boolean }
);

const MS_PER_HOUR = 3_600_000;

/**
 * Whether `due` falls at or before the end of the next working day after `now`'s CST day: the
 * complaints counted as due soon (metric ComplaintsDueSoon) and flagged in the SLA state.
 */
export function dueWithinOneWorkingDay(due: Date, now: Date, calendar: WorkingDayCalendar): boolean {
  return due.getTime() <= calendar.deadline(now, 1).at.getTime();
}

/**
 * The state of `deadline` at `now`, given when the step that meets it was done (`metAt`, see
 * `deadlineMetAt`) and whether the decision clock is paused. A review request is never a breach
 * of the bank's: past its window, with or without a late request, the window has `ended`.
 * @example slaState(acknowledge, undefined, now, calendar, false) // { state: 'pending', timeLeft: { unit: 'hours', value: 23.5 }, … }
 */
export function slaState(
  deadline: ComplaintDeadline,
  metAt: string | undefined,
  now: Date,
  calendar: WorkingDayCalendar,
  paused: boolean,
): SlaState {
  const { kind } = deadline;
  const due = new Date(deadline.due);
  const windowOnly = kind === 'review-request';
  if (metAt !== undefined) {
    if (Date.parse(metAt) <= due.getTime()) return { kind, due: deadline.due, state: 'met', metAt };
    return windowOnly
      ? { kind, due: deadline.due, state: 'ended' }
      : { kind, due: deadline.due, state: 'breached', metAt };
  }
  if (now.getTime() > due.getTime()) {
    return { kind, due: deadline.due, state: windowOnly ? 'ended' : 'breached' };
  }
  if (paused && DECISION_CLOCK.has(kind)) return { kind, due: deadline.due, state: 'paused' };
  const timeLeft: TimeLeft =
    kind === 'acknowledge'
      ? { unit: 'hours', value: Math.floor(((due.getTime() - now.getTime()) / MS_PER_HOUR) * 10) / 10 }
      : { unit: 'working-days', value: calendar.workingDaysBetween(now, due) };
  return {
    kind,
    due: deadline.due,
    state: 'pending',
    timeLeft,
    dueWithinOneWorkingDay: dueWithinOneWorkingDay(due, now, calendar),
  };
}

/** The state of every deadline of a complaint, each met by its step of `clock`. */
export function slaStates(
  deadlines: readonly ComplaintDeadline[],
  clock: ClockFacts,
  now: Date,
  calendar: WorkingDayCalendar,
): SlaState[] {
  const paused = isPaused(clock);
  return deadlines.map((deadline) =>
    slaState(deadline, deadlineMetAt(deadline.kind, clock), now, calendar, paused),
  );
}
