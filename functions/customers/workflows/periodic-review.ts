import type { StateMachineSpec } from '../../../shared/capability/types.js';

/**
 * Periodic information review (REFERENCE.md §9). The RM has 10 working days, then the
 * branch supervisor 5 more, then the review is marked overdue. Deadlines are computed by a
 * task from the working-day calendar; the human steps wait for a task token whose timeout
 * is the deadline. The payload carries ids only: workflow histories are not for PII.
 */
// biome-ignore lint/suspicious/noTemplateCurlyInString: a DefinitionSubstitutions placeholder, not a template
const invoke = 'arn:${Partition}:states:::lambda:invoke';
// biome-ignore lint/suspicious/noTemplateCurlyInString: a DefinitionSubstitutions placeholder, not a template
const invokeAndWait = 'arn:${Partition}:states:::lambda:invoke.waitForTaskToken';
// biome-ignore lint/suspicious/noTemplateCurlyInString: a DefinitionSubstitutions placeholder, not a template
const tasksFunction = '${Fn_CustomersReviewTasks}';

const lambdaRetry = [
  {
    ErrorEquals: [
      'Lambda.ServiceException',
      'Lambda.AWSLambdaException',
      'Lambda.SdkClientException',
      'Lambda.TooManyRequestsException',
    ],
    IntervalSeconds: 2,
    MaxAttempts: 3,
    BackoffRate: 2,
  },
];

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
        Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.rmTimeout', Next: 'AwaitSupervisor' }],
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
        Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.supervisorTimeout', Next: 'MarkOverdue' }],
        Next: 'Completed',
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
