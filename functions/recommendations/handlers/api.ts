import { createHttpApi } from '../../../shared/http/api-handler.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import { recommendationsApi } from '../api/route-handlers.js';
import { recommendationsPolicy } from '../policy.js';
import { setup } from '../setup.js';

/** The recommendations API Lambda: a customer's recommendations, recording them, answers, KPIs. */
export function createHandler(runtime: Runtime) {
  return createHttpApi(recommendationsApi(setup(runtime)), { policy: recommendationsPolicy });
}

export const handler = createHandler(lambdaRuntime());
