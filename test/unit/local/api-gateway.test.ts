import { describe, expect, it } from 'vitest';
import { buildHttpApiEvent, toHttpResponse } from '../../../infra/local/api-event.js';
import { flattenClaims } from '../../../infra/local/dev-issuer.js';
import { ApiRouter } from '../../../infra/local/routes.js';
import { stubCapability, stubRoute } from '../../support/capability-fixtures.js';

const capability = stubCapability({
  name: 'things',
  functions: [{ id: 'ThingsApi', entry: 'x.ts', memoryMb: 128, timeoutSeconds: 3, tables: [] }],
  api: {
    functionId: 'ThingsApi',
    routes: [
      stubRoute('GET', '/v1/things/{thingId}'),
      stubRoute('GET', '/v1/things/search'),
      stubRoute('GET', '/v1/files/{path+}', { public: true }),
      stubRoute('POST', '/v1/things'),
    ],
  },
});

describe('API Gateway routing', () => {
  const router = new ApiRouter([capability]);

  it('prefers the most specific route and decodes path parameters', () => {
    expect(router.match('GET', '/v1/things/search')?.route.routeKey).toBe('GET /v1/things/search');
    expect(router.match('GET', '/v1/things/a%20b')).toMatchObject({
      route: { routeKey: 'GET /v1/things/{thingId}', functionId: 'ThingsApi' },
      pathParameters: { thingId: 'a b' },
    });
    expect(router.match('GET', '/v1/files/a/b.txt')?.pathParameters).toEqual({ path: 'a/b.txt' });
  });

  it('matches nothing for another method, a missing segment or an extra one', () => {
    expect(router.match('DELETE', '/v1/things/1')).toBeUndefined();
    expect(router.match('GET', '/v1/things/')).toBeUndefined();
    expect(router.match('GET', '/v1/things/1/more')).toBeUndefined();
  });

  it('refuses a route declared twice', () => {
    expect(() => new ApiRouter([capability, { ...capability, name: 'again' }])).toThrow(/declared twice/);
  });
});

describe('HTTP API payload v2 events', () => {
  it('carries the route key, raw path and query, lower-case headers, body and JWT claims', () => {
    const router = new ApiRouter([capability]);
    const match = router.match('GET', '/v1/things/t-1');
    if (match === undefined) throw new Error('no route');
    const event = buildHttpApiEvent(
      {
        method: 'GET',
        url: '/v1/things/t-1?limit=5&tag=a&tag=b',
        headers: { Host: '127.0.0.1:3000', 'User-Agent': 'vitest', cookie: 'a=1; b=2' },
        body: '{"x":1}',
        sourceIp: '127.0.0.1',
      },
      match,
      { claims: { sub: 'u-1', 'cognito:groups': '[supervisor]' }, scopes: [] },
      new Date('2026-03-12T19:03:58Z'),
    );
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /v1/things/{thingId}',
      rawPath: '/v1/things/t-1',
      rawQueryString: 'limit=5&tag=a&tag=b',
      queryStringParameters: { limit: '5', tag: 'a,b' },
      pathParameters: { thingId: 't-1' },
      headers: { host: '127.0.0.1:3000', 'user-agent': 'vitest' },
      cookies: ['a=1', 'b=2'],
      body: '{"x":1}',
      isBase64Encoded: false,
      requestContext: {
        routeKey: 'GET /v1/things/{thingId}',
        stage: '$default',
        time: '12/Mar/2026:19:03:58 +0000',
        timeEpoch: Date.parse('2026-03-12T19:03:58Z'),
        http: { method: 'GET', path: '/v1/things/t-1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
        authorizer: { jwt: { claims: { sub: 'u-1', 'cognito:groups': '[supervisor]' }, scopes: [] } },
      },
    });
    expect(event.requestContext.requestId).toMatch(/\S+/);
  });

  it('flattens claims the way the JWT authorizer does', () => {
    expect(
      flattenClaims({ sub: 'u-1', 'cognito:groups': ['supervisor', 'analyst'], exp: 1700000000, flag: true }),
    ).toEqual({ sub: 'u-1', 'cognito:groups': '[supervisor analyst]', exp: '1700000000', flag: 'true' });
  });

  it('maps handler results to responses: structured as given, anything else as JSON 200', () => {
    const structured = toHttpResponse(
      {
        statusCode: 201,
        headers: { 'Content-Type': 'application/json', ETag: '"3"' },
        body: '{"id":"t-1"}',
        cookies: ['s=1'],
      },
      'req-1',
    );
    expect(structured).toEqual({
      statusCode: 201,
      headers: {
        'apigw-requestid': 'req-1',
        'content-type': 'application/json',
        etag: '"3"',
        'set-cookie': ['s=1'],
      },
      body: '{"id":"t-1"}',
    });
    expect(toHttpResponse({ ok: true }, 'req-2')).toMatchObject({ statusCode: 200, body: '{"ok":true}' });
    expect(toHttpResponse({ statusCode: 'nope' }, 'req-3').statusCode).toBe(500);
  });
});
