import { cstDayOf, dayOfIsoDate } from '../../../shared/time/civil-day.js';
import { deadlineOf } from './deadlines.js';
import { ComplaintRuleError, invalidTransition } from './errors.js';
import { type Complaint, type Decision, OPEN_STATUSES } from './model.js';
import type {
  AssignInput,
  CloseInput,
  DecisionInput,
  PauseInput,
  ResumeInput,
  ReviewDecisionInput,
} from './schemas.js';
import { exceedsThreshold } from './settings.js';

import {
  customerUpdate,
  moved,
  requireStatus,
  retimed,
  type StepContext,
  type Transition,
} from './transition.js';

/**
 * The steps of a complaint's handling after intake (docs/domain-rules.md §17.6), each a pure
 * function built on `transition.ts`: intake is in `receipt.ts`, extensions in `extensions.ts`.
 */
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
    [{ type: 'ComplaintAcknowledged', at, late }, customerUpdate('acknowledged', ctx.now)],
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
      customerUpdate('decided', ctx.now),
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
