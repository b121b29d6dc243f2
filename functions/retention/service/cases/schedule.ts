import type { WorkingDayCalendar } from '../../../../shared/time/calendar.js';
import { cstDayOf, isoDateOfDay } from '../../../../shared/time/civil-day.js';
import type { CaseStep } from '../../workflows/retention-case.js';
import type { RetentionCase } from '../ports.js';

/**
 * A case's clock (docs/domain-rules.md §20.5): the RM's outreach is due by the end (23:59:59.999
 * CST) of the Nth working day after the alert's CST day, counted with the working-day calendar
 * (built-in years plus the years an admin loaded), and the window ends N calendar days after
 * the alert, to the millisecond.
 */
export function caseClock(
  calendar: WorkingDayCalendar,
  alertAt: Date,
  settings: { readonly outreachWorkingDays: number; readonly windowDays: number },
): { readonly outreachDueAt: string; readonly windowEndsAt: string } {
  return {
    outreachDueAt: calendar.deadline(alertAt, settings.outreachWorkingDays).at.toISOString(),
    windowEndsAt: new Date(alertAt.getTime() + settings.windowDays * 86_400_000).toISOString(),
  };
}

/**
 * Seconds a step waits before its timeout fires: the outreach until it is due, the escalated
 * outreach and the monitoring until the window ends. At least 1 (Step Functions refuses 0), so
 * a deadline already past fires at once.
 */
export function stepTimeoutSeconds(retentionCase: RetentionCase, step: CaseStep, now: Date): number {
  const until = step === 'outreach' ? retentionCase.outreachDueAt : retentionCase.windowEndsAt;
  return Math.max(1, Math.ceil((Date.parse(until) - now.getTime()) / 1000));
}

/** The CST day (yyyy-mm-dd) of an instant: the KPI bucket a change is counted in. */
export function kpiDayOf(at: Date): string {
  return isoDateOfDay(cstDayOf(at));
}
