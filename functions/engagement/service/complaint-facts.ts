import type { EventDefinition, EventDetail } from '../../../shared/events/index.js';
import { parseEventDetail } from '../../../shared/events/index.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import { isEventOf, parsedOrRejected } from '../../../shared/messaging/rejection.js';
import { mirrorEventYear } from '../../../shared/time/calendar-mirror.js';
import { WorkingCalendarChanged } from '../../calendars/events.js';
import { ComplaintAssigned, ComplaintReceived } from '../../complaints/events.js';
import type { TaskDeps } from './task-deps.js';

/**
 * What the tasks area learns from other capabilities before a task opens (docs/domain-rules.md
 * §18.6): each complaint's customer, branch and queue (ComplaintReceived) and its handler
 * (ComplaintAssigned, the latest assignment wins whatever the delivery order), and the calendar
 * years admins load (WorkingCalendarChanged, mirrored as the complaints capability does: the
 * newest version of a year wins). Idempotent: a redelivery writes the same values.
 */

/** The event's detail, or EVENT_INVALID (dead-lettered, never retried) when it does not parse. */
export function parseOwn<D extends EventDefinition>(definition: D, event: ConsumedEvent): EventDetail<D> {
  return parsedOrRejected(() => parseEventDetail(definition, event.detail));
}

/** Applies `event` when it is one of these facts; `false` when it is not (another area's). */
export async function applyFacts(
  deps: Pick<TaskDeps, 'store' | 'calendarMirror'>,
  event: ConsumedEvent,
): Promise<boolean> {
  if (isEventOf(ComplaintReceived, event)) {
    const detail = parseOwn(ComplaintReceived, event);
    await deps.store.recordComplaintReceived({
      complaintId: detail.complaintId,
      customerId: detail.customerId,
      branch: detail.branch,
      queue: detail.queue,
    });
    return true;
  }
  if (isEventOf(ComplaintAssigned, event)) {
    const detail = parseOwn(ComplaintAssigned, event);
    await deps.store.recordComplaintAssigned(detail.complaintId, detail.assignee, detail.occurredAt);
    return true;
  }
  if (isEventOf(WorkingCalendarChanged, event)) {
    await mirrorEventYear(deps.calendarMirror, parseOwn(WorkingCalendarChanged, event));
    return true;
  }
  return false;
}
