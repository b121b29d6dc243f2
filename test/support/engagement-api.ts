import { engagementRouteHandlers } from '../../functions/engagement/api/route-handlers.js';
import { engagementPolicy } from '../../functions/engagement/policy.js';
import { type EngagementArea, NOTHING } from '../../functions/engagement/service/area.js';
import { createHttpApi } from '../../shared/http/index.js';
import type { RouteDefinition } from '../../shared/http/types.js';
import { type RouteCall, routeCaller } from './route-caller.js';

/**
 * The engagement API over `areas`, wired as deployed: every area's routes through
 * `engagementRouteHandlers`, which answers a refusal of an engagement rule with its problem.
 */
export function engagementApi(areas: readonly EngagementArea[]): RouteCall {
  return routeCaller(createHttpApi(engagementRouteHandlers(areas), { policy: engagementPolicy }));
}

/** An area that only serves `routes`, for a fake built from one area's use cases. */
export function routesArea(routes: () => RouteDefinition[]): EngagementArea {
  return { ...NOTHING, routeHandlers: routes };
}
