import { cstDayOf, dayOfIsoDate } from '../../../shared/time/civil-day.js';
import { deadlineOf, decisionDaysOf, nextDueAt } from './deadlines.js';
import { ComplaintRuleError, invalidTransition } from './errors.js';
import {
  type ClockFacts,
  type Complaint,
  type ComplaintCategory,
  type ComplaintChannel,
  type ComplaintDeadline,
  type ComplaintStatus,
  type Decision,
  type DecisionOutcome,
  type ExtensionLevel,
  type ExtensionRequest,
  type Money,
  OPEN_STATUSES,
  type WorkflowStage,
} from './model.js';
import { complaintPriority } from './priority.js';
import type {
  AssignInput,
  CloseInput,
  DecisionInput,
  ExtensionDecisionInput,
  ExtensionRequestInput,
  PauseInput,
  ResumeInput,
  ReviewDecisionInput,
} from './schemas.js';
import { type ComplaintSettings, exceedsThreshold } from './settings.js';

/**
 * Every step of a complaint's handling as a pure function (docs/domain-rules.md, complaints:
 * statuses and steps): the complaint, the request, who acts and when in; the new complaint (its
 * deadlines recomputed), the audit action and the names of the fields it changed, the events to
 * publish and what the waiting workflow step should be told, out. A refusal is a
 * {@link ComplaintRuleError}. Nothing here reads a clock, a store or a key.
 */

/** The audit actions of a complaint's chain: `complaint.<verb>`, field names only, never values. */
export const COMPLAINT_AUDIT_ACTIONS = [
  'complaint.created',
  'complaint.assigned',
  'complaint.acknowledged',
  'complaint.initial-handling',
  'complaint.paused',
  'complaint.resumed',
  'complaint.extension-requested',
  'complaint.extension-approved',
  'complaint.extension-refused',
  'complaint.decided',
  'complaint.review-requested',
  'complaint.review-decided',
  'complaint.closed',
  'complaint.note-added',
  'complaint.repeat-linked',
  'complaint.breached',
  'complaint.escalated',
  'complaint.review-window-ended',
  'complaint.text-read',
  'complaint.text-shredded',
  // A loaded calendar year moved provisional deadlines (the consumer, as the system).
  'complaint.deadlines-recounted',
] as const;
export type ComplaintAuditAction = (typeof COMPLAINT_AUDIT_ACTIONS)[number];

/** Who takes a step: the caller's subject and role (the workflow acts as `workflow`, `system`). */
export interface StepActor {
  readonly sub: string;
  readonly role: string;
}

/** The deadlines of a complaint's clock facts at `now`: the deadline module with the calendar bound. */
export type DeadlineSchedule = (clock: ClockFacts, now: Date) => readonly ComplaintDeadline[];

export interface StepContext {
  readonly actor: StepActor;
  readonly now: Date;
  readonly settings: ComplaintSettings;
  readonly deadlines: DeadlineSchedule;
}

/** An event a step announces, without the ids every complaint event carries (the service adds them). */
export type PlannedEvent =
  | { readonly type: 'ComplaintAssigned'; readonly assignee: string; readonly previousAssignee?: string }
  | { readonly type: 'ComplaintAcknowledged'; readonly at: string; readonly late: boolean }
  | { readonly type: 'ComplaintPaused'; readonly reason: string }
  | { readonly type: 'ComplaintResumed'; readonly pausedSeconds: number }
  | {
      readonly type: 'ComplaintDeadlineExtended';
      readonly level: ExtensionLevel;
      readonly decisionDue: string;
    }
  | {
      readonly type: 'ComplaintDecided';
      readonly outcome: DecisionOutcome;
      readonly remedyTypes: readonly string[];
      readonly withinLimit: boolean;
    }
  | { readonly type: 'ComplaintReviewRequested'; readonly reviewDue: string }
  | { readonly type: 'ComplaintReviewDecided'; readonly outcome: DecisionOutcome; readonly changed: boolean }
  | {
      readonly type: 'ComplaintClosed';
      readonly rootCause: string;
      readonly outcome: DecisionOutcome;
      readonly channel: ComplaintChannel;
      readonly category: ComplaintCategory;
    };

