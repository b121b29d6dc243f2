import { createHttpApi } from '../../../shared/http/api-handler.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import { retentionApi } from '../api/route-handlers.js';
import { retentionPolicy } from '../policy.js';
import { setupApi } from '../setup-api.js';

/**
 * The retention API Lambda: a customer's churn risk, the worklist, the churn model, retention
 * cases (attempts, early closes) and the KPIs.
 */
export function createHandler(runtime: Runtime) {
  return createHttpApi(retentionApi(setupApi(runtime)), { policy: retentionPolicy });
}

export const handler = createHandler(lambdaRuntime());
