import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { z } from 'zod';
import { definePolicy } from '../../../shared/auth/policy.js';
import { createHttpApi } from '../../../shared/http/api-handler.js';
import { defineRoute } from '../../../shared/http/contract.js';
import { implementRoutes } from '../../../shared/http/implement.js';
import { ConflictError } from '../../../shared/http/problem.js';
import type { ApiRequest } from '../../../shared/http/types.js';
import { httpEvent, jsonBody, lambdaContext } from '../../support/http-event.js';

const RM_CLAIMS = {
  sub: 'user-rm-1',
  'cognito:groups': '[relationship-manager]',
  'custom:branch': '0101',
  'custom:rmId': 'rm-7',
};
const JSON_HEADERS = { 'content-type': 'application/json' };

const patchBody = z.strictObject({
  tier: z.enum(['high', 'medium', 'low']).optional(),
  legalRepresentative: z.strictObject({ idNumber: z.string().length(18) }).optional(),
});
const listQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).optional() });

const policy = definePolicy({
  'customer:update': { roles: { 'relationship-manager': 'own-book' } },
  'customer:list': { collection: true, roles: { 'relationship-manager': 'own-book' } },
  'customer:create': { roles: { 'relationship-manager': 'own-book' } },
  'customer:delete': { roles: { 'relationship-manager': 'own-book' } },
});

const contracts = {
  patch: defineRoute({
    method: 'PATCH',
    path: '/v1/customers/{customerId}',
    summary: 'Patch',
    action: 'customer:update',
    params: z.strictObject({ customerId: z.string() }),
    body: patchBody,
    responses: { 200: { description: 'Patched' } },
  }),
  list: defineRoute({
    method: 'GET',
    path: '/v1/customers',
    summary: 'List',
    action: 'customer:list',
    query: listQuery,
    responses: { 200: { description: 'A page' } },
  }),
  conflict: defineRoute({
    method: 'POST',
    path: '/v1/customers',
    summary: 'Create',
    action: 'customer:create',
    body: z.strictObject({}),
    responses: { 201: { description: 'Created' } },
  }),
  crash: defineRoute({
    method: 'DELETE',
    path: '/v1/customers/{customerId}',
    summary: 'Delete',
    action: 'customer:delete',
    params: z.strictObject({ customerId: z.string() }),
    responses: { 204: { description: 'Deleted' } },
  }),
  health: defineRoute({
    method: 'GET',
    path: '/v1/health',
    summary: 'Health',
    action: null,
    responses: { 200: { description: 'Up' } },
  }),
};

