import { onFirstUse } from '../runtime/on-first-use.js';
import type { TaskTokenGateway } from './task-gateway.js';

/**
 * The Step Functions gateway of the state machine whose ARN `arnVariable` holds, built on first
 * use: the SFN client is loaded then (a chunk of its own, docs/operations.md §1), so a cold start
 * pays nothing for it, and most invocations of the functions that hold one never start or answer
 * a workflow. A missing ARN still fails plainly on `start`.
 * @example const workflows = taskGatewayOnFirstUse(runtime.env.STATE_MACHINE_X_ARN, 'STATE_MACHINE_X_ARN');
 */
export function taskGatewayOnFirstUse(
  stateMachineArn: string | undefined,
  arnVariable: string,
): TaskTokenGateway {
  const gateway = onFirstUse(async () =>
    (await import('./step-functions-client.js')).stepFunctionsTaskGateway(stateMachineArn, arnVariable),
  );
  return {
    start: async (name, input) => (await gateway()).start(name, input),
    completeTask: async (taskToken, output) => (await gateway()).completeTask(taskToken, output),
    failTask: async (taskToken, error, cause) => (await gateway()).failTask(taskToken, error, cause),
  };
}
