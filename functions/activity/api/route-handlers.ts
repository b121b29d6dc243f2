import { callerOf } from '../../../shared/http/caller.js';
import { implementRoutes } from '../../../shared/http/implement.js';
import { etag, ifMatchVersion } from '../../../shared/http/index.js';
import type { ApiResult, RouteDefinition } from '../../../shared/http/types.js';
import { ingestBatch } from '../service/batch.js';
import type { IngestDeps } from '../service/deps.js';
import { customerProfile } from '../service/profile.js';
import { type ConfigView, getConfig, putConfig } from '../service/segmentation-config.js';
import { segmentSummary } from '../service/summary.js';
import { activityRoutes } from './routes.js';

const ok = (body: unknown): ApiResult => ({ statusCode: 200, body });

function configResult(view: ConfigView): ApiResult {
  return {
    statusCode: 200,
    body: view,
    // An admin editing thresholds must see the stored version, not a cached copy.
    headers: { etag: etag(view.version), 'cache-control': 'no-store' },
  };
}

/** The activity API: each contract of `api/routes.ts` bound to its use case. */
export function activityApi(deps: IngestDeps): RouteDefinition[] {
  return implementRoutes(activityRoutes, {
    customerProfile: async (request) =>
      ok(await customerProfile(deps, callerOf(request).auth, request.params.customerId)),
    segmentSummary: async (request) =>
      ok(await segmentSummary(deps, callerOf(request).auth, request.query.branch)),
    ingestTransactions: async (request) =>
      ok(await ingestBatch(deps, callerOf(request).auth, request.body, request.requestId)),
    getSegmentationConfig: async () => configResult(await getConfig(deps.configStore)),
    putSegmentationConfig: async (request) => {
      const auth = callerOf(request).auth;
      const expected = ifMatchVersion(request.headers);
      const actor = { sub: auth.sub, role: auth.role, requestId: request.requestId };
      const { config, version } = request.body;
      return configResult(
        await putConfig(deps.configStore, expected, config, actor, deps.clock, { basedOn: version }),
      );
    },
  });
}
