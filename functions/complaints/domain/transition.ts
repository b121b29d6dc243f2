import { nextDueAt } from './deadlines.js';
import { ComplaintRuleError, invalidTransition } from './errors.js';
import {
  type ClockFacts,
  type Complaint,
  type ComplaintCategory,
  type ComplaintChannel,
  type ComplaintDeadline,
  type ComplaintStatus,
  type DecisionOutcome,
  type ExtensionLevel,
  OPEN_STATUSES,
  type WorkflowStage,
} from './model.js';
import type { ComplaintSettings } from './settings.js';

/**
 * What every step of a complaint's handling is built from (docs/domain-rules.md, complaints:
 * statuses and steps). Each step is a pure function (docs/domain-rules.md, complaints:
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

/**
 * The steps the customer is told of through engagement's contact path (docs/domain-rules.md
 * §18.1): each names its template, `complaint-<step>`.
 */
export type CustomerUpdateStep = 'acknowledged' | 'decided';

/** How long engagement may take to tell the customer of a step before the update is dropped. */
export const CUSTOMER_UPDATE_DAYS = 3;

/**
 * The request to tell the customer of `step` (purpose complaint-update, asked for by the
 * customer, so quiet hours do not hold it back), published with the step in its transaction.
 */
export function customerUpdate(step: CustomerUpdateStep, now: Date): PlannedEvent {
  const latestAt = new Date(now.getTime() + CUSTOMER_UPDATE_DAYS * 86_400_000).toISOString();
  return { type: 'ComplaintContactRequested', step, latestAt };
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
      /** Engagement is asked to tell the customer (the acknowledgement, the decision). */
      readonly type: 'ComplaintContactRequested';
      readonly step: CustomerUpdateStep;
      readonly latestAt: string;
    }
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

export function requireStatus(complaint: Complaint, allowed: readonly ComplaintStatus[], step: string): void {
  if (!allowed.includes(complaint.status)) throw invalidTransition(complaint.status, step);
}

/** A step done: the workflow's waiting task for `stage` is answered, so the complaint forgets it. */
export function stepDone(complaint: Complaint, stage: WorkflowStage): Complaint {
  return complaint.waitingTask?.stage === stage ? { ...complaint, waitingTask: undefined } : complaint;
}

/** Finishes a transition: status, clock and the rest applied, deadlines recomputed. */
export function moved(
  complaint: Complaint,
  ctx: StepContext,
  audit: Transition['audit'],
  events: readonly PlannedEvent[],
  signal?: WorkflowSignal,
): Transition {
  const base = signal === undefined ? complaint : stepDone(complaint, signal.stage);
  return { complaint: retimed(base, ctx), audit, events, ...(signal === undefined ? {} : { signal }) };
}
