import { SFNClient } from '@aws-sdk/client-sfn';
import type { Runtime } from '../../shared/runtime/runtime.js';
import { StepFunctionsTaskGateway, type TaskTokenGateway } from '../../shared/workflows/task-gateway.js';

/**
 * The Step Functions gateway of the ComplaintHandling workflow. Imported only by the handlers
 * that start executions or answer waiting steps, so no other bundle carries the SFN client.
 */
export function stepFunctions(runtime: Runtime): TaskTokenGateway {
  return new StepFunctionsTaskGateway(
    new SFNClient({}),
    runtime.env.STATE_MACHINE_COMPLAINT_HANDLING_ARN,
    'STATE_MACHINE_COMPLAINT_HANDLING_ARN',
  );
}
