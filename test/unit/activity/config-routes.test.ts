import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { activityApi } from '../../../functions/activity/api/route-handlers.js';
import { SEGMENTATION_CONFIG_PATH } from '../../../functions/activity/api/routes.js';
import {
  DEFAULT_SEGMENTATION_CONFIG,
  type SegmentationConfig,
} from '../../../functions/activity/domain/segmentation/config.js';
import { activityPolicy } from '../../../functions/activity/policy.js';
import { ROLES, type Role } from '../../../shared/auth/types.js';
import { createHttpApi } from '../../../shared/http/api-handler.js';
import { UnauthorizedError } from '../../../shared/http/problem.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { httpEvent, jsonBody, lambdaContext } from '../../support/http-event.js';
import { InMemoryConfigStore } from './config-fake-store.js';
import { inMemoryActivityDeps } from './grading-fakes.js';

/** A stand-in for the JWT authorizer: the caller's role comes from a test header. */
function fakeAuthorizer(event: APIGatewayProxyEventV2) {
  const role = event.headers['x-test-role'];
  if (role === undefined || !(ROLES as readonly string[]).includes(role)) throw new UnauthorizedError();
  return { sub: `user-${role}`, role: role as Role, scopes: [] };
}

function withHighMin(highMinMinor: number): SegmentationConfig {
  const copy = structuredClone(DEFAULT_SEGMENTATION_CONFIG);
  copy.assets.highMinMinor = highMinMinor;
  return copy;
}

