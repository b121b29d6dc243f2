import createClient, { type Client } from 'openapi-fetch';
import { capabilities } from '../../functions/capabilities.js';
import { responseContractCheck } from './api/response-contract.js';
import type { paths } from './api/schema.js';

/** The HTTP API as the OpenAPI document describes it: typed paths, parameters, bodies and answers. */
export type ApiClient = Client<paths>;

/** The JSON body an operation takes: `const body = { … } satisfies RequestBody<'/v1/customers', 'post'>`. */
export type RequestBody<
  Path extends keyof paths,
  Method extends keyof paths[Path],
> = paths[Path][Method] extends {
  requestBody: { content: { 'application/json': infer Body } };
}
  ? Body
  : never;

const routes = capabilities.flatMap((capability) => capability.api?.routes ?? []);

/**
 * A typed client of the local API (`/v1/...`) as `token`'s holder (no token: anonymous). The
 * compiler refuses a call the document does not describe, and every answer is checked against
 * its route contract at run time (`responseContractCheck`). `/local/*` is not part of the API:
 * use `api()` from local-cloud.ts for it.
 * @example const { data } = await apiClient(cloud, token).GET('/v1/customers', { params: { query: { limit: 5 } } });
 */
export function apiClient(cloud: { readonly apiUrl: string }, token?: string): ApiClient {
  const client = createClient<paths>({
    baseUrl: cloud.apiUrl,
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  client.use(responseContractCheck(routes));
  return client;
}

/**
 * The body of a success answer, or a failed test that says what came instead.
 * @example const customer = ok(await rm.POST('/v1/customers', { body }));
 */
export function ok<T>(result: {
  readonly data?: T;
  readonly error?: unknown;
  readonly response: Response;
}): T {
  if (result.data === undefined) {
    const { status } = result.response;
    throw new Error(`Expected a success, got ${status}: ${JSON.stringify(result.error)}`);
  }
  return result.data;
}
