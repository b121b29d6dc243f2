import type { AuthContext } from '../../../shared/auth/types.js';
import { type IfMatchVersion, staleVersion, versionMatches } from '../../../shared/http/headers.js';
import { ConflictError } from '../../../shared/http/problem.js';
import { newId } from '../../../shared/ids.js';
import { logger } from '../../../shared/observability/index.js';
import { complaintNotFound } from '../domain/errors.js';
import * as extensions from '../domain/extensions.js';
import * as lifecycle from '../domain/lifecycle.js';
import type { Complaint } from '../domain/model.js';
import type {
  AssignInput,
  CloseInput,
  DecisionInput,
  ExtensionDecisionInput,
  ExtensionRequestInput,
  NoteInput,
  PauseInput,
  ResumeInput,
  ReviewDecisionInput,
} from '../domain/schemas.js';
import type { StepContext, Transition } from '../domain/transition.js';
import { type ComplaintView, complaintView } from '../domain/views.js';
import type { ComplaintsAction } from '../policy.js';
import { COMPLAINT_DEADLINES_CHANGED } from '../workflows/complaint-handling.js';
import { loadAuthorised } from './access.js';
import { complaintAuditEntry } from './audit-entry.js';
import { clockRules } from './clock-rules.js';
import type { Actor, ComplaintDeps } from './deps.js';
import { stepEvents } from './events.js';
import { noteField, openComplaintKey } from './text.js';

export interface ActionResult {
  readonly view: ComplaintView;
  readonly version: number;
}

/** What one action call carries besides its input: who, which complaint, which version. */
export interface ActionCall {
  readonly auth: AuthContext;
  readonly actor: Actor;
  readonly complaintId: string;
  readonly expected: IfMatchVersion;
}

/**
 * One step on a complaint (docs/domain-rules.md, complaints: statuses and steps): load it within
 * the caller's scope, check If-Match, apply the pure transition, write complaint, audit record
 * and events in one transaction, then tell the workflow's waiting step. A version that moved is
 * a 412, as for every If-Match of the API.
 */
async function act(
  deps: ComplaintDeps,
  call: ActionCall,
  action: ComplaintsAction,
  step: (complaint: Complaint, ctx: StepContext) => Transition,
): Promise<ActionResult> {
  const stored = await loadAuthorised(deps, call.auth, action, call.complaintId);
  const { complaint } = stored;
  if (!versionMatches(call.expected, complaint.version)) {
    throw staleVersion('complaint', call.expected, complaint.version);
  }
  const now = deps.clock.now();
  const rules = await clockRules(deps);
  const transition = step(complaint, {
    actor: call.actor,
    now,
    settings: deps.settings,
    deadlines: rules.deadlines,
  });
  const outcome = await deps.store.change({
    complaint: transition.complaint,
    expectedVersion: complaint.version,
    expectedAuditSeq: stored.auditSeq,
    bumpVersion: true,
    audit: complaintAuditEntry(
      now,
      complaint.complaintId,
      call.actor,
      transition.audit.action,
      transition.audit.fields,
    ),
    events: stepEvents(complaint, transition.events, now),
    ...(transition.releaseOpenMarker === true ? { releaseOpenMarker: true } : {}),
  });
  if (!outcome.ok) {
    if (outcome.reason === 'not-found') throw complaintNotFound();
    if (outcome.reason === 'version-conflict') throw staleVersion('complaint', call.expected);
    throw new ConflictError('The complaint changed meanwhile; read it again', { code: 'audit-conflict' });
  }
  await signalWorkflow(deps, complaint, transition);
  return {
    view: complaintView(outcome.complaint, { sla: rules.slaAt(now) }),
    version: outcome.complaint.version,
  };
}

/**
 * Resumes the workflow's waiting step after the write, when the complaint waits on the stage the
 * step finished. A token no longer valid is fine: the next step's task answers itself when the
 * workflow opens it. A failure to answer is logged (ids only) and not the caller's error: the
 * change is written.
 */
async function signalWorkflow(deps: ComplaintDeps, before: Complaint, transition: Transition): Promise<void> {
  const signal = transition.signal;
  const waiting = before.waitingTask;
  if (signal === undefined || waiting === undefined || waiting.stage !== signal.stage) return;
  try {
    if (signal.kind === 'complete') {
      await deps.workflows.completeTask(waiting.taskToken, { status: transition.complaint.status });
    } else {
      await deps.workflows.failTask(
        waiting.taskToken,
        COMPLAINT_DEADLINES_CHANGED,
        'The complaint’s deadlines moved',
      );
    }
  } catch (error) {
    logger.warn('Could not answer the complaint workflow’s waiting step', {
      complaintId: before.complaintId,
      stage: signal.stage,
      error: error instanceof Error ? error.name : 'unknown',
    });
  }
}

