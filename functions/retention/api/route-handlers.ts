import { callerOf, idempotencyKeyOf } from '../../../shared/http/caller.js';
import { implementRoutes } from '../../../shared/http/implement.js';
import { etag, headerValue, type IfMatchVersion, ifMatchVersion } from '../../../shared/http/index.js';
import type { ApiRequest, ApiResult, RouteDefinition } from '../../../shared/http/types.js';
import type { RetentionApiDeps } from '../service/api-deps.js';
import { closeCaseEarly, listCases, readCase, recordAttempt } from '../service/case-api.js';
import { readRetentionKpis } from '../service/kpis.js';
import { type ChurnModelView, putModel, readModel } from '../service/model-api.js';
import { readChurnRisk } from '../service/risk-read.js';
import { readWorklist } from '../service/worklist.js';
import { retentionRoutes } from './routes.js';

const json = (statusCode: number, body: unknown, headers?: Record<string, string>): ApiResult => ({
  statusCode,
  body,
  ...(headers === undefined ? {} : { headers }),
});

/** Scores and cases change under the caller: never served from a cache. */
const NO_STORE = { 'cache-control': 'no-store' };

function modelResult(view: ChurnModelView): ApiResult {
  // An admin editing the model must see the stored version, not a cached copy.
  return json(200, view, { etag: etag(view.version), ...NO_STORE });
}

/** An optional If-Match: absent → undefined; present → read as a required one (400 if malformed). */
function optionalIfMatch(request: ApiRequest): IfMatchVersion | undefined {
  const raw = headerValue(request.headers, 'if-match');
  return raw === undefined || raw.trim() === '' ? undefined : ifMatchVersion(request.headers);
}

/** The retention API: each contract of `api/routes.ts` bound to its use case. */
export function retentionApi(deps: RetentionApiDeps): RouteDefinition[] {
  return implementRoutes(retentionRoutes, {
    readChurnRisk: async (request) =>
      json(200, await readChurnRisk(deps, callerOf(request).auth, request.params.customerId), NO_STORE),
    readWorklist: async (request) =>
      json(200, await readWorklist(deps, callerOf(request).auth, request.query), NO_STORE),
    readChurnModel: async () => modelResult(await readModel(deps)),
    putChurnModel: async (request) => {
      const { actor } = callerOf(request);
      return modelResult(await putModel(deps, ifMatchVersion(request.headers), request.body, actor));
    },
    listRetentionCases: async (request) =>
      json(200, await listCases(deps, callerOf(request).auth, request.query), NO_STORE),
    readRetentionCase: async (request) => {
      const detail = await readCase(deps, callerOf(request).auth, request.params.caseId);
      return json(200, detail, { etag: etag(detail.version), ...NO_STORE });
    },
    recordRetentionAttempt: async (request) => {
      const { auth, actor } = callerOf(request);
      const options = { ifMatch: optionalIfMatch(request), idempotencyKey: idempotencyKeyOf(request) };
      const recorded = await recordAttempt(deps, actor, auth, request.params.caseId, request.body, options);
      return json(
        201,
        { case: recorded.case, attempt: recorded.attempt },
        {
          etag: etag(recorded.case.version),
          ...(recorded.replayed ? { 'idempotent-replayed': 'true' } : {}),
        },
      );
    },
    closeRetentionCaseEarly: async (request) => {
      const { auth, actor } = callerOf(request);
      const closed = await closeCaseEarly(
        deps,
        actor,
        auth,
        request.params.caseId,
        request.body,
        optionalIfMatch(request),
      );
      return json(200, closed, { etag: etag(closed.version) });
    },
    readRetentionKpis: async (request) =>
      json(200, await readRetentionKpis(deps, callerOf(request).auth, request.query), NO_STORE),
  });
}
