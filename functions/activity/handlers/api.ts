import { createHttpApi } from '../../../shared/http/api-handler.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import { activityApi } from '../api/route-handlers.js';
import { activityPolicy } from '../policy.js';
import { ingestSetup } from '../setup.js';

/** The activity API Lambda: profile, segment summary, transaction batches, segmentation configuration. */
export function createHandler(runtime: Runtime) {
  const { deps } = ingestSetup(runtime);
  return createHttpApi(activityApi(deps), { policy: activityPolicy });
}

export const handler = createHandler(lambdaRuntime());
