import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj, MiddyfiedHandler } from '@middy/core';
import httpRouterHandler from '@middy/http-router';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Policy } from '../auth/policy.js';
import { withPowertools } from '../lambda/middleware.js';
import { logger } from '../observability/logger.js';
import { metrics } from '../observability/metrics.js';
import { errorResponse } from './error-response.js';
import { MethodNotAllowedError, NotFoundError, ProblemError } from './problem.js';
import { type Authenticate, jwtAuthenticate, routePipeline } from './route-pipeline.js';
import type { RouteDefinition } from './types.js';

type Result = APIGatewayProxyStructuredResultV2;

/** The Lambda handler `createHttpApi` returns: API Gateway HTTP API, payload format 2.0. */
export type HttpApiHandler = MiddyfiedHandler<APIGatewayProxyEventV2, Result>;

export interface HttpApiOptions {
  /** The capability's policy; each route's action is checked against it by role. */
  readonly policy: Policy;
  /**
   * Resolves the caller of an authenticated route (default: the JWT authorizer's claims through
   * `authContextFromEvent`). Throw UnauthorizedError/ForbiddenError to refuse.
   */
  readonly authorize?: Authenticate | undefined;
  /**
   * Route keys (`GET /v1/customers`) of the whole API, for the fallback function that answers
   * requests no route matches: a path known under other methods is a 405 with Allow.
   */
  readonly apiRouteKeys?: readonly string[];
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
function notFound(routeKeys: readonly string[]): (input: { method: string; path: string }) => never {
  const matchers = routeKeys.map((key) => {
    const [method = '', path = ''] = key.split(' ');
    return { method, matcher: templateMatcher(path) };
  });
  return ({ path }) => {
    const allow = [...new Set(matchers.filter((m) => m.matcher.test(path)).map((m) => m.method))];
    if (allow.length > 0) throw new MethodNotAllowedError(allow);
    throw new NotFoundError('No such route', { code: 'route-not-found' });
  };
}

function assertUniqueRoutes(routes: readonly RouteDefinition[]): void {
  const seen = new Set<string>();
  for (const { contract } of routes) {
    const key = `${contract.method} ${contract.path}`;
    if (seen.has(key)) throw new Error(`Duplicate route ${key}`);
    seen.add(key);
  }
}

/** Tags log lines with the route key (a template, no data). */
function routeKey(): MiddlewareObj<APIGatewayProxyEventV2, Result> {
  return {
    before: ({ event }) => {
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
 * Builds one capability's HTTP API Lambda handler (payload v2): the common middleware
 * (`withPowertools`; the correlation id is API Gateway's request id) and problem+json error
 * handling around `@middy/http-router`, which dispatches on method and path to each route's
 * pipeline (auth and role → params → query → body → handle → JSON).
 * @example export const handler = createHttpApi(customerApi(deps), { policy: customersPolicy });
 */
export function createHttpApi(routes: readonly RouteDefinition[], options: HttpApiOptions): HttpApiHandler {
  assertUniqueRoutes(routes);
  const pipelineOptions = { authenticate: options.authorize ?? jwtAuthenticate, policy: options.policy };
  const router = httpRouterHandler<APIGatewayProxyEventV2, Result>({
    routes: routes.map((route) => ({
      method: route.contract.method,
      path: route.contract.path,
      handler: routePipeline(route, pipelineOptions),
    })),
    notFoundResponse: notFound([
      ...routes.map(({ contract }) => `${contract.method} ${contract.path}`),
      ...(options.apiRouteKeys ?? []),
    ]),
  });
  return withPowertools<APIGatewayProxyEventV2, Result>(
    (event, context) => router(event, context),
    (event) => event.requestContext?.requestId,
  )
    .use(routeKey())
    .use(problemErrors());
}
