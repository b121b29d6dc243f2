import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { PROBLEM_TYPE_BASE } from '../../shared/http/problem-type.js';
import { LOCAL_ACCOUNT } from './environment.js';
import type { ServedRoute } from './routes.js';

export interface IncomingApiRequest {
  readonly method: string;
  /** Path and query as received, e.g. `/v1/customers?limit=10`. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly sourceIp: string;
}

export interface VerifiedAuthorizer {
  readonly claims: Readonly<Record<string, string>>;
  readonly scopes: readonly string[];
}

/** An HTTP API payload v2 event, as API Gateway builds it for a Lambda integration. */
export function buildHttpApiEvent(
  request: IncomingApiRequest,
  match: { route: ServedRoute; pathParameters: Record<string, string> },
  authorizer: VerifiedAuthorizer | undefined,
  now: Date,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const queryAt = request.url.indexOf('?');
  const rawPath = queryAt < 0 ? request.url : request.url.slice(0, queryAt);
  const rawQueryString = queryAt < 0 ? '' : request.url.slice(queryAt + 1);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const cookies = request.headers.cookie?.split(';').map((cookie) => cookie.trim());
  const query = queryParameters(rawQueryString);
  const requestId = randomUUID();
  const event = {
    version: '2.0',
    routeKey: match.route.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies ? { cookies } : {}),
    headers,
    ...(query ? { queryStringParameters: query } : {}),
    ...(Object.keys(match.pathParameters).length > 0 ? { pathParameters: match.pathParameters } : {}),
    requestContext: {
      accountId: LOCAL_ACCOUNT,
      apiId: 'local',
      ...(authorizer
        ? {
            authorizer: {
              principalId: '',
              integrationLatency: 0,
              jwt: { claims: authorizer.claims, scopes: authorizer.scopes },
            },
          }
        : {}),
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: (headers.host ?? '127').split('.')[0] ?? '127',
      http: {
        method: request.method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: match.route.routeKey,
      stage: '$default',
      time: apiGatewayTime(now),
      timeEpoch: now.getTime(),
    },
    ...(request.body === '' ? {} : { body: request.body }),
    isBase64Encoded: false,
  };
  return event as APIGatewayProxyEventV2WithJWTAuthorizer;
}

/** What goes back to the client, derived from the handler result as API Gateway does. */
export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: string | Buffer;
}

/**
 * Payload v2 response mapping: a result with `statusCode` is used as given (headers, cookies,
 * base64 body); anything else is taken as a JSON body with status 200.
 */
export function toHttpResponse(result: unknown, requestId: string): HttpResponse {
  const base = { 'apigw-requestid': requestId };
  if (typeof result === 'object' && result !== null && 'statusCode' in result) {
    const shaped = result as {
      statusCode: unknown;
      headers?: Record<string, unknown>;
      body?: unknown;
      isBase64Encoded?: unknown;
      cookies?: unknown;
    };
    const headers: Record<string, string | string[]> = { ...base };
    for (const [name, value] of Object.entries(shaped.headers ?? {}))
      headers[name.toLowerCase()] = String(value);
    if (Array.isArray(shaped.cookies) && shaped.cookies.length > 0)
      headers['set-cookie'] = shaped.cookies.map(String);
    const text = typeof shaped.body === 'string' ? shaped.body : '';
    const body = shaped.isBase64Encoded === true ? Buffer.from(text, 'base64') : text;
    if (body.length > 0 && headers['content-type'] === undefined)
      headers['content-type'] = 'text/plain; charset=utf-8';
    const statusCode = Number(shaped.statusCode);
    if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
      return internalServerError(requestId);
    }
    return { statusCode, headers, body };
  }
  return {
    statusCode: 200,
    headers: { ...base, 'content-type': 'application/json' },
    body: result === undefined ? '' : JSON.stringify(result),
  };
}

/** The gateway's answer when the integration fails. */
export function internalServerError(requestId: string): HttpResponse {
  return gatewayProblem(
    { status: 500, slug: 'internal', title: 'Internal server error', detail: 'The integration failed' },
    requestId,
  );
}

/** What the local gateway itself refuses with, before any function runs. */
export interface GatewayProblem {
  readonly status: number;
  readonly slug: string;
  readonly title: string;
  readonly detail: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * An answer of the local gateway (401 from the authorizer, 413, 500, 503) as an RFC 9457
 * problem document, with the same `type` base and `code` as the functions' problems, so a
 * client handles one error format. In AWS, API Gateway writes these few answers itself, as
 * `{"message": ...}`; the OpenAPI document says which (`GATEWAY_STATUSES` in infra/openapi.ts).
 */
export function gatewayProblem(problem: GatewayProblem, requestId: string): HttpResponse {
  return {
    statusCode: problem.status,
    headers: {
      ...problem.headers,
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
      'apigw-requestid': requestId,
    },
    body: JSON.stringify({
      type: `${PROBLEM_TYPE_BASE}${problem.slug}`,
      title: problem.title,
      status: problem.status,
      detail: problem.detail,
      code: problem.slug,
      requestId,
    }),
  };
}

function queryParameters(raw: string): Record<string, string> | undefined {
  if (raw === '') return undefined;
  const result: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(raw)) {
    // API Gateway joins repeated parameters with commas.
    result[name] = result[name] === undefined ? value : `${result[name]},${value}`;
  }
  return result;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `12/Mar/2026:19:03:58 +0000`, API Gateway's requestContext.time format. */
function apiGatewayTime(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
