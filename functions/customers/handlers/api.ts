import { createHttpApi } from '../../../shared/http/api-handler.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import { customerApi } from '../api/route-handlers.js';
import { customersPolicy } from '../policy.js';
import { setup } from '../setup.js';
import { keyMaterial } from '../setup-keys.js';
import { stepFunctions } from '../setup-workflows.js';

/** The customers API Lambda: every route of the capability, dispatched by the HTTP router. */
export function createHandler(runtime: Runtime) {
  const { deps } = setup(runtime, { keys: keyMaterial, workflows: stepFunctions });
  return createHttpApi(customerApi(deps), { policy: customersPolicy });
}

export const handler = createHandler(lambdaRuntime());
