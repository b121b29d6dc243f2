import { API_ROUTE_KEYS_ENV } from '../../../shared/capability/define.js';
import { createHttpApi } from '../../../shared/http/api-handler.js';
import { implementRoutes } from '../../../shared/http/implement.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import { platformRoutes } from '../api/routes.js';
import { platformPolicy } from '../policy.js';

/**
 * The platform API Lambda: `GET /v1/health` (liveness; touches no dependency), and every
 * request no route of the API matches (`$default`): a problem document, 405 with Allow when the
 * path exists under other methods, else 404.
 */
export function createHandler(runtime: Runtime) {
  const apiRouteKeys = (runtime.env[API_ROUTE_KEYS_ENV] ?? '').split(';').filter((key) => key !== '');
  return createHttpApi(
    implementRoutes(platformRoutes, { health: async () => ({ statusCode: 200, body: { status: 'ok' } }) }),
    { policy: platformPolicy, apiRouteKeys },
  );
}

export const handler = createHandler(lambdaRuntime());
