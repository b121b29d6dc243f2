import { SFNClient } from '@aws-sdk/client-sfn';
import { StepFunctionsTaskGateway, type TaskTokenGateway } from './task-gateway.js';

// Loaded with `import()` by task-gateway-on-first-use.ts only: the SFN client is a chunk of
// its own in the bundle, read when a function first starts or answers a workflow.

// One client per process (per Lambda container).
let client: SFNClient | undefined;

/** The process's one Step Functions client. */
export function sharedSfnClient(): SFNClient {
  client ??= new SFNClient({});
  return client;
}

/** The Step Functions gateway of one state machine, on the process's client. */
export function stepFunctionsTaskGateway(
  stateMachineArn: string | undefined,
  arnVariable: string,
): TaskTokenGateway {
  return new StepFunctionsTaskGateway(sharedSfnClient(), stateMachineArn, arnVariable);
}