/**
 * What the workflow's waiting step is told once the change is written: `complete` (the step is
 * done: SendTaskSuccess) or `deadlines-changed` (the timeout must be computed again:
 * SendTaskFailure `Complaint.DeadlinesChanged`). Only when the complaint waits on `stage`.
 */
export interface WorkflowSignal {
  readonly stage: WorkflowStage;
  readonly kind: 'complete' | 'deadlines-changed';
}

export interface Transition {
  readonly complaint: Complaint;
  readonly audit: { readonly action: ComplaintAuditAction; readonly fields: readonly string[] };
  readonly events: readonly PlannedEvent[];
  readonly signal?: WorkflowSignal | undefined;
  /** Closing frees the open-complaint marker of the customer and category. */
  readonly releaseOpenMarker?: boolean;
}

/** The complaint with its deadlines and next due recomputed from its clock facts. */
export function retimed(complaint: Complaint, ctx: StepContext): Complaint {
  if (complaint.status === 'linked') return { ...complaint, deadlines: [], nextDueAt: undefined };
  const deadlines = ctx.deadlines(complaint.clock, ctx.now);
  return {
    ...complaint,
    deadlines,
    // Nothing is due of a closed complaint, whatever its clock says.
    nextDueAt: OPEN_STATUSES.includes(complaint.status)
      ? nextDueAt(deadlines, complaint.clock, ctx.now)
      : undefined,
  };
}

function requireStatus(complaint: Complaint, allowed: readonly ComplaintStatus[], step: string): void {
  if (!allowed.includes(complaint.status)) throw invalidTransition(complaint.status, step);
}

/** A step done: the workflow's waiting task for `stage` is answered, so the complaint forgets it. */
function stepDone(complaint: Complaint, stage: WorkflowStage): Complaint {
  return complaint.waitingTask?.stage === stage ? { ...complaint, waitingTask: undefined } : complaint;
}

/** Finishes a transition: status, clock and the rest applied, deadlines recomputed. */
function moved(
  complaint: Complaint,
  ctx: StepContext,
  audit: Transition['audit'],
  events: readonly PlannedEvent[],
  signal?: WorkflowSignal,
): Transition {
  const base = signal === undefined ? complaint : stepDone(complaint, signal.stage);
  return { complaint: retimed(base, ctx), audit, events, ...(signal === undefined ? {} : { signal }) };
}

// ---------------------------------------------------------------------------------------------
// Intake

/** What intake knows of a new complaint besides the request: ids, the customer's scope, the queue. */
export interface ReceiptFacts {
  readonly complaintId: string;
  readonly customerId: string;
  readonly branch: string;
  readonly rmId: string;
  readonly queue: string;
  readonly channel: ComplaintChannel;
  readonly category: ComplaintCategory;
  readonly receivedAt: string;
  readonly amountAtStake?: Money | undefined;
  readonly productIds: readonly string[];
  readonly regulatorRef?: string | undefined;
  readonly vulnerableCustomer: boolean;
  readonly newFacts: boolean;
  readonly representativeCount: number;
  /** The open complaint it repeats: it is stored `linked`, without a clock of its own. */
  readonly repeatOf?: string | undefined;
}

/**
 * `receivedAt` as stored: now when absent; never in the future nor more than `backfillDays`
 * back (letters and phone calls are entered late, not months late).
 */
export function receiptInstant(receivedAt: string | undefined, now: Date, backfillDays: number): string {
  if (receivedAt === undefined) return now.toISOString();
  const at = Date.parse(receivedAt);
  const earliest = now.getTime() - backfillDays * 86_400_000;
  if (Number.isNaN(at) || at > now.getTime() || at < earliest) {
    throw new ComplaintRuleError(
      'received-at-out-of-range',
      `receivedAt must not be in the future nor more than ${backfillDays} days back`,
      'receivedAt',
    );
  }
  return new Date(at).toISOString();
}

