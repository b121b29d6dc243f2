import { createHttpApi } from '../../../shared/http/api-handler.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import { engagementRouteHandlers } from '../api/route-handlers.js';
import { engagementPolicy } from '../policy.js';
import { engagementAreas } from '../service/areas.js';
import { setup } from '../setup.js';
import { keyMaterial } from '../setup-keys.js';
import { surveyTokenSigner } from '../setup-survey-tokens.js';

/**
 * The engagement API Lambda: every area's routes, including the public survey routes (no JWT:
 * the signed token authorises them), dispatched by the HTTP router.
 */
export function createHandler(runtime: Runtime) {
  const base = setup(runtime, { keys: keyMaterial, surveyTokens: surveyTokenSigner });
  const areas = engagementAreas(base);
  return createHttpApi(engagementRouteHandlers(areas), { policy: engagementPolicy });
}

export const handler = createHandler(lambdaRuntime());
