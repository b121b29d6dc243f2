import { ConflictError, GoneError, NotFoundError, type ProblemError } from '../../../shared/http/index.js';
import type { RouteDefinition } from '../../../shared/http/types.js';
import { ENGAGEMENT_ERROR_STATUS, EngagementRuleError } from '../domain/errors.js';
import type { EngagementArea } from '../service/area.js';

/** A refusal of an engagement rule as the problem of its status, with its stable code. */
export function ruleProblem(error: EngagementRuleError): ProblemError {
  const options = { code: error.code };
  switch (ENGAGEMENT_ERROR_STATUS[error.code]) {
    case 404:
      return new NotFoundError(error.message, options);
    case 409:
      return new ConflictError(error.message, options);
    case 410:
      return new GoneError(error.message, options);
  }
}

/**
 * Every area's routes (`api/routes.ts` lists their contracts), each answering a refusal of an
 * engagement rule with its problem, in one place for all of them.
 */
export function engagementRouteHandlers(areas: readonly EngagementArea[]): RouteDefinition[] {
  return areas
    .flatMap((area) => area.routeHandlers())
    .map((route) => ({
      contract: route.contract,
      handle: async (request) => {
        try {
          return await route.handle(request);
        } catch (error) {
          if (error instanceof EngagementRuleError) throw ruleProblem(error);
          throw error;
        }
      },
    }));
}