describe('createHttpApi', () => {
  let seen: ApiRequest[];
  let output: string[];
  let spies: MockInstance[];

  const routes = implementRoutes(contracts, {
    patch: async (request) => {
      seen.push(request);
      return {
        statusCode: 200,
        body: { customerId: request.params.customerId, ...request.body },
        headers: { ETag: '"8"' },
      };
    },
    list: async (request) => {
      seen.push(request);
      return { statusCode: 200, body: { items: [], limit: request.query.limit ?? 20 } };
    },
    conflict: async () => {
      throw new ConflictError('The customer already exists', { code: 'customer-exists' });
    },
    crash: async () => {
      throw new Error('db exploded for 11010519491231002X at /var/task/index.js');
    },
    health: async (request) => ({
      statusCode: 200,
      body: { ok: true, authenticated: request.auth !== undefined },
    }),
  });
  const api = createHttpApi(routes, { policy });

  beforeEach(() => {
    seen = [];
    output = [];
    const record = (chunk: string | Uint8Array): boolean => {
      output.push(String(chunk));
      return true;
    };
    spies = [
      vi.spyOn(process.stdout, 'write').mockImplementation(record),
      vi.spyOn(process.stderr, 'write').mockImplementation(record),
    ];
  });
  afterEach(() => {
    for (const spy of spies) spy.mockRestore();
  });

  function patch(body: string, headers: Record<string, string> = JSON_HEADERS) {
    return api(
      httpEvent({ method: 'PATCH', path: '/v1/customers/cus_1', body, headers, claims: RM_CLAIMS }),
      lambdaContext(),
    );
  }

  it('routes a valid request to its handler and returns JSON with merged headers', async () => {
    // Act
    const response = await patch(JSON.stringify({ tier: 'high' }));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({
      'content-type': 'application/json',
      etag: '"8"',
      'cache-control': 'no-store',
    });
    expect(jsonBody(response)).toEqual({ customerId: 'cus_1', tier: 'high' });
    const emf = output
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => '_aws' in line);
    expect(emf).toMatchObject({ ApiRequests: 1, _aws: { CloudWatchMetrics: [{ Namespace: 'FinCrm' }] } });
    expect(seen[0]).toMatchObject({
      method: 'PATCH',
      routePath: '/v1/customers/{customerId}',
      params: { customerId: 'cus_1' },
      requestId: 'req-0001',
      auth: { sub: 'user-rm-1', role: 'relationship-manager', branch: '0101', rmId: 'rm-7' },
    });
  });

  it('tags log lines with the request id as correlation id', async () => {
    // Act
    await patch('{not json');

    // Assess
    const refused = output
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((l) => l.message === 'Request refused');
    expect(refused).toMatchObject({ correlation_id: 'req-0001', status: 400, code: 'malformed-json' });
  });

  it('answers an unknown path with a 404 problem', async () => {
    // Act
    const response = await api(httpEvent({ path: '/v1/nothing', claims: RM_CLAIMS }), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(404);
    expect(response.headers).toMatchObject({ 'content-type': 'application/problem+json' });
    expect(jsonBody(response)).toMatchObject({ status: 404, type: 'https://fincrm.dev/problems/not-found' });
  });

  it('answers a known path with the wrong method with a 405 problem listing the allowed ones', async () => {
    // Act
    const response = await api(
      httpEvent({ method: 'PUT', path: '/v1/customers/cus_1', claims: RM_CLAIMS }),
      lambdaContext(),
    );

    // Assess
    expect(response.statusCode).toBe(405);
    expect(response.headers).toMatchObject({ allow: 'PATCH, DELETE' });
    expect(jsonBody(response)).toMatchObject({
      status: 405,
      type: 'https://fincrm.dev/problems/method-not-allowed',
    });
  });

  it('refuses malformed JSON with 400', async () => {
    // Act
    const response = await patch('{"tier": ');

    // Assess
    expect(response.statusCode).toBe(400);
    expect(jsonBody(response)).toMatchObject({
      code: 'malformed-json',
      type: 'https://fincrm.dev/problems/bad-request',
    });
    expect(seen).toHaveLength(0);
  });

  it('refuses an unknown field with 422 and a dotted path, without echoing the value', async () => {
    // Act
    const response = await patch(
      JSON.stringify({ tier: 'gold', nickname: '13812345678', legalRepresentative: { idNumber: 42 } }),
    );

    // Assess
    expect(response.statusCode).toBe(422);
    const problem = jsonBody(response);
    expect(problem).toMatchObject({
      status: 422,
      type: 'https://fincrm.dev/problems/validation',
      instance: '/v1/customers/cus_1',
    });
    const errors = problem.errors as { path: string; message: string }[];
    expect(errors.map((e) => e.path).sort()).toEqual(['legalRepresentative.idNumber', 'nickname', 'tier']);
    expect(response.body).not.toContain('13812345678');
    expect(response.body).not.toContain('gold');
  });

  it('never lets __proto__ reach the schema', async () => {
    // Act
    const response = await patch('{"tier":"high","legalRepresentative":{"__proto__":{"isAdmin":true}}}');

    // Assess
    expect(response.statusCode).toBe(400);
    expect(jsonBody(response)).toMatchObject({ code: 'forbidden-key' });
    expect(seen).toHaveLength(0);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('refuses a body over the limit with 413', async () => {
    // Act
    const response = await patch(JSON.stringify({ tier: 'x'.repeat(70 * 1024) }));

    // Assess
    expect(response.statusCode).toBe(413);
  });

  it('refuses a non-JSON body with 415', async () => {
    // Act
    const response = await patch('tier=high', { 'content-type': 'application/x-www-form-urlencoded' });

    // Assess
    expect(response.statusCode).toBe(415);
  });

  it('refuses a request without verified claims with 401', async () => {
    // Act
    const response = await api(
      httpEvent({ method: 'PATCH', path: '/v1/customers/cus_1', body: '{}', headers: JSON_HEADERS }),
      lambdaContext(),
    );

    // Assess
    expect(response.statusCode).toBe(401);
    expect(response.headers).toMatchObject({ 'www-authenticate': 'Bearer' });
    expect(seen).toHaveLength(0);
  });

  it('serves a public route without claims', async () => {
    // Act
    const response = await api(httpEvent({ path: '/v1/health' }), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toEqual({ ok: true, authenticated: false });
  });

  it('validates and coerces the query string, and refuses unknown parameters', async () => {
    // Act
    const ok = await api(
      httpEvent({ path: '/v1/customers', query: { limit: '5' }, claims: RM_CLAIMS }),
      lambdaContext(),
    );
    const bad = await api(
      httpEvent({ path: '/v1/customers', query: { sort: 'name' }, claims: RM_CLAIMS }),
      lambdaContext(),
    );

    // Assess
    expect(jsonBody(ok)).toEqual({ items: [], limit: 5 });
    expect(bad.statusCode).toBe(422);
    expect(jsonBody(bad)).toMatchObject({ errors: [{ path: 'sort', message: 'Unknown field' }] });
  });

  it('refuses a body on a route that takes none', async () => {
    // Act
    const response = await api(
      httpEvent({
        method: 'DELETE',
        path: '/v1/customers/cus_1',
        body: '{}',
        headers: JSON_HEADERS,
        claims: RM_CLAIMS,
      }),
      lambdaContext(),
    );

    // Assess
    expect(response.statusCode).toBe(400);
    expect(jsonBody(response)).toMatchObject({ code: 'body-not-allowed' });
  });

  it('turns a ProblemError thrown by a route into its problem response', async () => {
    // Act
    const response = await api(
      httpEvent({
        method: 'POST',
        path: '/v1/customers',
        body: '{}',
        headers: JSON_HEADERS,
        claims: RM_CLAIMS,
      }),
      lambdaContext(),
    );

    // Assess
    expect(response.statusCode).toBe(409);
    expect(jsonBody(response)).toEqual({
      type: 'https://fincrm.dev/problems/conflict',
      title: 'Conflict',
      status: 409,
      detail: 'The customer already exists',
      code: 'customer-exists',
      instance: '/v1/customers',
      requestId: 'req-0001',
    });
  });

  it('turns any other error into a 500 problem that hides the message, and logs it redacted', async () => {
    // Act
    const response = await api(
      httpEvent({ method: 'DELETE', path: '/v1/customers/cus_1', claims: RM_CLAIMS }),
      lambdaContext(),
    );

    // Assess
    expect(response.statusCode).toBe(500);
    expect(response.headers).toMatchObject({ 'content-type': 'application/problem+json' });
    expect(jsonBody(response)).toMatchObject({ status: 500, type: 'https://fincrm.dev/problems/internal' });
    expect(response.body).not.toMatch(/exploded|index\.js|11010519491231002X/);
    const logged = output.join('');
    expect(logged).toContain('db exploded for [REDACTED]');
    expect(logged).not.toContain('11010519491231002X');
  });

  it('refuses a role that may never perform the route’s action with 403 before reading the request', async () => {
    // Act: an analyst, with a body that would not even parse.
    const response = await api(
      httpEvent({
        method: 'PATCH',
        path: '/v1/customers/cus_1',
        headers: JSON_HEADERS,
        body: '{not json',
        claims: { sub: 'user-an-1', 'cognito:groups': '[analyst]' },
      }),
      lambdaContext(),
    );

    // Assess
    expect(response.statusCode).toBe(403);
    expect(jsonBody(response)).toMatchObject({ code: 'access-denied' });
    expect(seen).toEqual([]);
  });

  it('validates path parameters with the contract’s schema (422 naming the parameter)', async () => {
    // Prepare
    const strictApi = createHttpApi(
      implementRoutes(
        {
          read: defineRoute({
            method: 'GET',
            path: '/v1/things/{thingId}',
            summary: 'Read',
            action: 'customer:update',
            params: z.strictObject({ thingId: z.string().regex(/^thg_[0-9]+$/) }),
            responses: { 200: { description: 'A thing' } },
          }),
        },
        { read: async (request) => ({ statusCode: 200, body: { id: request.params.thingId } }) },
      ),
      { policy },
    );
    const get = (id: string) =>
      strictApi(
        httpEvent({ path: `/v1/things/${id}`, routeKey: 'GET /v1/things/{thingId}', claims: RM_CLAIMS }),
        lambdaContext(),
      );

    // Act
    const valid = await get('thg_7');
    const invalid = await get('张三');

    // Assess
    expect(valid.statusCode).toBe(200);
    expect(invalid.statusCode).toBe(422);
    expect(jsonBody(invalid)).toMatchObject({ errors: [{ path: 'thingId' }] });
  });

  it('as the fallback of the whole API, answers a path it does not serve but the API does with 405 and Allow', async () => {
    // Prepare
    const fallback = createHttpApi([], {
      policy,
      apiRouteKeys: ['GET /v1/reports/{id}', 'DELETE /v1/reports/{id}'],
    });

    // Act
    const wrongMethod = await fallback(
      httpEvent({ method: 'POST', path: '/v1/reports/r1' }),
      lambdaContext(),
    );
    const unknown = await fallback(httpEvent({ method: 'GET', path: '/v1/nowhere' }), lambdaContext());

    // Assess
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers).toMatchObject({ allow: 'GET, DELETE' });
    expect(unknown.statusCode).toBe(404);
    expect(jsonBody(unknown)).toMatchObject({ code: 'route-not-found' });
  });

  it('refuses duplicate routes at start-up', () => {
    // Act / Assess
    const health = routes.find((route) => route.contract.path === '/v1/health');
    if (health === undefined) throw new Error('no health route');
    expect(() => createHttpApi([health, health], { policy })).toThrow(/Duplicate route GET \/v1\/health/);
  });
});
