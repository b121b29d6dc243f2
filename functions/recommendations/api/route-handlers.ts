import { callerOf, idempotencyKeyOf } from '../../../shared/http/caller.js';
import { implementRoutes } from '../../../shared/http/implement.js';
import {
  ConflictError,
  NotFoundError,
  type ProblemError,
  ValidationError,
} from '../../../shared/http/index.js';
import type { ApiResult, RouteDefinition } from '../../../shared/http/types.js';
import { RECOMMENDATIONS_ERROR_STATUS, RecommendationRuleError } from '../domain/errors.js';
import type { RecommendationsApiDeps } from '../service/deps.js';
import { readKpis } from '../service/kpis.js';
import { listRecommendations } from '../service/list.js';
import { makeRecommendation } from '../service/make.js';
import { respondToRecommendation } from '../service/respond.js';
import { recommendationsRoutes } from './routes.js';

/**
 * A refusal of a recommendations rule as the problem of its status, with its stable code. An
 * unsuitable product's reasons are its `errors`, one per code (`path` the field at fault,
 * `message` the code), so a client reads them as it reads any 422.
 */
export function ruleProblem(error: RecommendationRuleError): ProblemError {
  const options = { code: error.code };
  switch (RECOMMENDATIONS_ERROR_STATUS[error.code]) {
    case 404:
      return new NotFoundError(error.message, options);
    case 409:
      return new ConflictError(error.message, options);
    case 422: {
      const path = error.path ?? '';
      const errors =
        error.reasons.length > 0
          ? error.reasons.map((reason) => ({ path, message: reason }))
          : [{ path, message: error.message }];
      return new ValidationError(errors, error.message, options);
    }
  }
}

/** Runs a route, answering a refusal of a recommendations rule with its problem. */
async function answering(run: () => Promise<ApiResult>): Promise<ApiResult> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof RecommendationRuleError) throw ruleProblem(error);
    throw error;
  }
}

const json = (statusCode: number, body: unknown, headers?: Record<string, string>): ApiResult => ({
  statusCode,
  body,
  ...(headers === undefined ? {} : { headers }),
});

/** The recommendations API: each contract of `api/routes.ts` bound to its use case. */
export function recommendationsApi(deps: RecommendationsApiDeps): RouteDefinition[] {
  return implementRoutes(recommendationsRoutes, {
    listRecommendations: (request) =>
      answering(async () =>
        // A list judged now: never served from a cache.
        json(200, await listRecommendations(deps, callerOf(request).auth, request.params.customerId), {
          'cache-control': 'no-store',
        }),
      ),
    makeRecommendation: (request) =>
      answering(async () => {
        const { auth } = callerOf(request);
        const key = idempotencyKeyOf(request);
        const made = await makeRecommendation(deps, auth, request.params.customerId, request.body, key);
        return json(201, made.recommendation, made.replayed ? { 'idempotent-replayed': 'true' } : undefined);
      }),
    respondToRecommendation: (request) =>
      answering(async () =>
        json(
          200,
          await respondToRecommendation(
            deps,
            callerOf(request).auth,
            request.params.recommendationId,
            request.body,
          ),
        ),
      ),
    readRecommendationKpis: (request) =>
      answering(async () =>
        json(200, await readKpis(deps, callerOf(request).auth, request.query), {
          'cache-control': 'no-store',
        }),
      ),
  });
}
