/**
 * Building blocks of the capabilities' Amazon States Language definitions (JSONPath). The
 * `${...}` placeholders are DefinitionSubstitutions: CDK fills in the partition and each
 * invoked function's ARN (`Fn_<function id>`, the ids listed in the spec's `invokes`), and so
 * does the local cloud (infra/local/asl.ts).
 */

// biome-ignore lint/suspicious/noTemplateCurlyInString: a DefinitionSubstitutions placeholder, not a template
export const LAMBDA_INVOKE = 'arn:${Partition}:states:::lambda:invoke';
// biome-ignore lint/suspicious/noTemplateCurlyInString: a DefinitionSubstitutions placeholder, not a template
export const LAMBDA_INVOKE_WAIT_FOR_TASK_TOKEN = 'arn:${Partition}:states:::lambda:invoke.waitForTaskToken';

/** The placeholder CDK replaces with the ARN of the capability's function `functionId`. */
export function functionArnPlaceholder(functionId: string): string {
  return `\${Fn_${functionId}}`;
}

/**
 * Retries of a Lambda task on the Lambda service's own transient errors (throttles, service
 * faults), with backoff. An error the function itself throws is not retried: a task given a
 * malformed payload or meeting a defect fails the execution, where alarms see it.
 */
export const LAMBDA_RETRY = [
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

/** A state of a definition, as the ASL JSON has it. */
export type AslState = Record<string, unknown>;

/**
 * A Task state invoking the capability's function `functionId` with `payload`, retried on the
 * Lambda service's transient errors; `rest` adds the state's own fields (ResultPath, Catch, Next…).
 */
export function lambdaTask(functionId: string, payload: Record<string, unknown>, rest: AslState): AslState {
  return {
    Type: 'Task',
    Resource: LAMBDA_INVOKE,
    Parameters: { FunctionName: functionArnPlaceholder(functionId), Payload: payload },
    Retry: LAMBDA_RETRY,
    ...rest,
  };
}

/** Where a wait-for-token task reads its timeout and puts the answer to its token. */
export interface TokenWait {
  /** The path to the seconds the task waits at most before failing with States.Timeout. */
  readonly timeoutSecondsPath: string;
  /** Where the output sent with the token (SendTaskSuccess) lands in the state. */
  readonly resultPath: string;
}

/**
 * A Task state that invokes `functionId` with `payload` and the execution's task token
 * (`taskToken`), then waits until someone answers the token or the timeout at
 * `wait.timeoutSecondsPath` passes; `rest` adds the state's own fields (Catch, Next…).
 */
export function waitForTokenTask(
  functionId: string,
  payload: Record<string, unknown>,
  wait: TokenWait,
  rest: AslState,
): AslState {
  return {
    Type: 'Task',
    Resource: LAMBDA_INVOKE_WAIT_FOR_TASK_TOKEN,
    Parameters: {
      FunctionName: functionArnPlaceholder(functionId),
      Payload: { ...payload, 'taskToken.$': '$$.Task.Token' },
    },
    TimeoutSecondsPath: wait.timeoutSecondsPath,
    ResultPath: wait.resultPath,
    Retry: LAMBDA_RETRY,
    ...rest,
  };
}

/** The task that computes the timeout of the wait `awaitState` (its name is the wait's plus `Deadline`). */
export function deadlineStateOf(awaitState: string): string {
  return `${awaitState}Deadline`;
}
