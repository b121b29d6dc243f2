import { createHttpApi } from '../../../shared/http/api-handler.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import { recommendationsPolicy } from '../policy.js';

/** The recommendations API Lambda. (Skeleton: no routes yet.) */
export function createHandler(_runtime: Runtime) {
  return createHttpApi([], { policy: recommendationsPolicy });
}

export const handler = createHandler(lambdaRuntime());