/** A new complaint: its priority explained and, unless it is a linked repeat, its deadlines. */
export function receive(facts: ReceiptFacts, ctx: StepContext): Complaint {
  const repeat = facts.repeatOf !== undefined;
  const { priority, priorityFactors } = complaintPriority(
    {
      channel: facts.channel,
      vulnerableCustomer: facts.vulnerableCustomer,
      repeat,
      amountAtStake: facts.amountAtStake,
    },
    ctx.settings.priorityAmounts,
  );
  const complaint: Complaint = {
    complaintId: facts.complaintId,
    version: 1,
    customerId: facts.customerId,
    branch: facts.branch,
    rmId: facts.rmId,
    queue: facts.queue,
    channel: facts.channel,
    category: facts.category,
    priority,
    priorityFactors,
    status: repeat ? 'linked' : 'awaiting-acknowledgement',
    receivedAt: facts.receivedAt,
    createdAt: ctx.now.toISOString(),
    createdBy: ctx.actor.sub,
    amountAtStake: facts.amountAtStake,
    productIds: [...facts.productIds],
    regulatorRef: facts.regulatorRef,
    vulnerableCustomer: facts.vulnerableCustomer,
    newFacts: facts.newFacts,
    representativeCount: facts.representativeCount,
    repeatOf: facts.repeatOf,
    repeats: [],
    clock: { receivedAt: facts.receivedAt, pauses: [], approvedExtensions: [] },
    deadlines: [],
    breaches: [],
    extensions: [],
    textErased: false,
  };
  return retimed(complaint, ctx);
}

/** The open complaint a repeat links to: the repeat noted, its priority raised, its version guarded. */
export function linkRepeat(open: Complaint, repeatId: string, ctx: StepContext): Transition {
  requireStatus(open, OPEN_STATUSES, 'link a repeat');
  const { priority, priorityFactors } = complaintPriority(
    {
      channel: open.channel,
      vulnerableCustomer: open.vulnerableCustomer,
      repeat: true,
      amountAtStake: open.amountAtStake,
    },
    ctx.settings.priorityAmounts,
  );
  return moved(
    { ...open, repeats: [...open.repeats, repeatId], priority, priorityFactors },
    ctx,
    {
      action: 'complaint.repeat-linked',
      fields: ['repeats', 'priority', 'priorityFactors'],
    },
    [],
  );
}

// ---------------------------------------------------------------------------------------------
// Steps

/**
 * Assigns a handler. A service agent may only take an unassigned complaint for themselves (the
 * service has checked it is in their queue); a supervisor or the complaints unit assigns anyone.
 */
export function assign(complaint: Complaint, input: AssignInput, ctx: StepContext): Transition {
  requireStatus(complaint, OPEN_STATUSES, 'assign');
  if (
    ctx.actor.role === 'service-agent' &&
    (complaint.assignee !== undefined || input.assignee !== ctx.actor.sub)
  ) {
    throw new ComplaintRuleError(
      'not-assignable',
      'A service agent may only take an unassigned complaint of their queue for themselves',
    );
  }
  const previous = complaint.assignee;
  return moved(
    { ...complaint, assignee: input.assignee },
    ctx,
    { action: 'complaint.assigned', fields: ['assignee'] },
    [
      {
        type: 'ComplaintAssigned',
        assignee: input.assignee,
        ...(previous === undefined ? {} : { previousAssignee: previous }),
      },
    ],
  );
}

export function acknowledge(complaint: Complaint, ctx: StepContext): Transition {
  requireStatus(complaint, ['awaiting-acknowledgement'], 'acknowledge');
  const at = ctx.now.toISOString();
  const due = deadlineOf(complaint.deadlines, 'acknowledge')?.due;
  const late = due !== undefined && at > due;
  return moved(
    { ...complaint, status: 'awaiting-initial-handling', clock: { ...complaint.clock, acknowledgedAt: at } },
    ctx,
    { action: 'complaint.acknowledged', fields: ['status', 'clock.acknowledgedAt'] },
    [{ type: 'ComplaintAcknowledged', at, late }],
    { stage: 'acknowledgement', kind: 'complete' },
  );
}

export function initialHandling(complaint: Complaint, ctx: StepContext): Transition {
  requireStatus(complaint, ['awaiting-initial-handling'], 'initial-handling');
  return moved(
    {
      ...complaint,
      status: 'investigating',
      clock: { ...complaint.clock, initialHandlingAt: ctx.now.toISOString() },
    },
    ctx,
    { action: 'complaint.initial-handling', fields: ['status', 'clock.initialHandlingAt'] },
    [],
    { stage: 'initial-handling', kind: 'complete' },
  );
}

