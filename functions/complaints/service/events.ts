import { buildEvent, type CrmEvent } from '../../../shared/events/index.js';
import type { Complaint } from '../domain/model.js';
import type { PlannedEvent } from '../domain/transition.js';
import {
  ComplaintAcknowledged,
  ComplaintAssigned,
  ComplaintClosed,
  ComplaintContactRequested,
  ComplaintDeadlineExtended,
  ComplaintDecided,
  ComplaintPaused,
  ComplaintResumed,
  ComplaintReviewDecided,
  ComplaintReviewRequested,
} from '../events.js';

/** The events a step planned, with the ids every complaint event carries (ids and codes only). */
export function stepEvents(complaint: Complaint, planned: readonly PlannedEvent[], now: Date): CrmEvent[] {
  const ids = {
    complaintId: complaint.complaintId,
    customerId: complaint.customerId,
    branch: complaint.branch,
  };
  return planned.map((event) => eventOf(ids, event, now));
}

function eventOf(
  ids: { readonly complaintId: string; readonly customerId: string; readonly branch: string },
  event: PlannedEvent,
  now: Date,
): CrmEvent {
  switch (event.type) {
    case 'ComplaintAssigned':
      return buildEvent(
        ComplaintAssigned,
        {
          ...ids,
          assignee: event.assignee,
          ...(event.previousAssignee === undefined ? {} : { previousAssignee: event.previousAssignee }),
        },
        now,
      );
    case 'ComplaintAcknowledged':
      return buildEvent(ComplaintAcknowledged, { ...ids, at: event.at, late: event.late }, now);
    case 'ComplaintPaused':
      return buildEvent(ComplaintPaused, { ...ids, reason: event.reason }, now);
    case 'ComplaintResumed':
      return buildEvent(ComplaintResumed, { ...ids, pausedSeconds: event.pausedSeconds }, now);
    case 'ComplaintDeadlineExtended':
      return buildEvent(
        ComplaintDeadlineExtended,
        { ...ids, level: event.level, decisionDue: event.decisionDue },
        now,
      );
    case 'ComplaintDecided':
      return buildEvent(
        ComplaintDecided,
        {
          ...ids,
          outcome: event.outcome,
          remedyTypes: [...event.remedyTypes],
          withinLimit: event.withinLimit,
        },
        now,
      );
    case 'ComplaintReviewRequested':
      return buildEvent(ComplaintReviewRequested, { ...ids, reviewDue: event.reviewDue }, now);
    case 'ComplaintReviewDecided':
      return buildEvent(
        ComplaintReviewDecided,
        { ...ids, outcome: event.outcome, changed: event.changed },
        now,
      );
    case 'ComplaintContactRequested':
      // Ids only: the template names the step, the reference is the complaint id; engagement
      // decides when and on which channel, and the customers capability fills in the name.
      return buildEvent(
        ComplaintContactRequested,
        {
          requestId: `complaint-${ids.complaintId}-${event.step}`,
          customerId: ids.customerId,
          purpose: 'complaint-update',
          templateId: `complaint-${event.step}`,
          parameters: { reference: ids.complaintId },
          latestAt: event.latestAt,
          customerRequested: true,
          regarding: ids.complaintId,
        },
        now,
      );
    case 'ComplaintClosed':
      return buildEvent(
        ComplaintClosed,
        {
          ...ids,
          rootCause: event.rootCause,
          outcome: event.outcome,
          channel: event.channel,
          category: event.category,
        },
        now,
      );
  }
}
