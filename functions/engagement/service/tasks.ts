import type { ResourceAttributes } from '../../../shared/auth/policy.js';
import type { AuthContext } from '../../../shared/auth/types.js';
import { buildEvent } from '../../../shared/events/index.js';
import type { Actor } from '../../../shared/http/caller.js';
import { type IfMatchVersion, staleVersion, versionMatches } from '../../../shared/http/headers.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../shared/http/problem.js';
import type { JobItems } from '../../../shared/messaging/job-items.js';
import { mirroredCalendar } from '../../../shared/time/calendar-mirror.js';
import {
  escalated as escalatedTask,
  followUpTaskId,
  needsFollowUp,
  recordAttempt,
  returnVisitTaskId,
  type Task,
  type TaskAttempt,
  workingDaysDue,
} from '../domain/task.js';
import type { AttemptInput, ListTasksQuery } from '../domain/task-schemas.js';
import { EngagementTaskCompleted, EngagementTaskEscalated, EngagementTaskOpened } from '../events.js';
import { type EngagementAction, engagementPolicy } from '../policy.js';
import type { TaskPage, TaskScope } from '../store/task-store.js';
import type { TaskDeps } from './task-deps.js';

/**
 * Return visits, survey follow-ups and their attempts (docs/domain-rules.md §18.6): a task opened
 * once per closed complaint or poor survey answer (ids derived from them, so a redelivered event
 * opens nothing), escalated once when missed, done when the customer was reached or after the
 * configured number of attempts. Who sees a task follows the customer's scope.
 */

/** How many due tasks one minute's run escalates at most (the rest wait for the next minute). */
export const ESCALATIONS_PER_RUN = 200;

/** The closure of a complaint as the consumer read it from ComplaintClosed. */
export interface ClosedComplaint {
  readonly complaintId: string;
  readonly customerId: string;
  readonly branch: string;
  readonly closedAt: string;
}

/**
 * ComplaintClosed: a return visit for the complaint's queue (and its handler), due at the end of
 * the `returnVisitWorkingDays`-th working day after closure, and `complaintsClosed` counted in
 * the closure day's bucket, with EngagementTaskOpened, in one transaction. A complaint whose
 * receipt engagement never saw (closed before engagement was deployed) still gets its visit,
 * for the branch without a queue. `false` when the visit was opened already.
 */
export async function openReturnVisit(deps: TaskDeps, closed: ClosedComplaint): Promise<boolean> {
  const [complaint, customer, calendar] = await Promise.all([
    deps.store.complaintFacts(closed.complaintId),
    deps.facts.factsOf(closed.customerId),
    mirroredCalendar(deps.calendarMirror),
  ]);
  const due = workingDaysDue(calendar, new Date(closed.closedAt), deps.settings.returnVisitWorkingDays);
  const now = deps.clock.now();
  const task: Task = {
    taskId: returnVisitTaskId(closed.complaintId),
    kind: 'complaint-return-visit',
    status: 'open',
    customerId: closed.customerId,
    branch: closed.branch,
    rmId: customer?.rmId,
    queue: complaint?.queue,
    assignee: complaint?.assignee,
    complaintId: closed.complaintId,
    closedAt: closed.closedAt,
    openedAt: now.toISOString(),
    dueAt: due.dueAt,
    dueProvisional: due.provisional,
    attempts: 0,
    version: 1,
  };
  return deps.store.open(task, openedEvent(task, now), {
    branch: closed.branch,
    at: closed.closedAt,
    increments: { complaintsClosed: 1 },
  });
}

/** A survey answer as the consumer read it from SurveyAnswered. */
export interface SurveyAnswer {
  readonly surveyId: string;
  readonly customerId: string;
  readonly branch: string;
  readonly complaintId?: string | undefined;
  readonly csat: number;
  readonly unresolved: boolean;
  readonly at: string;
}

/**
 * SurveyAnswered with a CSAT at or below `followUpCsatAtOrBelow`, or unresolved: a follow-up for
 * the branch's supervisors (no assignee), due `followUpWorkingDays` working days after the
 * answer. Any other answer opens nothing. `false` when nothing was opened.
 */
