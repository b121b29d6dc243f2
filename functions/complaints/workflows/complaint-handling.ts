import type { StateMachineSpec } from '../../../shared/capability/types.js';
import {
  type AslState,
  deadlineStateOf,
  lambdaTask,
  waitForTokenTask,
} from '../../../shared/workflows/asl.js';
import type { WorkflowStage } from '../domain/model.js';

export { deadlineStateOf };

/**
 * ComplaintHandling: one execution per complaint with a clock of its own (docs/domain-rules.md,
 * complaints: the workflow). Every human step waits on a task token the `openStep` task stores
 * with the complaint; the API answers it after the step's write. The step's timeout is the
 * seconds to the stage's pending deadline, computed by the `timeouts` task from the deadlines
 * stored with the complaint. A timeout cannot be changed once a step waits, so:
 * - when the deadline passes (States.Timeout) the breach is recorded and escalated
 *   (`recordBreach`) and the same step waits again, now until the stage's next deadline (the
 *   decision cap after the decision) or for the long wait;
 * - when the deadlines move (a pause, a resume, an approved extension, a calendar year
 *   loaded), the waiting step is failed with {@link COMPLAINT_DEADLINES_CHANGED} and caught:
 *   the timeout is computed again and the same step waits again, with a new token.
 * The review window is the one stage whose timeout is not a breach: the window ends
 * (`endReviewWindow`) and the complaint awaits closure. Payloads carry the complaint id and
 * the stage only: execution histories are not for personal data.
 */

/** The error a waiting step is failed with (SendTaskFailure) when its complaint's deadlines moved. */
export const COMPLAINT_DEADLINES_CHANGED = 'Complaint.DeadlinesChanged';

const TASKS_FUNCTION_ID = 'ComplaintsWorkflowTasks';

/** The states the execution passes through, in order (the await states wait on a task token). */
export const COMPLAINT_STATES = {
  prepare: 'Prepare',
  assignToQueue: 'AssignToQueue',
  acknowledgement: 'AwaitAcknowledgement',
  initialHandling: 'AwaitInitialHandling',
  investigation: 'Investigation',
  reviewWindow: 'ReviewWindow',
  reviewRequested: 'WasReviewRequested',
  endReviewWindow: 'EndReviewWindow',
  review: 'Review',
  closure: 'AwaitClosure',
  closed: 'Closed',
} as const;

/** The task that records the breach after `awaitState` timed out. */
export function breachStateOf(awaitState: string): string {
  return `${awaitState}Breached`;
}

/** The payload of one action of ComplaintsWorkflowTasks: the action, the stage if any, the complaint id. */
function tasksPayload(action: string, stage: WorkflowStage | undefined): Record<string, unknown> {
  return { action, ...(stage === undefined ? {} : { stage }), 'complaintId.$': '$.complaintId' };
}

/** A Task state invoking one action of ComplaintsWorkflowTasks with the complaint id (and stage). */
function tasksCall(action: string, stage: WorkflowStage | undefined, rest: AslState): AslState {
  return lambdaTask(TASKS_FUNCTION_ID, tasksPayload(action, stage), rest);
}

interface AwaitStage {
  readonly stage: WorkflowStage;
  readonly state: string;
  /** Where the execution goes once the step is done (the API answered its token). */
  readonly next: string;
  /** Where a timeout leads instead of the breach (record it, then wait again). */
  readonly timeoutEndsStageAt?: string;
}

/**
 * The states of one human step: compute its timeout, wait on a task token until then, and on
 * a timeout record the breach and wait again; on Complaint.DeadlinesChanged compute again and
 * wait again. The outcome of a step (`{status}` as the API sent it) lands in `$.step`; errors
 * caught land in `$.interrupted`, overwritten each time, so the state stays small.
 */
function awaitStates({ stage, state, next, timeoutEndsStageAt }: AwaitStage): Record<string, AslState> {
  const deadline = deadlineStateOf(state);
  const states: Record<string, AslState> = {
    [deadline]: tasksCall('timeouts', stage, {
      ResultSelector: { 'seconds.$': '$.Payload.timeoutSeconds' },
      ResultPath: '$.timeout',
      Next: state,
    }),
    [state]: waitForTokenTask(
      TASKS_FUNCTION_ID,
      tasksPayload('openStep', stage),
      { timeoutSecondsPath: '$.timeout.seconds', resultPath: '$.step' },
      {
        Catch: [
          {
            ErrorEquals: ['States.Timeout'],
            ResultPath: '$.interrupted',
            Next: timeoutEndsStageAt ?? breachStateOf(state),
          },
          { ErrorEquals: [COMPLAINT_DEADLINES_CHANGED], ResultPath: '$.interrupted', Next: deadline },
        ],
        Next: next,
      },
    ),
  };
  if (timeoutEndsStageAt === undefined) {
    states[breachStateOf(state)] = tasksCall('recordBreach', stage, { ResultPath: null, Next: deadline });
  }
  return states;
}

const S = COMPLAINT_STATES;

export const complaintHandlingStateMachine: StateMachineSpec = {
  id: 'ComplaintHandling',
  invokes: [TASKS_FUNCTION_ID],
  definition: {
    Comment:
      "Complaint handling on the regulator's clock: acknowledgement, initial handling, investigation to a decision, the review window, a review when asked, closure.",
    StartAt: S.prepare,
    States: {
      [S.prepare]: tasksCall('prepare', undefined, { ResultPath: null, Next: S.assignToQueue }),
      [S.assignToQueue]: tasksCall('assignToQueue', undefined, {
        ResultPath: null,
        Next: deadlineStateOf(S.acknowledgement),
      }),
      ...awaitStates({
        stage: 'acknowledgement',
        state: S.acknowledgement,
        next: deadlineStateOf(S.initialHandling),
      }),
      ...awaitStates({
        stage: 'initial-handling',
        state: S.initialHandling,
        next: deadlineStateOf(S.investigation),
      }),
      ...awaitStates({
        stage: 'investigation',
        state: S.investigation,
        next: deadlineStateOf(S.reviewWindow),
      }),
      ...awaitStates({
        stage: 'review-window',
        state: S.reviewWindow,
        next: S.reviewRequested,
        timeoutEndsStageAt: S.endReviewWindow,
      }),
      // The window ran out without a review request: not a breach, the complaint awaits closure.
      // If a request won the race, the task answers `in-review` and the review stage follows.
      [S.endReviewWindow]: tasksCall('endReviewWindow', undefined, {
        ResultSelector: { 'status.$': '$.Payload.status' },
        ResultPath: '$.step',
        Next: S.reviewRequested,
      }),
      [S.reviewRequested]: {
        Type: 'Choice',
        Choices: [
          {
            And: [
              { Variable: '$.step.status', IsPresent: true },
              { Variable: '$.step.status', StringEquals: 'in-review' },
            ],
            Next: deadlineStateOf(S.review),
          },
        ],
        Default: deadlineStateOf(S.closure),
      },
      ...awaitStates({
        stage: 'review',
        state: S.review,
        next: deadlineStateOf(S.closure),
      }),
      ...awaitStates({ stage: 'closure', state: S.closure, next: S.closed }),
      [S.closed]: { Type: 'Succeed' },
    },
  },
};