/** Stops the decision clock (external appraisal, testing, investigation). */
export function pause(complaint: Complaint, input: PauseInput, ctx: StepContext): Transition {
  requireStatus(complaint, ['investigating'], 'pause');
  const pauses = [...complaint.clock.pauses, { from: ctx.now.toISOString(), reason: input.reason }];
  return moved(
    { ...complaint, status: 'paused', clock: { ...complaint.clock, pauses } },
    ctx,
    { action: 'complaint.paused', fields: ['status', 'clock.pauses'] },
    [{ type: 'ComplaintPaused', reason: input.reason }],
    { stage: 'investigation', kind: 'deadlines-changed' },
  );
}

/** Starts the decision clock again: every later deadline moves by the paused time. */
export function resume(complaint: Complaint, _input: ResumeInput, ctx: StepContext): Transition {
  requireStatus(complaint, ['paused'], 'resume');
  const pauses = [...complaint.clock.pauses];
  const open = pauses.at(-1);
  if (open === undefined || open.to !== undefined) throw invalidTransition(complaint.status, 'resume');
  const to = ctx.now.toISOString();
  pauses[pauses.length - 1] = { ...open, to };
  const pausedSeconds = Math.max(0, Math.floor((ctx.now.getTime() - Date.parse(open.from)) / 1000));
  return moved(
    { ...complaint, status: 'investigating', clock: { ...complaint.clock, pauses } },
    ctx,
    { action: 'complaint.resumed', fields: ['status', 'clock.pauses'] },
    [{ type: 'ComplaintResumed', pausedSeconds }],
    { stage: 'investigation', kind: 'deadlines-changed' },
  );
}

const EXTENSION_STATUSES: readonly ComplaintStatus[] = ['investigating', 'paused'];

/** Asks for more time: one request at a time, level 1 before level 2, never past the cap. */
export function requestExtension(
  complaint: Complaint,
  input: ExtensionRequestInput & { readonly extensionId: string },
  ctx: StepContext,
): Transition {
  requireStatus(complaint, EXTENSION_STATUSES, 'request an extension');
  if (complaint.extensions.some((extension) => extension.state === 'requested')) {
    throw new ComplaintRuleError(
      'extension-pending',
      'An extension request is already waiting for a decision',
    );
  }
  const approved = complaint.clock.approvedExtensions;
  const expected: ExtensionLevel | undefined = approved.includes(2)
    ? undefined
    : approved.includes(1)
      ? 2
      : 1;
  if (input.level !== expected) {
    throw new ComplaintRuleError(
      'extension-not-allowed',
      expected === undefined
        ? 'Both extensions were already approved'
        : `The next extension of this complaint is level ${expected}`,
      'level',
    );
  }
  if (decisionDaysOf(ctx.settings, [...approved, input.level]) > ctx.settings.maxDecisionDays) {
    throw new ComplaintRuleError(
      'extension-not-allowed',
      `An extension may not take the decision past ${ctx.settings.maxDecisionDays} days`,
      'level',
    );
  }
  const request: ExtensionRequest = {
    extensionId: input.extensionId,
    level: input.level,
    reason: input.reason,
    requestedBy: ctx.actor.sub,
    requestedAt: ctx.now.toISOString(),
    state: 'requested',
  };
  return moved(
    { ...complaint, extensions: [...complaint.extensions, request] },
    ctx,
    { action: 'complaint.extension-requested', fields: ['extensions'] },
    [],
  );
}

/**
 * Approves or refuses the pending extension. Level 1: a supervisor or the complaints unit;
 * level 2: the complaints unit only, once the customer was told.
 */
