import { parseEventDetail } from '../../../shared/events/index.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import type { JobItems } from '../../../shared/messaging/job-items.js';
import { isEventOf, parsedOrRejected, UnprocessableEventError } from '../../../shared/messaging/rejection.js';
import { type MirrorOutcome, mirrorEventYear } from '../../../shared/time/calendar-mirror.js';
import { WorkingCalendarChanged } from '../../calendars/events.js';
import { type RecountDeps, type RecountResult, recountProvisionalDeadlines } from './review-recount.js';

export interface CalendarEventOutcome extends RecountResult {
  readonly year: number;
  readonly version: number;
  readonly mirror: MirrorOutcome;
}

/**
 * The CustomersCalendarMirror's work for one delivered WorkingCalendarChanged: mirrors the year
 * (the newest version wins, whatever the order of delivery), then counts again the deadlines
 * of the waiting reviews that were provisional for it. The recount runs even when the mirror
 * already held this version: a delivery retried after the mirror was written but before the
 * recount finished must still finish it. A malformed or misrouted event is unprocessable
 * (`EVENT_INVALID`, `EVENT_UNSUPPORTED`); anything else is retried by the platform.
 */
export async function processCalendarEvent(
  deps: RecountDeps,
  event: ConsumedEvent,
  items: JobItems,
): Promise<CalendarEventOutcome> {
  if (!isEventOf(WorkingCalendarChanged, event)) {
    throw new UnprocessableEventError(
      'EVENT_UNSUPPORTED',
      `expected ${WorkingCalendarChanged.source}/${WorkingCalendarChanged.detailType}`,
    );
  }
  const detail = parsedOrRejected(() => parseEventDetail(WorkingCalendarChanged, event.detail));
  const mirror = await mirrorEventYear(deps.calendarMirror, detail);
  const recount = await recountProvisionalDeadlines(deps, detail.year, items);
  return { year: detail.year, version: detail.version, mirror, ...recount };
}
