import { createHttpApi } from '../../../shared/http/api-handler.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import { productsApi } from '../api/route-handlers.js';
import { productsPolicy } from '../policy.js';
import { setup } from '../setup.js';

/** The products API Lambda: the catalogue (docs/domain-rules.md §19.1). */
export function createHandler(runtime: Runtime) {
  const { deps } = setup(runtime);
  return createHttpApi(productsApi(deps), { policy: productsPolicy });
}

export const handler = createHandler(lambdaRuntime());
