import { buildEvent } from '../../../../shared/events/define.js';
import { idField } from '../../../../shared/events/fields.js';
import type { OutboxEvent } from '../../../../shared/outbox/index.js';
import * as z from '../../../../shared/zod.js';
import type { CaseOutcome } from '../../domain/model.js';
import {
  RetentionCaseEscalated,
  RetentionContactRequested,
  RetentionOfferRequested,
  RetentionSurveyRequested,
} from '../../events.js';
import { CASE_STEPS, type CaseStep, RETENTION_CLOSED_EARLY } from '../../workflows/retention-case.js';
import type { RetentionCase } from '../ports.js';
import { changeCase } from './case-change.js';
import { countCaseClosed, countCaseEscalated } from './case-metrics.js';
import { closingChange, outcomeNow } from './closing.js';
import type { CaseDeps } from './deps.js';
import { kpiDayOf, stepTimeoutSeconds } from './schedule.js';

/**
 * The RetentionCase workflow's tasks (workflows/retention-case.ts, docs/domain-rules.md
 * §20.5–20.6). Each is given the case id (and the step) only, reads the case, and writes through
 * the store's revision guard: an attempt recorded through the API at the same moment wins, and
 * the task reads again. Each is idempotent: a retried task changes nothing twice.
 */

const step = z.enum(CASE_STEPS);

/**
 * The payloads the state machine sends its tasks (strict: a payload carrying more, or less,
 * fails the task instead of being guessed at; execution histories are not for personal data).
 */
export const caseTaskSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('prepare'), caseId: idField }),
  z.strictObject({ action: z.literal('timeouts'), caseId: idField, step }),
  z.strictObject({
    action: z.literal('openStep'),
    caseId: idField,
    step,
    taskToken: z.string().check(z.minLength(1), z.maxLength(2048)),
  }),
  z.strictObject({ action: z.literal('escalate'), caseId: idField }),
  z.strictObject({ action: z.literal('close'), caseId: idField }),
]);
export type CaseTask = z.output<typeof caseTaskSchema>;

/** Runs one task: what the RetentionWorkflowTasks function does with a parsed payload. */
export async function runCaseTask(deps: CaseDeps, task: CaseTask): Promise<Record<string, unknown>> {
  switch (task.action) {
    case 'prepare':
      return prepare(deps, task.caseId);
    case 'timeouts':
      return stepTimeout(deps, task.caseId, task.step);
    case 'openStep':
      return openStep(deps, task.caseId, task.step, task.taskToken);
    case 'escalate': {
      const escalated = await escalate(deps, task.caseId);
      if (escalated.escalated) countCaseEscalated();
      return escalated;
    }
    case 'close': {
      const closed = await close(deps, task.caseId);
      if (closed.closedNow !== undefined) countCaseClosed(closed.closedNow, false);
      return { outcome: closed.outcome };
    }
  }
}

/** The strategy's automatic request, if it has one (docs/domain-rules.md §20.5). */
function strategyRequest(retentionCase: RetentionCase, now: Date): OutboxEvent | undefined {
  const ids = {
    caseId: retentionCase.caseId,
    customerId: retentionCase.customerId,
    branch: retentionCase.branch,
  };
  // One request per case and kind: engagement and recommendations act once per request id.
  const requestId = (kind: string) => `${retentionCase.caseId}-${kind}`;
  const at = now.toISOString();
  switch (retentionCase.strategy) {
    case 'offer':
      return buildEvent(RetentionOfferRequested, { requestId: requestId('offer'), ...ids, at }, now);
    case 'care-contact':
      return buildEvent(
        RetentionContactRequested,
        {
          requestId: requestId('care'),
          customerId: retentionCase.customerId,
          purpose: 'care',
          templateId: 'retention-care',
          latestAt: retentionCase.outreachDueAt,
          regarding: retentionCase.caseId,
        },
        now,
      );
    case 'return-visit-survey':
      return buildEvent(RetentionSurveyRequested, { requestId: requestId('survey'), ...ids, at }, now);
    // The supervisor calls (the case is theirs from the start), or the RM meets the customer:
    // nothing is sent automatically.
    case 'supervisor-call':
    case 'rm-meeting':
      return undefined;
  }
}

/**
 * The case's automatic actions, once (the `prepared` flag is written with the request): the
 * offer request, the care contact (purpose care, due by the outreach's end), the survey. A
 * closed case sends nothing.
 */
