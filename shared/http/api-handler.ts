import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy, { type MiddlewareObj, type MiddyfiedHandler } from '@middy/core';
import httpRouterHandler from '@middy/http-router';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { logger } from '../observability/logger.js';
import { metrics } from '../observability/metrics.js';
import { errorResponse, MethodNotAllowedError, NotFoundError, ProblemError } from './problem.js';
import { type AnyRoute, type Authenticate, jwtAuthenticate, routePipeline } from './route-pipeline.js';

type Result = APIGatewayProxyStructuredResultV2;

/** The Lambda handler `createHttpApi` returns: API Gateway HTTP API, payload format 2.0. */
export type HttpApiHandler = MiddyfiedHandler<APIGatewayProxyEventV2, Result>;

export interface HttpApiOptions {
  /**
   * Resolves the caller of an authenticated route (default: the JWT authorizer's claims through
   * `authContextFromEvent`). Throw UnauthorizedError/ForbiddenError to refuse.
   */
  readonly authorize?: Authenticate | undefined;
  /** Largest accepted body in bytes (default 64 KiB). */
  readonly maxBodyBytes?: number | undefined;
}

/** Matches a concrete path against an API Gateway path template (`/v1/customers/{customerId}`). */
function templateMatcher(template: string): RegExp {
  const pattern = template
    .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
    .replace(/\{proxy\\\+\}/g, '.*')
    .replace(/\{[^/}]+\}/g, '[^/]+');
  return new RegExp(`^${pattern}/?$`);
}

/** The router's not-found hook: 405 when the path exists under other methods, else 404. */
function notFound(routes: readonly AnyRoute[]): (input: { method: string; path: string }) => never {
  const matchers = routes.map((route) => ({ method: route.method, matcher: templateMatcher(route.path) }));
  return ({ path }) => {
    const allow = [...new Set(matchers.filter((m) => m.matcher.test(path)).map((m) => m.method))];
    if (allow.length > 0) throw new MethodNotAllowedError(allow);
    throw new NotFoundError('No such route', { code: 'route-not-found' });
  };
}

function assertUniqueRoutes(routes: readonly AnyRoute[]): void {
  const seen = new Set<string>();
  for (const route of routes) {
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) throw new Error(`Duplicate route ${key}`);
    seen.add(key);
  }
}

/** Tags log lines with the request id (correlation id) and the route key (a template, no data). */
function requestContextKeys(): MiddlewareObj<APIGatewayProxyEventV2, Result> {
  return {
    before: ({ event }) => {
      logger.setCorrelationId(event.requestContext?.requestId);
      logger.appendKeys({ route: event.routeKey });
    },
  };
}

function recordOutcome(statusCode: number | undefined): void {
  metrics.addMetric('ApiRequests', MetricUnit.Count, 1);
  if (statusCode !== undefined && statusCode >= 500)
    metrics.addMetric('ApiServerErrors', MetricUnit.Count, 1);
  else if (statusCode !== undefined && statusCode >= 400)
    metrics.addMetric('ApiClientErrors', MetricUnit.Count, 1);
}

/**
 * Turns every error into an RFC 9457 response: a ProblemError as itself (logged at info with its
 * code and internal reason), anything else as a 500 whose body reveals nothing.
 */
function problemErrors(): MiddlewareObj<APIGatewayProxyEventV2, Result> {
  return {
    after: ({ response }) => {
      recordOutcome(response?.statusCode);
    },
    onError: (request) => {
      const { error, event } = request;
      if (error instanceof ProblemError && error.status < 500) {
        logger.info('Request refused', { status: error.status, code: error.code, reason: error.reason });
      }
      request.response = errorResponse(error, event?.rawPath, event?.requestContext?.requestId);
      recordOutcome(request.response.statusCode);
    },
  };
}

/**
 * Builds one capability's HTTP API Lambda handler (payload v2): a middy stack of Powertools
 * logger context (correlation id = API Gateway request id), EMF metrics and problem+json error
 * handling around `@middy/http-router`, which dispatches on method and path to each route's
 * pipeline (auth → query → body → handle → JSON).
 * @example export const handler = createHttpApi([getCustomerRoute, patchCustomerRoute]);
 */
export function createHttpApi(routes: readonly AnyRoute[], options: HttpApiOptions = {}): HttpApiHandler {
  assertUniqueRoutes(routes);
  const pipelineOptions = {
    authenticate: options.authorize ?? jwtAuthenticate,
    maxBodyBytes: options.maxBodyBytes,
  };
  const router = httpRouterHandler<APIGatewayProxyEventV2, Result>({
    routes: routes.map((route) => ({
      method: route.method,
      path: route.path,
      handler: routePipeline(route, pipelineOptions),
    })),
    notFoundResponse: notFound(routes),
  });
  return middy<APIGatewayProxyEventV2, Result>(router)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(requestContextKeys())
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use(problemErrors());
}
