import { idField } from '../../../shared/events/fields.js';
import { buildEvent } from '../../../shared/events/index.js';
import * as z from '../../../shared/zod.js';
import {
  type Breach,
  type Complaint,
  type ComplaintStatus,
  WORKFLOW_STAGES,
  type WorkflowStage,
} from '../domain/model.js';
import { dueBreach, stagePosition, stageTimeoutSeconds } from '../domain/workflow-stages.js';
import { ComplaintEscalated, ComplaintSlaBreached } from '../events.js';
import type { ComplaintChange, StoredComplaint } from '../store/complaint-store.js';
import { complaintAuditEntry } from './audit-entry.js';
import type { Actor, ComplaintDeps } from './deps.js';

/**
 * The ComplaintHandling workflow's tasks (workflows/complaint-handling.ts). Each is given the
 * complaint id (and the stage) only, reads the complaint, and writes through the store's
 * version guard: a step done through the API at the same moment wins, and the task reads again.
 */

const stage = z.enum(WORKFLOW_STAGES);

/**
 * The payloads the state machine sends its tasks: the complaint id, the stage, the task token,
 * nothing else (strict: a payload carrying more, or less, fails the task instead of being
 * guessed at; workflow histories are not for personal data).
 */
export const workflowTaskSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('prepare'), complaintId: idField }),
  z.strictObject({ action: z.literal('assignToQueue'), complaintId: idField }),
  z.strictObject({ action: z.literal('timeouts'), complaintId: idField, stage }),
  z.strictObject({
    action: z.literal('openStep'),
    complaintId: idField,
    stage,
    taskToken: z.string().check(z.minLength(1), z.maxLength(2048)),
  }),
  z.strictObject({ action: z.literal('recordBreach'), complaintId: idField, stage }),
  z.strictObject({ action: z.literal('endReviewWindow'), complaintId: idField }),
]);

/** What the workflow tasks need: no data keys, no customer text. */
export type WorkflowStepDeps = Pick<ComplaintDeps, 'store' | 'workflows' | 'clock'>;

/** The workflow in the audit trail and the timeline. */
export const WORKFLOW_ACTOR: Actor = { sub: 'workflow', role: 'system' };

/** How often a task reads the complaint again when a change raced its write. */
const ATTEMPTS = 3;

/** A complaint the workflow names is not there (a defect): the task fails, the execution's alarms see it. */
export class UnknownComplaintError extends Error {
  override readonly name = 'UnknownComplaintError';
  constructor() {
    super('The workflow names a complaint that does not exist');
  }
}

/** The complaint is not where the workflow expects it (a linked repeat, a step not yet reached). */
export class ComplaintOutOfStepError extends Error {
  override readonly name = 'ComplaintOutOfStepError';
  constructor(status: ComplaintStatus, stage: WorkflowStage | 'prepare') {
    super(`The complaint is ${status}, which the workflow's ${stage} step does not expect`);
  }
}

async function read(deps: WorkflowStepDeps, complaintId: string): Promise<StoredComplaint> {
  const stored = await deps.store.get(complaintId);
  if (stored === undefined) throw new UnknownComplaintError();
  return stored;
}

/**
 * Writes the change `build` makes of the current complaint (undefined: nothing to write),
 * reading again when the complaint moved between the read and the write.
 */
async function changeWithRetry<T>(
  deps: WorkflowStepDeps,
  complaintId: string,
  build: (stored: StoredComplaint) => { change?: ComplaintChange; result: T },
): Promise<T> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const stored = await read(deps, complaintId);
    const { change, result } = build(stored);
    if (change === undefined) return result;
    const outcome = await deps.store.change(change);
    if (outcome.ok) return result;
    if (outcome.reason === 'not-found') throw new UnknownComplaintError();
  }
  throw new Error('The complaint kept changing while the workflow wrote to it');
}

/** The start of an execution: the complaint exists and has a clock (a linked repeat has none). */
export async function prepare(
  deps: WorkflowStepDeps,
  complaintId: string,
): Promise<{ status: ComplaintStatus }> {
  const { complaint } = await read(deps, complaintId);
  if (complaint.status === 'linked') throw new ComplaintOutOfStepError(complaint.status, 'prepare');
  return { status: complaint.status };
}

/**
 * The complaint is in its queue (the branch's complaints unit, set at intake from the settings)
 * while nobody is assigned: the workflow confirms it and passes the queue code on (C1).
 */
export async function assignToQueue(deps: WorkflowStepDeps, complaintId: string): Promise<{ queue: string }> {
  const { complaint } = await read(deps, complaintId);
  return { queue: complaint.queue };
}

