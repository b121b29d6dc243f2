import { decodeJwt } from 'jose';
import { buildHttpApiEvent, toHttpResponse } from '../infra/local/api-event.js';
import { flattenClaims } from '../infra/local/dev-issuer.js';
import type { LocalCloud } from '../infra/local/local-cloud.js';
import { ApiRouter } from '../infra/local/routes.js';
import type { CapabilityDefinition } from '../shared/capability/types.js';
import type { BenchCloud } from './bench-dynamo.js';

/**
 * Calls the API function in process, as API Gateway invokes it in AWS: the HTTP API payload v2
 * event of the route, with the claims the JWT authorizer would hand over, straight to the
 * handler. What the local HTTP server and its JWT verification add (API Gateway's part in AWS)
 * is left out, so what is timed is what runs in the function. Same answers as `call`; an answer
 * of 300 or more throws.
 */
export function inFunctionCall(
  cloud: LocalCloud,
  capabilities: readonly CapabilityDefinition[],
): BenchCloud['call'] {
  const router = new ApiRouter(capabilities);
  return async (token, method, path, body, headers = {}) => {
    const queryAt = path.indexOf('?');
    const match = router.match(method, queryAt < 0 ? path : path.slice(0, queryAt));
    if (match === undefined) throw new Error(`No route for ${method} ${path}`);
    // The token was minted by the local issuer: its payload is what verification would yield.
    const authorizer = match.route.authorized
      ? { claims: flattenClaims(decodeJwt(token)), scopes: [] }
      : undefined;
    const event = buildHttpApiEvent(
      {
        method,
        url: path,
        headers: {
          host: '127.0.0.1',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? '' : JSON.stringify(body),
        sourceIp: '127.0.0.1',
      },
      match,
      authorizer,
      cloud.clock.now(),
    );
    const response = toHttpResponse(
      await cloud.functions.invoke(match.route.functionId, event),
      event.requestContext.requestId,
    );
    if (response.statusCode >= 300) throw new Error(`${method} ${path} answered ${response.statusCode}`);
    const text = response.body.toString();
    const json: Record<string, unknown> = text === '' ? {} : JSON.parse(text);
    return { status: response.statusCode, etag: String(response.headers.etag ?? ''), json };
  };
}
