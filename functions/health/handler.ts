import type { APIGatewayProxyResultV2 } from 'aws-lambda';

/**
 * `GET /v1/health`: liveness for load balancers and the local cloud. Deliberately imports
 * nothing, so it answers even when a dependency is broken and costs almost no cold start.
 */
export async function handler(): Promise<APIGatewayProxyResultV2> {
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify({ status: 'ok' }),
  };
}
