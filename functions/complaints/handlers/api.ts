import { createHttpApi } from '../../../shared/http/api-handler.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import { reportRouteHandlers } from '../api/report-handlers.js';
import { complaintApi } from '../api/route-handlers.js';
import { complaintsPolicy } from '../policy.js';
import { setup } from '../setup.js';
import { keyMaterial } from '../setup-keys.js';
import { stepFunctions } from '../setup-workflows.js';

/** The complaints API Lambda: every route of the capability, dispatched by the HTTP router. */
export function createHandler(runtime: Runtime) {
  const { deps } = setup(runtime, { keys: keyMaterial, workflows: stepFunctions });
  return createHttpApi([...reportRouteHandlers(deps), ...complaintApi(deps)], { policy: complaintsPolicy });
}

export const handler = createHandler(lambdaRuntime());
