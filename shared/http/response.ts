import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ApiResult } from './types.js';

/** Headers every JSON response carries unless the route overrides them. */
const DEFAULT_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json',
  // Responses hold customer data: no browser or proxy may keep a copy.
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

function lowerCaseKeys(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) result[key.toLowerCase()] = value;
  return result;
}

/**
 * Serialises a route's result for API Gateway (payload v2): the body as JSON, the route's
 * headers merged over the defaults. A string body with a non-JSON content type is sent as is
 * (exports); no body means no content type.
 * @example toHttpResult({ statusCode: 201, body: { customerId }, headers: { etag: '"1"' } })
 */
export function toHttpResult(result: ApiResult): APIGatewayProxyStructuredResultV2 {
  const headers = { ...DEFAULT_HEADERS, ...lowerCaseKeys(result.headers) };
  if (result.body === undefined) {
    delete headers['content-type'];
    return { statusCode: result.statusCode, headers };
  }
  const contentType = headers['content-type'] ?? '';
  const isJson = /^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType);
  const body = !isJson && typeof result.body === 'string' ? result.body : JSON.stringify(result.body);
  return { statusCode: result.statusCode, headers, body };
}