/** Seconds the stage's step waits before its timeout fires (see stageTimeoutSeconds). */
export async function stepTimeout(
  deps: WorkflowStepDeps,
  complaintId: string,
  stage: WorkflowStage,
): Promise<{ timeoutSeconds: number }> {
  const { complaint } = await read(deps, complaintId);
  return { timeoutSeconds: stageTimeoutSeconds(complaint, stage, deps.clock.now()) };
}

/**
 * The workflow reached a human step: its task token is stored with the complaint for the API to
 * answer. Bookkeeping, not a change a client sees: the version stays, nothing is audited. If
 * the step was done before the workflow got here (the API found no token to answer), the task
 * answers its own token at once with the complaint's status, so the workflow moves on.
 */
export async function openStep(
  deps: WorkflowStepDeps,
  complaintId: string,
  stage: WorkflowStage,
  taskToken: string,
): Promise<{ waiting: boolean }> {
  const now = deps.clock.now();
  const position = await changeWithRetry<{ past: false } | { past: true; status: ComplaintStatus }>(
    deps,
    complaintId,
    ({ complaint, auditSeq }) => {
      const where = stagePosition(complaint.status, stage);
      if (where === 'before') throw new ComplaintOutOfStepError(complaint.status, stage);
      if (where === 'past') return { result: { past: true, status: complaint.status } };
      const waiting: Complaint = {
        ...complaint,
        waitingTask: { stage, taskToken, openedAt: now.toISOString() },
      };
      return {
        change: {
          complaint: waiting,
          expectedVersion: complaint.version,
          expectedAuditSeq: auditSeq,
          bumpVersion: false,
          events: [],
        },
        result: { past: false },
      };
    },
  );
  if (position.past) {
    await deps.workflows.completeTask(taskToken, { status: position.status });
    return { waiting: false };
  }
  return { waiting: true };
}

/**
 * A step's timeout fired: the stage's deadline passed before the step was done. The breach is
 * recorded with the complaint (status unchanged), announced (ComplaintSlaBreached) and escalated
 * (ComplaintEscalated: the owner's supervisor for acknowledgement and initial handling, the
 * branch head after), audited `complaint.breached`, in one write. Idempotent: a deadline is
 * breached once, so a retried task or a timeout after the step was done records nothing.
 */
export async function recordBreach(
  deps: WorkflowStepDeps,
  complaintId: string,
  stage: WorkflowStage,
): Promise<{ breach?: Breach }> {
  const now = deps.clock.now();
  return changeWithRetry<{ breach?: Breach }>(deps, complaintId, ({ complaint, auditSeq }) => {
    const breach = dueBreach(complaint, stage, now);
    if (breach === undefined) return { result: {} };
    const ids = { complaintId, customerId: complaint.customerId, branch: complaint.branch };
    return {
      change: {
        complaint: { ...complaint, breaches: [...complaint.breaches, breach] },
        expectedVersion: complaint.version,
        expectedAuditSeq: auditSeq,
        // The complaint as a client sees it changed (its breaches): its ETag moves.
        bumpVersion: true,
        audit: complaintAuditEntry(now, complaintId, WORKFLOW_ACTOR, 'complaint.breached', ['breaches']),
        events: [
          buildEvent(ComplaintSlaBreached, { ...ids, deadline: breach.kind, due: breach.due }, now),
          buildEvent(ComplaintEscalated, { ...ids, deadline: breach.kind, level: breach.escalatedTo }, now),
        ],
      },
      result: { breach },
    };
  });
}

/**
 * The review window's timeout fired without a review request: not a breach (the customer may
 * not ask), the complaint awaits closure, audited `complaint.review-window-ended`. No deadline
 * is pending any more (the decision was met, the window is over), so there is no next due. If
 * a review request won the race, the complaint stays `in-review` and the workflow follows it.
 */
export async function endReviewWindow(
  deps: WorkflowStepDeps,
  complaintId: string,
): Promise<{ status: ComplaintStatus }> {
  const now = deps.clock.now();
  return changeWithRetry<{ status: ComplaintStatus }>(deps, complaintId, ({ complaint, auditSeq }) => {
    if (complaint.status !== 'review-window') return { result: { status: complaint.status } };
    const { waitingTask: _timedOut, nextDueAt: _none, ...rest } = complaint;
    return {
      change: {
        complaint: { ...rest, status: 'awaiting-closure' },
        expectedVersion: complaint.version,
        expectedAuditSeq: auditSeq,
        bumpVersion: true,
        audit: complaintAuditEntry(now, complaintId, WORKFLOW_ACTOR, 'complaint.review-window-ended', [
          'status',
        ]),
        events: [],
      },
      result: { status: 'awaiting-closure' },
    };
  });
}
