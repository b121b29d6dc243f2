import { recommendationsApi } from '../../functions/recommendations/api/route-handlers.js';
import { recommendationsPolicy } from '../../functions/recommendations/policy.js';
import type { RecommendationsApiDeps } from '../../functions/recommendations/service/deps.js';
import { createHttpApi } from '../../shared/http/index.js';
import { type RouteCall, routeCaller } from './route-caller.js';

/**
 * The recommendations API over `deps`, called in process as API Gateway calls the deployed
 * function (claims, path, body): the routes, the policy's role check, the request validation and
 * the problems exactly as deployed. Give it the DynamoDB store (integration) or a fake (unit).
 * @example const call = recommendationsApiCaller({ store, clock, settings: DEFAULT_RECOMMENDATIONS_SETTINGS });
 *          const list = await call(RM, 'GET', '/v1/customers/cus-1/recommendations');
 */
export function recommendationsApiCaller(deps: RecommendationsApiDeps): RouteCall {
  return routeCaller(createHttpApi(recommendationsApi(deps), { policy: recommendationsPolicy }));
}