export function decideExtension(
  complaint: Complaint,
  input: ExtensionDecisionInput & { readonly extensionId: string },
  ctx: StepContext,
): Transition {
  requireStatus(complaint, EXTENSION_STATUSES, 'decide an extension');
  const request = complaint.extensions.find((extension) => extension.extensionId === input.extensionId);
  if (request === undefined) {
    throw new ComplaintRuleError(
      'extension-not-found',
      'No extension request with this id on this complaint',
    );
  }
  if (request.state !== 'requested') {
    throw new ComplaintRuleError('extension-decided', 'This extension request was already decided');
  }
  if (request.level === 2 && ctx.actor.role !== 'complaints-manager') {
    throw new ComplaintRuleError(
      'extension-approval-level',
      'A second extension is decided by the head-office complaints unit',
    );
  }
  const at = ctx.now.toISOString();
  if (input.approve && request.level === 2) {
    const toldAt = input.customerToldAt === undefined ? Number.NaN : Date.parse(input.customerToldAt);
    if (Number.isNaN(toldAt) || toldAt > ctx.now.getTime()) {
      throw new ComplaintRuleError(
        'extension-not-allowed',
        'A second extension is approved once the customer was told (customerToldAt, not in the future)',
        'customerToldAt',
      );
    }
  }
  const decided: ExtensionRequest = {
    ...request,
    state: input.approve ? 'approved' : 'refused',
    decidedBy: ctx.actor.sub,
    decidedAt: at,
    ...(input.approve && request.level === 2 && input.customerToldAt !== undefined
      ? { customerToldAt: new Date(Date.parse(input.customerToldAt)).toISOString() }
      : {}),
  };
  const extensions = complaint.extensions.map((extension) =>
    extension.extensionId === request.extensionId ? decided : extension,
  );
  if (!input.approve) {
    return moved(
      { ...complaint, extensions },
      ctx,
      { action: 'complaint.extension-refused', fields: ['extensions'] },
      [],
    );
  }
  const clock = {
    ...complaint.clock,
    approvedExtensions: [...complaint.clock.approvedExtensions, request.level],
  };
  const next = retimed({ ...complaint, extensions, clock }, ctx);
  const decisionDue = deadlineOf(next.deadlines, 'decision')?.due ?? at;
  return moved(
    next,
    ctx,
    { action: 'complaint.extension-approved', fields: ['extensions', 'clock.approvedExtensions'] },
    [{ type: 'ComplaintDeadlineExtended', level: request.level, decisionDue }],
    { stage: 'investigation', kind: 'deadlines-changed' },
  );
}

/**
 * Records the decision communicated to the customer. Compensation above the approval threshold
 * is recorded by a supervisor or the complaints unit, who approve it by recording it.
 */
export function decide(complaint: Complaint, input: DecisionInput, ctx: StepContext): Transition {
  requireStatus(complaint, ['investigating'], 'decision');
  const needsApproval = input.remedies.some(
    (remedy) =>
      remedy.type === 'compensation' &&
      remedy.amount !== undefined &&
      exceedsThreshold(ctx.settings.compensationApprovalAmounts, remedy.amount),
  );
  if (needsApproval && ctx.actor.role === 'service-agent') {
    throw new ComplaintRuleError(
      'compensation-approval-required',
      'Compensation above the approval amount is recorded by a supervisor or the complaints unit',
    );
  }
  const at = ctx.now.toISOString();
  const decision: Decision = {
    outcome: input.outcome,
    remedies: input.remedies.map((remedy) => ({
      type: remedy.type,
      ...(remedy.amount === undefined ? {} : { amount: remedy.amount }),
    })),
    decidedBy: ctx.actor.sub,
    decidedAt: at,
    ...(needsApproval ? { compensationApprovedBy: ctx.actor.sub } : {}),
  };
  const due = deadlineOf(complaint.deadlines, 'decision')?.due;
  return moved(
    { ...complaint, status: 'review-window', decision, clock: { ...complaint.clock, decidedAt: at } },
    ctx,
    { action: 'complaint.decided', fields: ['status', 'decision', 'clock.decidedAt'] },
    [
      {
        type: 'ComplaintDecided',
        outcome: input.outcome,
        remedyTypes: [...new Set(input.remedies.map((remedy) => remedy.type))],
        withinLimit: due === undefined || at <= due,
      },
    ],
    { stage: 'investigation', kind: 'complete' },
  );
}

