import type { Runtime } from '../../shared/runtime/runtime.js';
import type { TaskTokenGateway } from '../../shared/workflows/task-gateway.js';
import { taskGatewayOnFirstUse } from '../../shared/workflows/task-gateway-on-first-use.js';

/**
 * The Step Functions gateway of the ComplaintHandling workflow. Imported only by the handlers
 * that start executions or answer waiting steps, so no other bundle carries the SFN client, and
 * those load it on first use.
 */
export function stepFunctions(runtime: Runtime): TaskTokenGateway {
  return taskGatewayOnFirstUse(
    runtime.env.STATE_MACHINE_COMPLAINT_HANDLING_ARN,
    'STATE_MACHINE_COMPLAINT_HANDLING_ARN',
  );
}
