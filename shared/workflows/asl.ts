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