/** The customer asked for a review of the decision, within the window. */
export function requestReview(complaint: Complaint, ctx: StepContext): Transition {
  requireStatus(complaint, ['review-window'], 'review-requests');
  const at = ctx.now.toISOString();
  // The window ends at its deadline even if the workflow has not yet moved the complaint on.
  const windowEnds = deadlineOf(complaint.deadlines, 'review-request')?.due;
  if (windowEnds !== undefined && at > windowEnds) {
    throw new ComplaintRuleError('invalid-transition', 'The review window of this complaint has ended');
  }
  const next = retimed(
    {
      ...complaint,
      status: 'in-review',
      review: { requestedAt: at },
      clock: { ...complaint.clock, reviewRequestedAt: at },
    },
    ctx,
  );
  return moved(
    next,
    ctx,
    { action: 'complaint.review-requested', fields: ['status', 'review', 'clock.reviewRequestedAt'] },
    [
      {
        type: 'ComplaintReviewRequested',
        reviewDue: deadlineOf(next.deadlines, 'review-decision')?.due ?? at,
      },
    ],
    { stage: 'review-window', kind: 'complete' },
  );
}

export function decideReview(complaint: Complaint, input: ReviewDecisionInput, ctx: StepContext): Transition {
  requireStatus(complaint, ['in-review'], 'review-decision');
  const at = ctx.now.toISOString();
  const changed = complaint.decision !== undefined && complaint.decision.outcome !== input.outcome;
  const requestedAt = complaint.review?.requestedAt ?? complaint.clock.reviewRequestedAt ?? at;
  return moved(
    {
      ...complaint,
      status: 'awaiting-closure',
      review: { requestedAt, decidedAt: at, decidedBy: ctx.actor.sub, outcome: input.outcome, changed },
      clock: { ...complaint.clock, reviewDecidedAt: at },
    },
    ctx,
    { action: 'complaint.review-decided', fields: ['status', 'review', 'clock.reviewDecidedAt'] },
    [{ type: 'ComplaintReviewDecided', outcome: input.outcome, changed }],
    { stage: 'review', kind: 'complete' },
  );
}

/**
 * Closes a complaint: a root cause of the configured taxonomy and at least one remediation
 * action (a code, an owner, a due date not before today in China Standard Time) are required.
 */
export function close(complaint: Complaint, input: CloseInput, ctx: StepContext): Transition {
  requireStatus(complaint, ['awaiting-closure'], 'close');
  if (input.rootCause === undefined || !ctx.settings.rootCauses.includes(input.rootCause)) {
    throw new ComplaintRuleError(
      'root-cause-required',
      'A closure needs a root cause of the configured taxonomy',
      'rootCause',
    );
  }
  if (input.remediationActions.length === 0) {
    throw new ComplaintRuleError(
      'remediation-required',
      'A closure needs at least one remediation action with an owner and a due date',
      'remediationActions',
    );
  }
  const today = cstDayOf(ctx.now);
  const pastIndex = input.remediationActions.findIndex((action) => dayOfIsoDate(action.dueDate) < today);
  if (pastIndex >= 0) {
    throw new ComplaintRuleError(
      'remediation-required',
      'A remediation action is due today or later',
      `remediationActions.${pastIndex}.dueDate`,
    );
  }
  const outcome = complaint.review?.outcome ?? complaint.decision?.outcome;
  if (outcome === undefined) throw invalidTransition(complaint.status, 'close');
  const transition = moved(
    {
      ...complaint,
      status: 'closed',
      closure: {
        rootCause: input.rootCause,
        remediationActions: input.remediationActions.map((action) => ({ ...action, done: false })),
        closedBy: ctx.actor.sub,
        closedAt: ctx.now.toISOString(),
      },
    },
    ctx,
    { action: 'complaint.closed', fields: ['status', 'closure'] },
    [
      {
        type: 'ComplaintClosed',
        rootCause: input.rootCause,
        outcome,
        channel: complaint.channel,
        category: complaint.category,
      },
    ],
    { stage: 'closure', kind: 'complete' },
  );
  return { ...transition, releaseOpenMarker: true };
}

/** A note (its text is sealed apart): the complaint changes only in version, the audit says so. */
export function addNote(complaint: Complaint, ctx: StepContext): Transition {
  requireStatus(complaint, OPEN_STATUSES, 'notes');
  return moved(complaint, ctx, { action: 'complaint.note-added', fields: ['notes'] }, []);
}
