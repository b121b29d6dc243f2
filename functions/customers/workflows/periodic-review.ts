import type { StateMachineSpec } from '../../../shared/capability/types.js';
import {
  functionArnPlaceholder,
  LAMBDA_INVOKE,
  LAMBDA_INVOKE_WAIT_FOR_TASK_TOKEN,
  LAMBDA_RETRY,
} from '../../../shared/workflows/asl.js';

/**
 * Periodic information review (docs/domain-rules.md §10.2). The RM has 10 working days, then
 * the branch supervisor 5 more, then the review is marked overdue. The deadlines are counted when
 * the review opens and stored with it; a task turns them into seconds, and the human steps
 * wait for a task token whose timeout is the deadline. A timeout cannot be changed once the
 * step waits, so when a newly loaded calendar year moves a provisional deadline, the waiting
 * step is failed with {@link DEADLINES_CHANGED} and caught: the timeouts are computed again
 * from the stored deadlines and the same step waits again, with a new token. The payload
 * carries ids only: workflow histories are not for PII.
 */

/** The error a waiting step is failed with (SendTaskFailure) when its review's deadlines moved. */
export const DEADLINES_CHANGED = 'Review.DeadlinesChanged';
const invoke = LAMBDA_INVOKE;
const invokeAndWait = LAMBDA_INVOKE_WAIT_FOR_TASK_TOKEN;
const tasksFunction = functionArnPlaceholder('CustomersReviewTasks');
const lambdaRetry = LAMBDA_RETRY;

export const periodicReviewStateMachine: StateMachineSpec = {
  id: 'PeriodicReview',
  invokes: ['CustomersReviewTasks'],
  definition: {
    Comment: 'Periodic customer information review: RM, then supervisor escalation, then overdue.',
    StartAt: 'ComputeDeadlines',
    States: {
      ComputeDeadlines: {
        Type: 'Task',
        Resource: invoke,
        Parameters: {
          FunctionName: tasksFunction,
          Payload: { action: 'computeDeadlines', 'reviewId.$': '$.reviewId' },
        },
        ResultSelector: {
          'rmTimeoutSeconds.$': '$.Payload.rmTimeoutSeconds',
          'supervisorTimeoutSeconds.$': '$.Payload.supervisorTimeoutSeconds',
        },
        ResultPath: '$.deadlines',
        Retry: lambdaRetry,
        Next: 'AwaitRelationshipManager',
      },
      AwaitRelationshipManager: {
        Type: 'Task',
        Resource: invokeAndWait,
        Parameters: {
          FunctionName: tasksFunction,
          Payload: {
            action: 'openTask',
            stage: 'rm',
            'reviewId.$': '$.reviewId',
            'taskToken.$': '$$.Task.Token',
          },
        },
        TimeoutSecondsPath: '$.deadlines.rmTimeoutSeconds',
        ResultPath: '$.outcome',
        Retry: lambdaRetry,
        Catch: [
          { ErrorEquals: ['States.Timeout'], ResultPath: '$.rmTimeout', Next: 'AwaitSupervisor' },
          { ErrorEquals: [DEADLINES_CHANGED], ResultPath: '$.deadlinesChanged', Next: 'ComputeDeadlines' },
        ],
        Next: 'Completed',
      },
      AwaitSupervisor: {
        Type: 'Task',
        Resource: invokeAndWait,
        Parameters: {
          FunctionName: tasksFunction,
          Payload: {
            action: 'openTask',
            stage: 'supervisor',
            'reviewId.$': '$.reviewId',
            'taskToken.$': '$$.Task.Token',
          },
        },
        TimeoutSecondsPath: '$.deadlines.supervisorTimeoutSeconds',
        ResultPath: '$.outcome',
        Retry: lambdaRetry,
        Catch: [
          { ErrorEquals: ['States.Timeout'], ResultPath: '$.supervisorTimeout', Next: 'MarkOverdue' },
          {
            ErrorEquals: [DEADLINES_CHANGED],
            ResultPath: '$.deadlinesChanged',
            Next: 'RecomputeSupervisorDeadline',
          },
        ],
        Next: 'Completed',
      },
      // The supervisor's deadline moved while the supervisor's step waited: the same task as
      // ComputeDeadlines (the RM deadline has passed, so only the supervisor's timeout counts).
      RecomputeSupervisorDeadline: {
        Type: 'Task',
        Resource: invoke,
        Parameters: {
          FunctionName: tasksFunction,
          Payload: { action: 'computeDeadlines', 'reviewId.$': '$.reviewId' },
        },
        ResultSelector: {
          'rmTimeoutSeconds.$': '$.Payload.rmTimeoutSeconds',
          'supervisorTimeoutSeconds.$': '$.Payload.supervisorTimeoutSeconds',
        },
        ResultPath: '$.deadlines',
        Retry: lambdaRetry,
        Next: 'AwaitSupervisor',
      },
      MarkOverdue: {
        Type: 'Task',
        Resource: invoke,
        Parameters: {
          FunctionName: tasksFunction,
          Payload: { action: 'markOverdue', 'reviewId.$': '$.reviewId' },
        },
        ResultPath: null,
        Retry: lambdaRetry,
        Next: 'Overdue',
      },
      Overdue: { Type: 'Succeed' },
      Completed: { Type: 'Succeed' },
    },
  },
};