describe('GET/PUT /v1/config/segmentation', () => {
  let store: InMemoryConfigStore;
  let call: (
    method: 'GET' | 'PUT',
    role: Role,
    options?: { body?: unknown; ifMatch?: string },
  ) => Promise<APIGatewayProxyStructuredResultV2>;

  let quiet: MockInstance[];

  beforeEach(() => {
    // The API logs every refused request and its metrics to stdout; keep the run readable.
    quiet = [
      vi.spyOn(process.stdout, 'write').mockImplementation(() => true),
      vi.spyOn(process.stderr, 'write').mockImplementation(() => true),
    ];
    store = new InMemoryConfigStore();
    const clock = new ControlledClock(new Date('2026-03-02T01:00:00.000Z'));
    const { deps } = inMemoryActivityDeps(clock, store);
    const api = createHttpApi(activityApi(deps), { policy: activityPolicy, authorize: fakeAuthorizer });
    call = async (method, role, options = {}) => {
      const headers: Record<string, string> = { 'x-test-role': role, 'content-type': 'application/json' };
      if (options.ifMatch !== undefined) headers['if-match'] = options.ifMatch;
      const event = httpEvent({
        method,
        path: SEGMENTATION_CONFIG_PATH,
        headers,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      });
      return api(event, lambdaContext());
    };
  });
  afterEach(() => {
    for (const spy of quiet) spy.mockRestore();
  });

  it('shows an admin the defaults as version 0 with its ETag', async () => {
    // Act
    const response = await call('GET', 'admin');

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers?.etag).toBe('"0"');
    expect(jsonBody(response)).toEqual({ version: 0, config: DEFAULT_SEGMENTATION_CONFIG });
  });

  it('saves an admin’s change from the ETag it read, and shows it on the next GET', async () => {
    // Act
    const put = await call('PUT', 'admin', { body: { config: withHighMin(80_000_000) }, ifMatch: '"0"' });
    const get = await call('GET', 'admin');

    // Assess
    expect(put.statusCode).toBe(200);
    expect(put.headers?.etag).toBe('"1"');
    expect(get.headers?.etag).toBe('"1"');
    expect(jsonBody(get)).toEqual({
      version: 1,
      config: withHighMin(80_000_000),
      updatedAt: '2026-03-02T01:00:00.000Z',
      updatedBy: 'user-admin',
    });
  });

  it.each(ROLES.filter((role) => role !== 'admin'))(
    'refuses %s with 403 and writes nothing',
    async (role) => {
      // Act
      const get = await call('GET', role);
      const put = await call('PUT', role, { body: { config: withHighMin(80_000_000) }, ifMatch: '"0"' });

      // Assess
      expect(get.statusCode).toBe(403);
      expect(put.statusCode).toBe(403);
      expect(store.saves).toBe(0);
    },
  );

  it('requires If-Match with 428', async () => {
    // Act
    const response = await call('PUT', 'admin', { body: { config: withHighMin(80_000_000) } });

    // Assess
    expect(response.statusCode).toBe(428);
    expect(store.saves).toBe(0);
  });

  it('refuses a malformed If-Match with 400', async () => {
    // Act
    const response = await call('PUT', 'admin', {
      body: { config: withHighMin(80_000_000) },
      ifMatch: 'latest',
    });

    // Assess
    expect(response.statusCode).toBe(400);
    expect(jsonBody(response).code).toBe('malformed-if-match');
  });

  it('refuses a stale If-Match with 412 stale-version and keeps the version another admin saved', async () => {
    // Prepare
    await call('PUT', 'admin', { body: { config: withHighMin(80_000_000) }, ifMatch: '"0"' });

    // Act
    const response = await call('PUT', 'admin', {
      body: { config: withHighMin(90_000_000) },
      ifMatch: '"0"',
    });

    // Assess
    expect(response.statusCode).toBe(412);
    expect(jsonBody(response).code).toBe('stale-version');
    expect(store.pointer?.version).toBe(1);
    expect(store.pointer?.config.assets.highMinMinor).toBe(80_000_000);
  });

  it('takes back the document GET answered, edited, and answers the same shape', async () => {
    // Prepare: an admin reads the defaults (version 0) and raises one threshold.
    const read = await call('GET', 'admin');
    const document = jsonBody(read) as { version: number; config: SegmentationConfig };
    document.config.assets.highMinMinor = 80_000_000;

    // Act: the whole document goes back, read-only parts included, then once more from version 1.
    const first = await call('PUT', 'admin', { body: document, ifMatch: String(read.headers?.etag) });
    const reread = await call('GET', 'admin');
    const second = jsonBody(reread) as { version: number; config: SegmentationConfig };
    second.config.assets.highMinMinor = 90_000_000;
    const again = await call('PUT', 'admin', { body: second, ifMatch: String(reread.headers?.etag) });

    // Assess
    expect(first.statusCode).toBe(200);
    expect(jsonBody(first)).toEqual({
      version: 1,
      config: withHighMin(80_000_000),
      updatedAt: '2026-03-02T01:00:00.000Z',
      updatedBy: 'user-admin',
    });
    expect(second).toMatchObject({ version: 1, updatedBy: 'user-admin' });
    expect(again.statusCode).toBe(200);
    expect(again.headers?.etag).toBe('"2"');
    expect(store.pointer?.config.assets.highMinMinor).toBe(90_000_000);
  });

  it('ignores updatedAt and updatedBy sent back: the server stamps who and when', async () => {
    // Act
    const response = await call('PUT', 'admin', {
      body: {
        version: 0,
        config: withHighMin(80_000_000),
        updatedAt: '2020-01-01T00:00:00.000Z',
        updatedBy: 'someone-else',
      },
      ifMatch: '"0"',
    });

    // Assess
    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toMatchObject({
      version: 1,
      updatedAt: '2026-03-02T01:00:00.000Z',
      updatedBy: 'user-admin',
    });
  });

  it('refuses a document read at an older version with 412 stale-version, even with a current If-Match', async () => {
    // Prepare: the document read at version 0; another admin saved version 1 since.
    const stale = jsonBody(await call('GET', 'admin')) as { version: number; config: SegmentationConfig };
    await call('PUT', 'admin', { body: { config: withHighMin(80_000_000) }, ifMatch: '"0"' });
    stale.config.assets.mediumMinMinor = 6_000_000;

    // Act: the ETag of a later read, with the edit of the earlier one.
    const response = await call('PUT', 'admin', { body: stale, ifMatch: '"1"' });

    // Assess: the edit would have silently undone version 1's threshold.
    expect(response.statusCode).toBe(412);
    expect(jsonBody(response).code).toBe('stale-version');
    expect(store.pointer?.version).toBe(1);
    expect(store.pointer?.config.assets.highMinMinor).toBe(80_000_000);
  });

  it('refuses a weak If-Match with 412 stale-version: strong comparison never matches W/"0"', async () => {
    // Act
    const response = await call('PUT', 'admin', {
      body: { config: withHighMin(80_000_000) },
      ifMatch: 'W/"0"',
    });

    // Assess
    expect(response.statusCode).toBe(412);
    expect(jsonBody(response)).toMatchObject({ code: 'stale-version' });
    expect(String(jsonBody(response).detail)).toContain('weak');
    expect(store.saves).toBe(0);
  });

  it('refuses an invalid configuration as a problem listing each error, and writes nothing', async () => {
    // Prepare
    const config = structuredClone(DEFAULT_SEGMENTATION_CONFIG);
    config.composite.weights.assets = 50;
    const withExtra = { config: { ...withHighMin(80_000_000), bonus: 1 } };

    // Act
    const weights = await call('PUT', 'admin', { body: { config }, ifMatch: '"0"' });
    const unknown = await call('PUT', 'admin', { body: withExtra, ifMatch: '"0"' });

    // Assess
    expect(weights.statusCode).toBe(422);
    expect(weights.headers?.['content-type']).toBe('application/problem+json');
    expect(jsonBody(weights).errors).toEqual([
      { path: 'config.composite.weights', message: 'must sum to 100, not 110' },
    ]);
    expect(jsonBody(unknown).errors).toEqual([{ path: 'config.bonus', message: 'Unknown field' }]);
    expect(store.saves).toBe(0);
  });
});
