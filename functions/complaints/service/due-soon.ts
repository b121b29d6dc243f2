import { mirroredCalendar } from '../../../shared/time/calendar-mirror.js';
import type { ComplaintStore } from '../store/complaint-store.js';
import type { ComplaintDeps } from './deps.js';

/** What the due-soon count reads: the byDue count and the calendar, nothing of a complaint. */
export interface DueSoonDeps {
  readonly store: Pick<ComplaintStore, 'dueBefore'>;
  readonly calendarMirror: ComplaintDeps['calendarMirror'];
  readonly clock: ComplaintDeps['clock'];
}

export interface DueSoonCount {
  /** Open complaints whose next deadline falls after now and by the end of the next working day. */
  readonly dueSoon: number;
  /** Open complaints whose next deadline has passed with its step not done. */
  readonly overdue: number;
  /** The end of the next working day (23:59:59.999 CST), as counted with the mirrored calendar. */
  readonly horizon: string;
  /** The horizon was counted over a year the calendar has no data for. */
  readonly provisional: boolean;
}

/**
 * Counts the open complaints due within one working day (docs/domain-rules.md, complaints:
 * metrics): the next pending deadline (`nextDueAt`) after now and no later than the end of the
 * next working day, with the working-day calendar the deadlines are counted with (holidays and
 * make-up days of the years an admin loaded). A Saturday's count reaches to the end of Monday,
 * a Friday's too: the same horizon as the SLA state's `dueWithinOneWorkingDay` (domain/sla.ts).
 * Those already past due are counted apart (`overdue`): they are breaches, not warnings.
 */
export async function countDueSoon(deps: DueSoonDeps): Promise<DueSoonCount> {
  const now = deps.clock.now();
  const calendar = await mirroredCalendar(deps.calendarMirror);
  const horizon = calendar.deadline(now, 1);
  const [overdue, byHorizon] = await Promise.all([
    deps.store.dueBefore(now.toISOString()),
    deps.store.dueBefore(horizon.at.toISOString()),
  ]);
  return {
    // A complaint may move between the two counts; a difference below zero is no complaint.
    dueSoon: Math.max(0, byHorizon - overdue),
    overdue,
    horizon: horizon.at.toISOString(),
    provisional: horizon.provisional,
  };
}
