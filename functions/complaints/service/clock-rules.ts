import { mirroredCalendar } from '../../../shared/time/calendar-mirror.js';
import { complaintDeadlines } from '../domain/deadlines.js';
import { slaState } from '../domain/sla.js';
import type { DeadlineSchedule } from '../domain/transition.js';
import type { SlaOf } from '../domain/views.js';
import type { ComplaintDeps } from './deps.js';

/** The deadline and SLA modules bound to the working-day calendar as loaded now and the settings. */
export interface ClockRules {
  readonly deadlines: DeadlineSchedule;
  readonly slaAt: (now: Date) => SlaOf;
}

/**
 * Reads the calendar (built-in years, replaced by those an admin loaded) once per request: a
 * year loaded a minute ago counts at once (docs/architecture.md, working-day calendar).
 */
export async function clockRules(
  deps: Pick<ComplaintDeps, 'calendarMirror' | 'settings'>,
): Promise<ClockRules> {
  const calendar = await mirroredCalendar(deps.calendarMirror);
  return {
    deadlines: (clock, now) => complaintDeadlines(calendar, deps.settings, clock, now),
    slaAt: (now) => (deadline, metAt, paused) => slaState(deadline, metAt, now, calendar, paused),
  };
}
