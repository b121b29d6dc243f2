import { callerOf } from '../../../shared/http/caller.js';
import { implementRoutes } from '../../../shared/http/implement.js';
import { etag, ifMatchVersion } from '../../../shared/http/index.js';
import type { ApiResult, RouteDefinition } from '../../../shared/http/types.js';
import { type CalendarYearView, getCalendarYear, putCalendarYear } from '../service/calendar-years.js';
import type { CalendarsDeps } from '../service/deps.js';
import { calendarsRoutes } from './routes.js';

function yearResult(view: CalendarYearView): ApiResult {
  return {
    statusCode: 200,
    body: view,
    // An admin loading a year must see the stored version, not a cached copy.
    headers: { etag: etag(view.version), 'cache-control': 'no-store' },
  };
}

/** The calendars API: each contract of `api/routes.ts` bound to its use case. */
export function calendarsApi(deps: CalendarsDeps): RouteDefinition[] {
  return implementRoutes(calendarsRoutes, {
    getCalendarYear: async (request) => yearResult(await getCalendarYear(deps, request.params.year)),
    putCalendarYear: async (request) => {
      const auth = callerOf(request).auth;
      const expected = ifMatchVersion(request.headers);
      const actor = { sub: auth.sub, role: auth.role, requestId: request.requestId };
      return yearResult(await putCalendarYear(deps, request.params.year, expected, request.body, actor));
    },
  });
}
