import type { Runtime } from '../../shared/runtime/runtime.js';
import { taskGatewayOnFirstUse } from '../../shared/workflows/task-gateway-on-first-use.js';
import { StepFunctionsGateway, type WorkflowGateway } from './service/workflow-gateway.js';

/**
 * The Step Functions gateway for the periodic review workflow. Imported only by the handlers
 * that start executions or complete task tokens, so no other bundle carries the SFN client, and
 * those load it on first use.
 */
export function stepFunctions(runtime: Runtime): WorkflowGateway {
  return new StepFunctionsGateway(
    taskGatewayOnFirstUse(runtime.env.STATE_MACHINE_PERIODIC_REVIEW_ARN, 'STATE_MACHINE_PERIODIC_REVIEW_ARN'),
  );
}
