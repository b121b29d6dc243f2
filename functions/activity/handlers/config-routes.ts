import { authorize } from '../../../shared/auth/policy.js';
import type { AuthContext } from '../../../shared/auth/types.js';
import { etag, ifMatchVersion, UnauthorizedError } from '../../../shared/http/index.js';
import type { ApiRequest, ApiResult, RouteDefinition } from '../../../shared/http/types.js';
import type { Clock } from '../../../shared/time/clock.js';
import { type SegmentationConfig, segmentationConfigSchema } from '../domain/segmentation/config.js';
import { type ConfigView, getConfig, putConfig } from '../service/segmentation-config.js';
import type { SegmentationConfigStore } from '../store/config-store.js';

/** The path of the segmentation configuration resource. */
export const SEGMENTATION_CONFIG_PATH = '/v1/config/segmentation';

/** What the configuration routes need; built once per container by the API handler. */
export interface ConfigRouteDeps {
  readonly configStore: SegmentationConfigStore;
  /** Stamps `updatedAt` and the audit record (default: the process clock). */
  readonly clock?: Clock;
}

function caller(request: ApiRequest<unknown, unknown>): AuthContext {
  if (request.auth === undefined) throw new UnauthorizedError();
  return request.auth;
}

function configResult(view: ConfigView): ApiResult {
  return {
    statusCode: 200,
    body: view,
    // An admin editing thresholds must see the stored version, not a cached copy.
    headers: { etag: etag(view.version), 'cache-control': 'no-store' },
  };
}

/**
 * `GET` and `PUT /v1/config/segmentation`, admin only (REFERENCE.md §1: the admin owns
 * configuration). GET answers `{version, config, updatedAt?, updatedBy?}` with the version as
 * ETag (version 0: the defaults). PUT takes a whole configuration with `If-Match` (428 without,
 * 412 stale), validates it strictly (422 with `errors`, nothing written) and answers the new
 * version. Graders pick a change up within `CONFIG_CACHE_TTL_MS` (see cachedConfigSource).
 * @example const handler = createHttpApi([...activityRoutes(deps), ...segmentationConfigRoutes(deps)]);
 */
export function segmentationConfigRoutes(deps: ConfigRouteDeps): RouteDefinition<unknown, unknown>[] {
  const read: RouteDefinition<unknown, unknown> = {
    method: 'GET',
    path: SEGMENTATION_CONFIG_PATH,
    async handle(request) {
      authorize(caller(request), 'segmentation-config:read');
      return configResult(await getConfig(deps.configStore));
    },
  };
  const write: RouteDefinition<SegmentationConfig, unknown> = {
    method: 'PUT',
    path: SEGMENTATION_CONFIG_PATH,
    body: segmentationConfigSchema,
    async handle(request) {
      const auth = caller(request);
      // Policy first: a non-admin learns nothing about versions from a 412 or 428.
      authorize(auth, 'segmentation-config:write');
      const expected = ifMatchVersion(request.headers);
      const actor = { sub: auth.sub, role: auth.role, requestId: request.requestId };
      const options = deps.clock === undefined ? {} : { clock: deps.clock };
      return configResult(await putConfig(deps.configStore, expected, request.body, actor, options));
    },
  };
  return [read, write];
}
