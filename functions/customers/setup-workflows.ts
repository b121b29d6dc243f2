import { SFNClient } from '@aws-sdk/client-sfn';
import type { Runtime } from '../../shared/runtime/runtime.js';
import { StepFunctionsGateway, type WorkflowGateway } from './service/workflow-gateway.js';

/**
 * The Step Functions gateway for the periodic review workflow. Imported only by the handlers
 * that start executions or complete task tokens, so no other bundle carries the SFN client.
 */
export function stepFunctions(runtime: Runtime): WorkflowGateway {
  return new StepFunctionsGateway(new SFNClient({}), runtime.env.STATE_MACHINE_PERIODIC_REVIEW_ARN);
}
