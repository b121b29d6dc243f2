import type { StateMachineSpec } from '../../../shared/capability/types.js';
import {
  type AslState,
  deadlineStateOf,
  lambdaTask,
  waitForTokenTask,
} from '../../../shared/workflows/asl.js';

export { deadlineStateOf };

/**
 * RetentionCase: one execution per retention case (docs/domain-rules.md §20.5–20.6), started by
 * whoever opens the case, named after the case id (a second start of the same case is refused
 * by Step Functions, so a case never runs twice).
 *
 * 1. `prepare` carries out the strategy's automatic actions once (the care contact, the survey,
 *    the offer request: outbox events of the case), idempotently.
 * 2. The RM's outreach waits on a task token (`openStep`, step `outreach`) until the end of the
 *    3rd working day (`timeouts` computes the seconds from the case's `outreachDueAt`). A reached
 *    attempt (the API) answers the token: the window runs to its end (step `monitoring`). On
 *    States.Timeout the case is escalated to the branch supervisor (`escalate`) and the outreach
 *    waits again (step `escalated`) until the window's end.
 * 3. The window's end is a task token too (step `monitoring`, timeout = seconds to
 *    `windowEndsAt`), so a supervisor's early close can interrupt it like any other wait.
 * 4. `close` scores the customer again and records the outcome (RetentionCaseClosed).
 *
 * A supervisor's early close writes the closure through the API and fails the waiting token with
 * {@link RETENTION_CLOSED_EARLY}, caught everywhere: the execution ends. A step opened on a case
 * already closed fails its own token with the same error. Payloads carry the case id and the step
 * only: execution histories are not for personal data.
 */

/** The error a waiting step is failed with (SendTaskFailure) when its case was closed early. */
export const RETENTION_CLOSED_EARLY = 'Retention.ClosedEarly';

/** The waits of a case, each on a task token. */
export const CASE_STEPS = ['outreach', 'escalated', 'monitoring'] as const;
export type CaseStep = (typeof CASE_STEPS)[number];

export const RETENTION_TASKS_FUNCTION_ID = 'RetentionWorkflowTasks';

/** The states, in order. */
export const RETENTION_STATES = {
  prepare: 'Prepare',
  outreach: 'AwaitOutreach',
  escalate: 'Escalate',
  escalated: 'AwaitEscalatedOutreach',
  monitoring: 'AwaitWindowEnd',
  close: 'Close',
  closed: 'Closed',
  closedEarly: 'ClosedEarly',
} as const;

/** The payload of one action of RetentionWorkflowTasks: the action, the step if any, the case id. */
function tasksPayload(action: string, step: CaseStep | undefined): Record<string, unknown> {
  return { action, ...(step === undefined ? {} : { step }), 'caseId.$': '$.caseId' };
}

/** A Task state invoking one action of RetentionWorkflowTasks with the case id (and step). */
function tasksCall(action: string, step: CaseStep | undefined, rest: AslState): AslState {
  return lambdaTask(RETENTION_TASKS_FUNCTION_ID, tasksPayload(action, step), rest);
}

const closedEarlyCatch = {
  ErrorEquals: [RETENTION_CLOSED_EARLY],
  ResultPath: '$.interrupted',
  Next: 'ClosedEarly',
};

/** Compute the wait's timeout, then wait on a task token until then. */
function waitStates(
  step: CaseStep,
  state: string,
  next: string,
  onTimeout: string,
): Record<string, AslState> {
  return {
    [deadlineStateOf(state)]: tasksCall('timeouts', step, {
      ResultSelector: { 'seconds.$': '$.Payload.timeoutSeconds' },
      ResultPath: '$.timeout',
      Next: state,
    }),
    [state]: waitForTokenTask(
      RETENTION_TASKS_FUNCTION_ID,
      tasksPayload('openStep', step),
      { timeoutSecondsPath: '$.timeout.seconds', resultPath: '$.step' },
      {
        Catch: [
          { ErrorEquals: ['States.Timeout'], ResultPath: '$.interrupted', Next: onTimeout },
          closedEarlyCatch,
        ],
        Next: next,
      },
    ),
  };
}

const S = RETENTION_STATES;

export const retentionCaseStateMachine: StateMachineSpec = {
  id: 'RetentionCase',
  invokes: [RETENTION_TASKS_FUNCTION_ID],
  definition: {
    Comment:
      "A retention case: the strategy's actions, the RM's outreach within 3 working days (then the supervisor's), the 30-day window from the alert, the outcome.",
    StartAt: S.prepare,
    States: {
      [S.prepare]: tasksCall('prepare', undefined, {
        ResultPath: null,
        Catch: [closedEarlyCatch],
        Next: deadlineStateOf(S.outreach),
      }),
      ...waitStates('outreach', S.outreach, deadlineStateOf(S.monitoring), S.escalate),
      [S.escalate]: tasksCall('escalate', undefined, {
        ResultPath: null,
        Catch: [closedEarlyCatch],
        Next: deadlineStateOf(S.escalated),
      }),
      ...waitStates('escalated', S.escalated, deadlineStateOf(S.monitoring), S.close),
      ...waitStates('monitoring', S.monitoring, S.close, S.close),
      [S.close]: tasksCall('close', undefined, {
        ResultPath: null,
        Catch: [closedEarlyCatch],
        Next: S.closed,
      }),
      [S.closed]: { Type: 'Succeed' },
      [S.closedEarly]: { Type: 'Succeed' },
    },
  },
};