export const assignComplaint = (deps: ComplaintDeps, call: ActionCall, input: AssignInput) =>
  act(deps, call, 'complaint:assign', (complaint, ctx) => lifecycle.assign(complaint, input, ctx));

export const acknowledgeComplaint = (deps: ComplaintDeps, call: ActionCall) =>
  act(deps, call, 'complaint:acknowledge', lifecycle.acknowledge);

export const recordInitialHandling = (deps: ComplaintDeps, call: ActionCall) =>
  act(deps, call, 'complaint:initial-handling', lifecycle.initialHandling);

export const pauseComplaint = (deps: ComplaintDeps, call: ActionCall, input: PauseInput) =>
  act(deps, call, 'complaint:pause', (complaint, ctx) => lifecycle.pause(complaint, input, ctx));

export const resumeComplaint = (deps: ComplaintDeps, call: ActionCall, input: ResumeInput) =>
  act(deps, call, 'complaint:resume', (complaint, ctx) => lifecycle.resume(complaint, input, ctx));

export const requestExtension = (deps: ComplaintDeps, call: ActionCall, input: ExtensionRequestInput) =>
  act(deps, call, 'complaint:extension:request', (complaint, ctx) =>
    extensions.requestExtension(complaint, { ...input, extensionId: newId('ext', ctx.now) }, ctx),
  );

export const decideExtension = (
  deps: ComplaintDeps,
  call: ActionCall,
  extensionId: string,
  input: ExtensionDecisionInput,
) =>
  act(deps, call, 'complaint:extension:decide', (complaint, ctx) =>
    extensions.decideExtension(complaint, { ...input, extensionId }, ctx),
  );

export const recordDecision = (deps: ComplaintDeps, call: ActionCall, input: DecisionInput) =>
  act(deps, call, 'complaint:decide', (complaint, ctx) => lifecycle.decide(complaint, input, ctx));

export const requestReview = (deps: ComplaintDeps, call: ActionCall) =>
  act(deps, call, 'complaint:review:request', lifecycle.requestReview);

export const decideReview = (deps: ComplaintDeps, call: ActionCall, input: ReviewDecisionInput) =>
  act(deps, call, 'complaint:review:decide', (complaint, ctx) =>
    lifecycle.decideReview(complaint, input, ctx),
  );

export const closeComplaint = (deps: ComplaintDeps, call: ActionCall, input: CloseInput) =>
  act(deps, call, 'complaint:close', (complaint, ctx) => lifecycle.close(complaint, input, ctx));

/**
 * A note: its text sealed with the complaint's key (opened once) and written with its audit
 * record. A note changes nothing of the complaint, so its version (the ETag) stays; If-Match is
 * still checked, like every action's.
 */
export async function addNote(
  deps: ComplaintDeps,
  call: ActionCall,
  input: NoteInput,
): Promise<ActionResult> {
  const stored = await loadAuthorised(deps, call.auth, 'complaint:note', call.complaintId);
  const { complaint } = stored;
  if (!versionMatches(call.expected, complaint.version)) {
    throw staleVersion('complaint', call.expected, complaint.version);
  }
  const now = deps.clock.now();
  const rules = await clockRules(deps);
  const transition = lifecycle.addNote(complaint, {
    actor: call.actor,
    now,
    settings: deps.settings,
    deadlines: rules.deadlines,
  });
  const opened = await openComplaintKey(deps, complaint.complaintId);
  if (opened === undefined) {
    throw new ConflictError('The complaint’s text was erased: no note can be added', { code: 'text-erased' });
  }
  const noteId = newId('note', now);
  const written = await deps.store.addNote(
    complaint.complaintId,
    stored.auditSeq,
    {
      noteId,
      at: now.toISOString(),
      author: call.actor.sub,
      sealedText: opened.sealer.seal(complaint.complaintId, noteField(noteId), input.text),
    },
    complaintAuditEntry(
      now,
      complaint.complaintId,
      call.actor,
      transition.audit.action,
      transition.audit.fields,
    ),
  );
  if (!written) {
    throw new ConflictError('The complaint changed meanwhile; read it again', { code: 'audit-conflict' });
  }
  return { view: complaintView(complaint, { sla: rules.slaAt(now) }), version: complaint.version };
}
