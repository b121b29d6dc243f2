import { createHttpApi } from '../../../shared/http/api-handler.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import { productsPolicy } from '../policy.js';

/** The products API Lambda: the catalogue. (Skeleton: no routes yet.) */
export function createHandler(_runtime: Runtime) {
  return createHttpApi([], { policy: productsPolicy });
}

export const handler = createHandler(lambdaRuntime());
