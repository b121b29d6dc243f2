import type { AuthContext } from '../../../shared/auth/types.js';
import { headerValue, preferredMediaType } from '../../../shared/http/headers.js';
import { implementRoutes } from '../../../shared/http/implement.js';
import { UnauthorizedError } from '../../../shared/http/problem.js';
import type { ApiRequest, ApiResult, RouteDefinition } from '../../../shared/http/types.js';
import { reportCsv } from '../domain/report-csv.js';
import { type ReportDeps, reportFor } from '../service/report.js';
import { complaintReportRoutes } from './report-routes.js';

const CSV = 'text/csv';

function caller(request: ApiRequest): AuthContext {
  if (request.auth === undefined) throw new UnauthorizedError();
  return request.auth;
}

/** The report route bound to its use case: JSON, or CSV when `Accept` prefers it. */
export function reportRouteHandlers(deps: ReportDeps): RouteDefinition[] {
  return implementRoutes(complaintReportRoutes, {
    complaintsReport: async (request): Promise<ApiResult> => {
      const report = await reportFor(deps, caller(request), request.query);
      const accept = headerValue(request.headers, 'accept');
      if (preferredMediaType(accept, ['application/json', CSV]) === CSV) {
        return {
          statusCode: 200,
          body: reportCsv(report),
          headers: { 'content-type': `${CSV}; charset=utf-8; header=present`, vary: 'accept' },
        };
      }
      return { statusCode: 200, body: report, headers: { vary: 'accept' } };
    },
  });
}
