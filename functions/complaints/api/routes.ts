import { defineRoute } from '../../../shared/http/contract.js';
import { idParams } from '../../../shared/http/params.js';
import {
  assignSchema,
  closeSchema,
  createComplaintSchema,
  decisionSchema,
  extensionDecisionSchema,
  extensionParamsSchema,
  extensionRequestSchema,
  listComplaintsQuerySchema,
  noteSchema,
  pauseSchema,
  resumeSchema,
  reviewDecisionSchema,
} from '../domain/schemas.js';
import {
  complaintListPageExample,
  complaintListPageSchema,
  complaintViewExample,
  complaintViewSchema,
} from './responses.js';

const complaintParams = idParams('complaintId');

/** The answer of every action: the complaint after the step, its new ETag. */
const afterStep = {
  200: {
    description: 'The complaint after the step (without its timeline and text)',
    schema: complaintViewSchema,
    example: complaintViewExample,
    headers: ['etag'],
  },
} as const;

const ACTION_NOTE =
  ' Based on the version named by If-Match (412 when it moved, 428 without it); a step out of order is a 409 `invalid-transition` naming the status. A service agent acts only on a complaint assigned to them (another is a 404, like one that does not exist). The waiting workflow step is resumed after the write.';

/**
 * The complaints API: every operation's contract. `api/route-handlers.ts` implements them; the
 * capability definition hands them to API Gateway, the local cloud and the OpenAPI document.
 */
