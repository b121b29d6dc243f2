import { defineEvent } from '../../shared/events/define.js';
import { idField, instantField } from '../../shared/events/fields.js';
import * as z from '../../shared/zod.js';
import { contactRequestFields } from '../engagement/events.js';

/**
 * Events of the complaints capability. Ids, codes, C1 attributes and instants only: the
 * description, the customer's request and representatives' names never leave the complaint's
 * sealed text (docs/domain-rules.md, complaints).
 */
export const COMPLAINTS_SOURCE = 'crm.complaints';

// The enumerations are repeated from domain/model.ts on purpose: events.ts is the one file other
// capabilities import, so it depends on nothing of the capability's internals. A unit test
// checks that the two lists agree.
const channel = z.enum(['phone', 'email', 'online', 'counter', 'letter', 'regulator-forwarded', 'partner']);
const category = z.enum([
  'product',
  'service-attitude',
  'fees',
  'mis-selling',
  'data-privacy',
  'system-failure',
  'other',
]);
const priority = z.enum(['normal', 'high', 'urgent']);
const deadlineKind = z.enum([
  'acknowledge',
  'initial-handling',
  'decision',
  'decision-cap',
  'review-request',
  'review-decision',
]);
const outcome = z.enum(['upheld', 'partially-upheld', 'rejected']);
const escalationLevel = z.enum(['supervisor', 'branch-head']);
const codeField = z.string().check(z.regex(/^[a-z][a-z0-9-]{0,63}$/, 'Expected a lower-case code'));

const complaintIds = { complaintId: idField, customerId: idField, branch: idField };

/**
 * A complaint was received. `repeat` is true when it repeats an open complaint about the same
 * customer and category (`repeatOf`): it gets no clock of its own and starts no workflow.
 */
export const ComplaintReceived = defineEvent(
  COMPLAINTS_SOURCE,
  'ComplaintReceived',
  {
    ...complaintIds,
    queue: idField,
    channel,
    category,
    priority,
    receivedAt: instantField,
    repeat: z.boolean(),
    repeatOf: z.optional(idField),
  },
  'A complaint was received (`receivedAt` may be earlier than the event for letters and phone backfill). A repeat of an open complaint about the same customer and category is linked to it (`repeat`, `repeatOf`) and has no clock of its own.',
);

/** A complaint was assigned to a handler (a service agent's or a supervisor's staff id). */
export const ComplaintAssigned = defineEvent(
  COMPLAINTS_SOURCE,
  'ComplaintAssigned',
  { ...complaintIds, assignee: idField, previousAssignee: z.optional(idField) },
  'A complaint was assigned to a handler: the customers capability lets that service agent read the customer while the complaint is open.',
);

export const ComplaintAcknowledged = defineEvent(
  COMPLAINTS_SOURCE,
  'ComplaintAcknowledged',
  { ...complaintIds, at: instantField, late: z.boolean() },
  'The customer was contacted and the complaint acknowledged (`late`: after the acknowledgement deadline).',
);

export const ComplaintEscalated = defineEvent(
  COMPLAINTS_SOURCE,
  'ComplaintEscalated',
  { ...complaintIds, deadline: deadlineKind, level: escalationLevel },
  "A deadline passed: the complaint was escalated to the owner's supervisor or to the branch head.",
);

export const ComplaintPaused = defineEvent(
  COMPLAINTS_SOURCE,
  'ComplaintPaused',
  { ...complaintIds, reason: codeField },
  'The decision clock was stopped for external appraisal, testing or investigation.',
);

export const ComplaintResumed = defineEvent(
  COMPLAINTS_SOURCE,
  'ComplaintResumed',
  { ...complaintIds, pausedSeconds: z.number().check(z.int(), z.nonnegative()) },
  'The decision clock runs again; every later deadline moved by the paused time.',
);

export const ComplaintDeadlineExtended = defineEvent(
  COMPLAINTS_SOURCE,
  'ComplaintDeadlineExtended',
  { ...complaintIds, level: z.union([z.literal(1), z.literal(2)]), decisionDue: instantField },
  'An extension of the decision deadline was approved (level 1 by a supervisor, level 2 by the head-office complaints unit).',
);

export const ComplaintDecided = defineEvent(
  COMPLAINTS_SOURCE,
  'ComplaintDecided',
  {
    ...complaintIds,
    outcome,
    remedyTypes: z.array(codeField).check(z.maxLength(10)),
    withinLimit: z.boolean(),
  },
  'The decision was communicated to the customer; the review window opens.',
);

export const ComplaintReviewRequested = defineEvent(
  COMPLAINTS_SOURCE,
  'ComplaintReviewRequested',
  { ...complaintIds, reviewDue: instantField },
  'The customer asked for a review (核查) of the decision.',
);

export const ComplaintReviewDecided = defineEvent(
  COMPLAINTS_SOURCE,
  'ComplaintReviewDecided',
  { ...complaintIds, outcome, changed: z.boolean() },
  'The review was decided (`changed`: the outcome differs from the first decision).',
);

export const ComplaintClosed = defineEvent(
  COMPLAINTS_SOURCE,
  'ComplaintClosed',
  { ...complaintIds, rootCause: codeField, outcome, channel, category },
  'The complaint was closed with its root cause and remediation actions: a satisfaction survey may follow, and a service agent loses the access the assignment gave.',
);

export const ComplaintSlaBreached = defineEvent(
  COMPLAINTS_SOURCE,
  'ComplaintSlaBreached',
  { ...complaintIds, deadline: deadlineKind, due: instantField },
  'A deadline of the regulator’s clock passed before its step was done.',
);

/**
 * The complaints capability asks engagement to contact the customer about their complaint
 * (purpose `complaint-update`): the one path every outbound contact takes (docs/domain-rules.md
 * §18.1). Published from the complaints outbox with the step that calls for it.
 */
export const ComplaintContactRequested = defineEvent(
  COMPLAINTS_SOURCE,
  'ComplaintContactRequested',
  contactRequestFields,
  'The complaints capability asks engagement to contact the customer about their complaint (purpose `complaint-update`, template and non-personal parameters, latest time). Engagement decides under the contact policy.',
);

export const complaintsEvents = [
  ComplaintReceived,
  ComplaintAssigned,
  ComplaintAcknowledged,
  ComplaintEscalated,
  ComplaintPaused,
  ComplaintResumed,
  ComplaintDeadlineExtended,
  ComplaintDecided,
  ComplaintReviewRequested,
  ComplaintReviewDecided,
  ComplaintClosed,
  ComplaintSlaBreached,
  ComplaintContactRequested,
];