export async function openFollowUp(deps: TaskDeps, answer: SurveyAnswer): Promise<boolean> {
  if (!needsFollowUp(answer, deps.settings)) return false;
  const [customer, calendar] = await Promise.all([
    deps.facts.factsOf(answer.customerId),
    mirroredCalendar(deps.calendarMirror),
  ]);
  const due = workingDaysDue(calendar, new Date(answer.at), deps.settings.followUpWorkingDays);
  const now = deps.clock.now();
  const task: Task = {
    taskId: followUpTaskId(answer.surveyId),
    kind: 'survey-follow-up',
    status: 'open',
    customerId: answer.customerId,
    branch: answer.branch,
    rmId: customer?.rmId,
    complaintId: answer.complaintId,
    surveyId: answer.surveyId,
    openedAt: now.toISOString(),
    dueAt: due.dueAt,
    dueProvisional: due.provisional,
    attempts: 0,
    version: 1,
  };
  return deps.store.open(task, openedEvent(task, now));
}

/** EngagementTaskOpened for `task` (ids only; a periodic visit's RM is in the task, not the event). */
export function openedEvent(task: Task, now: Date) {
  return buildEvent(
    EngagementTaskOpened,
    {
      taskId: task.taskId,
      kind: task.kind,
      customerId: task.customerId,
      branch: task.branch,
      ...(task.assignee === undefined || task.assignee.startsWith('RM#') ? {} : { assignee: task.assignee }),
      ...(task.queue === undefined ? {} : { queue: task.queue }),
      ...(task.complaintId === undefined ? {} : { complaintId: task.complaintId }),
      ...(task.surveyId === undefined ? {} : { surveyId: task.surveyId }),
      dueAt: task.dueAt,
      at: now.toISOString(),
    },
    now,
  );
}

/**
 * The minute job's escalation: every open task past its due time becomes `escalated` (once: it
 * leaves byDue) with EngagementTaskEscalated, for the branch supervisors. A task changed by an
 * attempt meanwhile is left for the next run; a task that cannot be escalated is dead-lettered
 * through `items` and the run goes on. Counts for the log.
 */
export async function escalateDueTasks(
  deps: TaskDeps,
  now: Date,
  items: JobItems,
): Promise<{ escalated: number }> {
  const at = now.toISOString();
  let escalated = 0;
  for (const task of await deps.store.dueTasks(at, ESCALATIONS_PER_RUN)) {
    const next = escalatedTask(task, at);
    if (next === undefined) continue;
    const done = await items.run({ kind: 'task', id: task.taskId }, async () => {
      const event = buildEvent(
        EngagementTaskEscalated,
        {
          taskId: task.taskId,
          kind: task.kind,
          customerId: task.customerId,
          branch: task.branch,
          dueAt: task.dueAt,
          at,
        },
        now,
      );
      return deps.store.escalate(next, task.version, event);
    });
    if (done.ok && done.value === 'written') escalated += 1;
  }
  return { escalated };
}

/**
 * The attributes the policy decides on for a task (docs/domain-rules.md §18.8): its branch; its
 * RM (an RM's book; a survey follow-up is the supervisors' and no RM's); whether it is assigned
 * to the caller (a service agent's `agent-access`).
 */
export function taskAccessOf(auth: AuthContext, task: Task): ResourceAttributes {
  return {
    branch: task.branch,
    rmId: task.kind === 'survey-follow-up' ? undefined : task.rmId,
    agentAccess: task.assignee !== undefined && task.assignee === auth.sub,
  };
}

const taskNotFound = () => new NotFoundError('No such return visit or task', { code: 'task-not-found' });

/** The task if the caller may `action` it; one out of their scope is the 404 of a missing one. */
async function loadReachable(
  deps: Pick<TaskDeps, 'store'>,
  auth: AuthContext,
  action: EngagementAction,
  taskId: string,
): Promise<Task> {
  const task = await deps.store.get(taskId);
  if (task === undefined || !engagementPolicy.decide(auth, action, taskAccessOf(auth, task)).allowed) {
    throw taskNotFound();
  }
  return task;
}

/**
 * The list scope of a caller: the complaints unit every task, a supervisor their branch, an RM
 * their book, a service agent the tasks assigned to them.
 */
export function taskScopeOf(auth: AuthContext): TaskScope {
  if (auth.role === 'service-agent') return { kind: 'assignee', sub: auth.sub };
  const scope = engagementPolicy.scopeFilter(auth, 'visit:list');
  switch (scope.kind) {
    case 'all':
      return scope;
    case 'branch':
      return scope;
    case 'rm':
      if (auth.branch === undefined) break;
      return { kind: 'rm', branch: auth.branch, rmId: scope.rmId };
    case 'none':
      break;
  }
  throw new ForbiddenError('You have no return visits to list', { code: 'access-denied' });
}