export async function prepare(deps: CaseDeps, caseId: string): Promise<{ requested: boolean }> {
  const now = deps.clock.now();
  return changeCase<{ requested: boolean }>(deps, caseId, (stored) => {
    if (stored.prepared || stored.case.status === 'closed') return { result: { requested: false } };
    const request = strategyRequest(stored.case, now);
    return {
      change: {
        case: stored.case,
        from: stored,
        prepared: true,
        events: request === undefined ? [] : [request],
      },
      result: { requested: request !== undefined },
    };
  });
}

/** Seconds the step waits before its timeout fires (see stepTimeoutSeconds). */
export async function stepTimeout(
  deps: CaseDeps,
  caseId: string,
  caseStep: CaseStep,
): Promise<{ timeoutSeconds: number }> {
  const stored = await deps.store.get(caseId);
  if (stored === undefined) throw new UnknownCaseError();
  return { timeoutSeconds: stepTimeoutSeconds(stored.case, caseStep, deps.clock.now()) };
}

/** The workflow names a case that is not there (a defect): the task fails, the execution's alarms see it. */
export class UnknownCaseError extends Error {
  override readonly name = 'UnknownCaseError';
  constructor() {
    super('The workflow names a retention case that does not exist');
  }
}

/** Whether a case has moved past a step (the step's work was done before the workflow got there). */
function pastStep(status: RetentionCase['status'], caseStep: CaseStep): boolean {
  return caseStep !== 'monitoring' && status === 'monitoring';
}

/**
 * The workflow waits on a task token: it is stored with the case for the API to answer (a
 * reached attempt) or fail (an early close). Bookkeeping: the case's version stays. A case
 * closed already fails its own token with Retention.ClosedEarly (the execution ends); a case
 * whose customer was reached before the workflow got here answers its own token at once.
 */
export async function openStep(
  deps: CaseDeps,
  caseId: string,
  caseStep: CaseStep,
  taskToken: string,
): Promise<{ waiting: boolean }> {
  const now = deps.clock.now();
  const position = await changeCase<'waiting' | 'closed' | 'past'>(deps, caseId, (stored) => {
    if (stored.case.status === 'closed') return { result: 'closed' };
    if (pastStep(stored.case.status, caseStep)) return { result: 'past' };
    return {
      change: {
        case: { ...stored.case, waiting: { step: caseStep, taskToken } },
        from: stored,
        events: [],
      },
      result: 'waiting',
    };
  });
  if (position === 'closed') {
    await deps.workflows.failTask(taskToken, RETENTION_CLOSED_EARLY, 'The case is closed');
    return { waiting: false };
  }
  if (position === 'past') {
    await deps.workflows.completeTask(taskToken, { status: 'monitoring', at: now.toISOString() });
    return { waiting: false };
  }
  return { waiting: true };
}

/**
 * The outreach was not done by its due time: the case goes to the branch supervisor
 * (status escalated, RetentionCaseEscalated, KPI casesEscalated). Only from `outreach`: a case
 * reached or closed meanwhile, or escalated by a retried task, is left as it is.
 */
export async function escalate(deps: CaseDeps, caseId: string): Promise<{ escalated: boolean }> {
  const now = deps.clock.now();
  return changeCase<{ escalated: boolean }>(deps, caseId, (stored) => {
    const current = stored.case;
    if (current.status !== 'outreach') return { result: { escalated: false } };
    const { waiting: _timedOut, ...rest } = current;
    return {
      change: {
        case: {
          ...rest,
          status: 'escalated',
          // The outreach is late: the branch supervisor takes the case over.
          assignedTo: 'supervisor',
          escalatedAt: now.toISOString(),
          version: current.version + 1,
        },
        from: stored,
        events: [
          buildEvent(
            RetentionCaseEscalated,
            { caseId, customerId: current.customerId, branch: current.branch, at: now.toISOString() },
            now,
          ),
        ],
        kpi: { branch: current.branch, day: kpiDayOf(now), increments: { casesEscalated: 1 } },
      },
      result: { escalated: true },
    };
  });
}

/**
 * The window ended: the customer is scored again and the outcome recorded (RetentionCaseClosed,
 * the outcome's KPI count, the marker released). A case closed already (early) is left as it is.
 */
export async function close(
  deps: CaseDeps,
  caseId: string,
): Promise<{ outcome: string; closedNow?: CaseOutcome }> {
  const now = deps.clock.now();
  return changeCase<{ outcome: string; closedNow?: CaseOutcome }>(deps, caseId, async (stored) => {
    if (stored.case.status === 'closed') return { result: { outcome: stored.case.outcome ?? 'closed' } };
    const outcome = await outcomeNow(deps, stored.case);
    return { change: closingChange(stored, outcome, now), result: { outcome, closedNow: outcome } };
  });
}