export const complaintRoutes = {
  createComplaint: defineRoute({
    method: 'POST',
    path: '/v1/complaints',
    summary: 'Take a complaint',
    description:
      'The customer must be known and within the caller’s create scope (else 404 `customer-not-found`). `receivedAt` (letters, phone backfill) may not be in the future nor more than the configured days back (422 `received-at-out-of-range`). The priority is computed and explained; every deadline comes with the rule and inputs that produced it. The description, the request and the representatives’ names are sealed with the complaint’s own data key and never appear in lists, events or logs. A complaint about the same customer and category while one is open, without `newFacts`, is a repeat: stored `linked` to the open one (whose priority rises), with no clock of its own. A repeated request with the same Idempotency-Key answers the complaint as it is now, authorised like a read; the same key with another body is a 409.',
    action: 'complaint:create',
    body: createComplaintSchema,
    headers: { 'idempotency-key': 'optional' },
    responses: {
      201: {
        description: 'The complaint with every deadline and its rule',
        schema: complaintViewSchema,
        example: complaintViewExample,
        headers: ['etag', 'location', 'idempotent-replayed'],
      },
    },
    problems: [404, 409],
  }),
  listComplaints: defineRoute({
    method: 'GET',
    path: '/v1/complaints',
    summary: 'List complaints in the caller’s scope',
    description:
      'The complaints unit and compliance see all; a supervisor their branch; an RM their book; a service agent those assigned to them (`view=mine`, the default) or their queue’s unassigned ones (`view=queue`). Filters narrow the scope, never widen it. No free text. Paginated with an opaque cursor.',
    action: 'complaint:list',
    query: listComplaintsQuerySchema,
    responses: {
      200: {
        description: 'One page of complaints',
        schema: complaintListPageSchema,
        example: complaintListPageExample,
      },
    },
  }),
  getComplaint: defineRoute({
    method: 'GET',
    path: '/v1/complaints/{complaintId}',
    summary: 'Read a complaint',
    description:
      'The complaint, its deadlines with their SLA state (met, breached, paused, or time left in hours or working days), its timeline (every step, who, when) and linked repeats. The roles that handle complaints also get the free text and the notes (`text`); that read is appended to the complaint’s audit chain first. A complaint outside the caller’s scope is a 404, like one that does not exist.',
    action: 'complaint:read',
    params: complaintParams,
    responses: {
      200: {
        description: 'The complaint',
        schema: complaintViewSchema,
        example: complaintViewExample,
        headers: ['etag'],
      },
    },
    problems: [404, 409],
  }),
  assignComplaint: defineRoute({
    method: 'POST',
    path: '/v1/complaints/{complaintId}/assign',
    summary: 'Assign a complaint',
    description: `A supervisor assigns within their branch, the complaints unit anywhere; a service agent may only take an unassigned complaint of their queue for themselves (403 \`not-assignable\`).${ACTION_NOTE}`,
    action: 'complaint:assign',
    params: complaintParams,
    body: assignSchema,
    headers: { 'if-match': 'required' },
    responses: afterStep,
    problems: [404, 409],
  }),
  acknowledgeComplaint: defineRoute({
    method: 'POST',
    path: '/v1/complaints/{complaintId}/acknowledge',
    summary: 'Record that the customer was contacted',
    description: `Meets the acknowledgement deadline (ComplaintAcknowledged says whether it was late).${ACTION_NOTE}`,
    action: 'complaint:acknowledge',
    params: complaintParams,
    headers: { 'if-match': 'required' },
    responses: afterStep,
    problems: [404, 409],
  }),
  recordInitialHandling: defineRoute({
    method: 'POST',
    path: '/v1/complaints/{complaintId}/initial-handling',
    summary: 'Record the initial handling',
    description: `Meets the initial-handling deadline; the investigation starts.${ACTION_NOTE}`,
    action: 'complaint:initial-handling',
    params: complaintParams,
    headers: { 'if-match': 'required' },
    responses: afterStep,
    problems: [404, 409],
  }),
  pauseComplaint: defineRoute({
    method: 'POST',
    path: '/v1/complaints/{complaintId}/pause',
    summary: 'Stop the decision clock',
    description: `For external appraisal, testing or investigation: the time paused does not count towards the decision deadlines.${ACTION_NOTE}`,
    action: 'complaint:pause',
    params: complaintParams,
    body: pauseSchema,
    headers: { 'if-match': 'required' },
    responses: afterStep,
    problems: [404, 409],
  }),
  resumeComplaint: defineRoute({
    method: 'POST',
    path: '/v1/complaints/{complaintId}/resume',
    summary: 'Start the decision clock again',
    description: `Every later deadline moves by the time paused.${ACTION_NOTE}`,
    action: 'complaint:resume',
    params: complaintParams,
    body: resumeSchema,
    headers: { 'if-match': 'required' },
    responses: afterStep,
    problems: [404, 409],
  }),
  requestExtension: defineRoute({
    method: 'POST',
    path: '/v1/complaints/{complaintId}/extensions',
    summary: 'Ask for more time to decide',
    description: `Level 1 (to 30 days, a supervisor approves), then level 2 (a further 30, the complaints unit approves, the customer told). One request at a time (409 \`extension-pending\`); level 2 before level 1 or past the cap is a 422 \`extension-not-allowed\`.${ACTION_NOTE}`,
    action: 'complaint:extension:request',
    params: complaintParams,
    body: extensionRequestSchema,
    headers: { 'if-match': 'required' },
    responses: afterStep,
    problems: [404, 409],
  }),
  decideExtension: defineRoute({
    method: 'POST',
    path: '/v1/complaints/{complaintId}/extensions/{extensionId}/decision',
    summary: 'Approve or refuse an extension',
    description: `Level 1 by the branch supervisor or the complaints unit; level 2 by the complaints unit only (403 \`extension-approval-level\`), with \`customerToldAt\`. An approval moves the decision deadline.${ACTION_NOTE}`,
    action: 'complaint:extension:decide',
    params: extensionParamsSchema,
    body: extensionDecisionSchema,
    headers: { 'if-match': 'required' },
    responses: afterStep,
    problems: [404, 409],
  }),
  recordDecision: defineRoute({
    method: 'POST',
    path: '/v1/complaints/{complaintId}/decision',
    summary: 'Record the decision communicated to the customer',
    description: `Outcome and typed remedies. Compensation above the configured amount is recorded by a supervisor or the complaints unit, who approve it so (a service agent gets 403 \`compensation-approval-required\`). The review window opens.${ACTION_NOTE}`,
    action: 'complaint:decide',
    params: complaintParams,
    body: decisionSchema,
    headers: { 'if-match': 'required' },
    responses: afterStep,
    problems: [404, 409],
  }),
  requestReview: defineRoute({
    method: 'POST',
    path: '/v1/complaints/{complaintId}/review-requests',
    summary: 'Record the customer’s request for a review',
    description: `Within the review window; the review decision deadline starts.${ACTION_NOTE}`,
    action: 'complaint:review:request',
    params: complaintParams,
    headers: { 'if-match': 'required' },
    responses: afterStep,
    problems: [404, 409],
  }),
  decideReview: defineRoute({
    method: 'POST',
    path: '/v1/complaints/{complaintId}/review-decision',
    summary: 'Record the review decision',
    description: `By the complaints unit; \`changed\` records whether the outcome differs from the first decision.${ACTION_NOTE}`,
    action: 'complaint:review:decide',
    params: complaintParams,
    body: reviewDecisionSchema,
    headers: { 'if-match': 'required' },
    responses: afterStep,
    problems: [404, 409],
  }),
  closeComplaint: defineRoute({
    method: 'POST',
    path: '/v1/complaints/{complaintId}/close',
    summary: 'Close a complaint',
    description: `A root cause from the configured taxonomy (422 \`root-cause-required\`) and at least one remediation action with an owner and a due date not before today (422 \`remediation-required\`).${ACTION_NOTE}`,
    action: 'complaint:close',
    params: complaintParams,
    body: closeSchema,
    headers: { 'if-match': 'required' },
    responses: afterStep,
    problems: [404, 409],
  }),
  addComplaintNote: defineRoute({
    method: 'POST',
    path: '/v1/complaints/{complaintId}/notes',
    summary: 'Add a note',
    description: `Sealed with the complaint’s key like its text; shown in \`text.notes\` to the roles that read the text.${ACTION_NOTE}`,
    action: 'complaint:note',
    params: complaintParams,
    body: noteSchema,
    headers: { 'if-match': 'required' },
    responses: afterStep,
    problems: [404, 409],
  }),
};
