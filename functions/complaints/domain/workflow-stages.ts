import { deadlineMetAt, deadlineOf } from './deadlines.js';
import type {
  Breach,
  Complaint,
  ComplaintDeadline,
  ComplaintStatus,
  DeadlineKind,
  EscalationLevel,
  WorkflowStage,
} from './model.js';

/**
 * How the ComplaintHandling workflow's human steps relate to the complaint (docs/domain-rules.md,
 * complaints: the workflow): which statuses a step waits in, which deadlines time it, who a
 * breach escalates to. Pure: the workflow tasks (service/workflow-steps.ts) read a complaint
 * and ask these.
 */

/**
 * A step's timeout when nothing is pending (every deadline of the stage met or breached, or the
 * decision clock paused): a year, which a deadline change or the API's answer cuts short.
 */
export const LONG_WAIT_SECONDS = 31_536_000;

/** Where a status stands in the handling, each stage waiting in its own rank. */
const STATUS_RANK: Readonly<Record<Exclude<ComplaintStatus, 'linked'>, number>> = {
  'awaiting-acknowledgement': 0,
  'awaiting-initial-handling': 1,
  investigating: 2,
  paused: 2,
  'review-window': 3,
  'in-review': 4,
  'awaiting-closure': 5,
  closed: 6,
};

const STAGE_RANK: Readonly<Record<WorkflowStage, number>> = {
  acknowledgement: 0,
  'initial-handling': 1,
  investigation: 2,
  'review-window': 3,
  review: 4,
  closure: 5,
};

/**
 * The deadlines that time each stage, in the order they fall due: the investigation waits for
 * the decision deadline, then (once breached) for the absolute cap. Closure has none.
 */
const STAGE_DEADLINES: Readonly<Record<WorkflowStage, readonly DeadlineKind[]>> = {
  acknowledgement: ['acknowledge'],
  'initial-handling': ['initial-handling'],
  investigation: ['decision', 'decision-cap'],
  'review-window': ['review-request'],
  review: ['review-decision'],
  closure: [],
};

/** A missed acknowledgement or initial handling goes to the owner's supervisor; the rest to the branch head. */
const ESCALATION: Readonly<Record<DeadlineKind, EscalationLevel>> = {
  acknowledge: 'supervisor',
  'initial-handling': 'supervisor',
  decision: 'branch-head',
  'decision-cap': 'branch-head',
  'review-request': 'branch-head',
  'review-decision': 'branch-head',
};

export function escalationFor(kind: DeadlineKind): EscalationLevel {
  return ESCALATION[kind];
}

/**
 * `waiting`: the complaint is at this stage (its step is to be done). `past`: the step was done
 * (or the complaint moved beyond it) before the workflow opened it. `before`: the complaint has
 * not reached it, or has no clock (a linked repeat): the workflow is out of step with it.
 */
export type StagePosition = 'waiting' | 'past' | 'before';

export function stagePosition(status: ComplaintStatus, stage: WorkflowStage): StagePosition {
  if (status === 'linked') return 'before';
  const rank = STATUS_RANK[status];
  const stageRank = STAGE_RANK[stage];
  if (rank === stageRank) return 'waiting';
  return rank > stageRank ? 'past' : 'before';
}

function breached(breaches: readonly Breach[], kind: DeadlineKind): boolean {
  return breaches.some((breach) => breach.kind === kind);
}

/**
 * The deadline a stage's step waits for now: the first of the stage's deadlines that is neither
 * met nor already breached. A deadline is breached once (the breach keeps the due it passed).
 */
export function pendingStageDeadline(
  complaint: Complaint,
  stage: WorkflowStage,
): ComplaintDeadline | undefined {
  for (const kind of STAGE_DEADLINES[stage]) {
    const deadline = deadlineOf(complaint.deadlines, kind);
    if (deadline === undefined) continue;
    if (deadlineMetAt(kind, complaint.clock) !== undefined || breached(complaint.breaches, kind)) continue;
    return deadline;
  }
  return undefined;
}

/**
 * The step's timeout in seconds: to the stage's pending deadline (at least 1: a deadline already
 * past times out at once, and is recorded as breached), else the long wait. A paused complaint
 * waits long: its decision clock stands still until the resume re-times the step.
 */
export function stageTimeoutSeconds(complaint: Complaint, stage: WorkflowStage, now: Date): number {
  if (complaint.status === 'paused') return LONG_WAIT_SECONDS;
  const deadline = pendingStageDeadline(complaint, stage);
  if (deadline === undefined) return LONG_WAIT_SECONDS;
  const seconds = Math.ceil((Date.parse(deadline.due) - now.getTime()) / 1000);
  return Math.min(LONG_WAIT_SECONDS, Math.max(1, seconds));
}

/**
 * The breach a timed-out step records: the stage's pending deadline if it is due by `now` and the
 * complaint still waits at the stage (a step done as the timeout fired is no breach), else none.
 */
export function dueBreach(complaint: Complaint, stage: WorkflowStage, now: Date): Breach | undefined {
  if (complaint.status === 'paused' || stagePosition(complaint.status, stage) !== 'waiting') return undefined;
  const deadline = pendingStageDeadline(complaint, stage);
  if (deadline === undefined || Date.parse(deadline.due) > now.getTime()) return undefined;
  return {
    kind: deadline.kind,
    due: deadline.due,
    recordedAt: now.toISOString(),
    escalatedTo: escalationFor(deadline.kind),
  };
}