/** One page of the tasks the caller may see, soonest due first, narrowed by status and kind. */
export async function listTasks(
  deps: Pick<TaskDeps, 'store'>,
  auth: AuthContext,
  query: ListTasksQuery,
): Promise<TaskPage> {
  return deps.store.list(
    taskScopeOf(auth),
    { status: query.status, kind: query.kind },
    query.limit,
    query.cursor,
  );
}

/** What an attempt answers: the task after it and the attempts so far (never their notes). */
export interface AttemptResult {
  readonly task: Task;
  readonly attempts: readonly TaskAttempt[];
}

/**
 * An attempt to reach the customer (docs/domain-rules.md §18.6), on the version named by
 * If-Match: the notes sealed with the customer's engagement key (never returned, logged or
 * evented); done when the customer was reached or this was the `visitMaxAttempts`-th attempt,
 * then EngagementTaskCompleted and, for a complaint's return visit, `complaintVisitsCompleted`
 * in the closure day's bucket, all in the attempt's transaction.
 */
export async function attempt(
  deps: TaskDeps,
  call: {
    readonly auth: AuthContext;
    readonly actor: Actor;
    readonly taskId: string;
    readonly expected: IfMatchVersion;
  },
  input: AttemptInput,
): Promise<AttemptResult> {
  const task = await loadReachable(deps, call.auth, 'visit:attempt', call.taskId);
  if (!versionMatches(call.expected, task.version)) throw staleVersion('task', call.expected, task.version);
  const now = deps.clock.now();
  const at = now.toISOString();
  const { notes, ...report } = input;
  const result = recordAttempt(
    task,
    { ...report, hasNotes: notes !== undefined },
    { now: at, by: call.actor.sub, visitMaxAttempts: deps.settings.visitMaxAttempts },
  );
  const sealedNotes = notes === undefined ? undefined : await sealNotes(deps, task, result.attempt.n, notes);
  const outcome = await deps.store.recordAttempt({
    task: result.task,
    expectedVersion: task.version,
    attempt: result.attempt,
    sealedNotes,
    events: result.completed ? [completedEvent(result.task, now)] : [],
    kpi:
      result.completed && task.kind === 'complaint-return-visit' && task.closedAt !== undefined
        ? { branch: task.branch, at: task.closedAt, increments: { complaintVisitsCompleted: 1 } }
        : undefined,
  });
  if (outcome === 'not-found') throw taskNotFound();
  if (outcome === 'version-conflict') throw staleVersion('task', call.expected);
  return { task: result.task, attempts: await deps.store.attempts(task.taskId) };
}

/**
 * The notes sealed with the customer's engagement key, bound to the task and the attempt. An
 * erased customer's key is gone for good: no new text is kept about them.
 */
async function sealNotes(deps: TaskDeps, task: Task, n: number, notes: string): Promise<string> {
  const facts = await deps.facts.factsOf(task.customerId);
  if (facts?.erased === true) {
    throw new ConflictError('The customer was erased: no notes are kept about them', {
      code: 'customer-erased',
    });
  }
  const sealer = await deps.keys.sealerFor(task.customerId);
  return sealer.seal(task.taskId, attemptNotesField(n), notes);
}

/** The sealed field of an attempt's notes (the associated data with the task id). */
export const attemptNotesField = (n: number): string => `attempt.${n}.notes`;

function completedEvent(task: Task, now: Date) {
  const outcome = task.outcome;
  return buildEvent(
    EngagementTaskCompleted,
    {
      taskId: task.taskId,
      kind: task.kind,
      customerId: task.customerId,
      branch: task.branch,
      ...(task.complaintId === undefined ? {} : { complaintId: task.complaintId }),
      reached: outcome?.reached ?? false,
      ...(outcome?.resolved === undefined ? {} : { resolved: outcome.resolved }),
      ...(outcome?.csat === undefined ? {} : { csat: outcome.csat }),
      attempts: task.attempts,
      followUpNeeded: outcome?.followUpNeeded ?? false,
      at: now.toISOString(),
    },
    now,
  );
}
