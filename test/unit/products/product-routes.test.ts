import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { productPageSchema, productViewSchema } from '../../../functions/products/api/responses.js';
import { productsApi } from '../../../functions/products/api/route-handlers.js';
import { ProductChanged } from '../../../functions/products/events.js';
import { productsPolicy } from '../../../functions/products/policy.js';
import { MACHINE_ROLES, ROLES, type Role } from '../../../shared/auth/types.js';
import { parseEventDetail } from '../../../shared/events/define.js';
import { createHttpApi } from '../../../shared/http/api-handler.js';
import { UnauthorizedError } from '../../../shared/http/problem.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { expectSchema } from '../../support/contract.js';
import { httpEvent, jsonBody, lambdaContext } from '../../support/http-event.js';
import { depositBody, InMemoryProductStore } from './fake-product-store.js';

const ALL_ROLES: readonly Role[] = [...ROLES, ...MACHINE_ROLES];

/** A stand-in for the JWT authorizer: the caller's role comes from a test header. */
function fakeAuthorizer(event: APIGatewayProxyEventV2) {
  const role = ALL_ROLES.find((candidate) => candidate === event.headers['x-test-role']);
  if (role === undefined) throw new UnauthorizedError();
  return { sub: `user-${role}`, role, scopes: [] };
}

interface CallOptions {
  readonly body?: unknown;
  readonly idempotencyKey?: string;
  readonly rawBody?: string;
  readonly ifMatch?: string;
  readonly query?: Record<string, string>;
}

/** A value no answer may ever repeat: planted in bad input to catch an echo. */
const MARKER = 'ZZ-ECHO-MARKER-7731';

describe('the products API', () => {
  let store: InMemoryProductStore;
  let clock: ControlledClock;
  let call: (
    method: 'GET' | 'POST' | 'PATCH',
    role: Role,
    path: string,
    options?: CallOptions,
  ) => Promise<APIGatewayProxyStructuredResultV2>;
  let quiet: MockInstance[];

  beforeEach(() => {
    // The API logs every refused request and its metrics to stdout; keep the run readable.
    quiet = [
      vi.spyOn(process.stdout, 'write').mockImplementation(() => true),
      vi.spyOn(process.stderr, 'write').mockImplementation(() => true),
    ];
    store = new InMemoryProductStore();
    clock = new ControlledClock(new Date('2026-12-04T02:00:00.000Z'));
    const api = createHttpApi(productsApi({ store, clock }), {
      policy: productsPolicy,
      authorize: fakeAuthorizer,
    });
    call = async (method, role, path, options = {}) => {
      const headers: Record<string, string> = { 'x-test-role': role, 'content-type': 'application/json' };
      if (options.ifMatch !== undefined) headers['if-match'] = options.ifMatch;
      if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
      const template = path === '/v1/products' ? path : '/v1/products/{productId}';
      const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
      const event = httpEvent({
        method,
        path,
        routeKey: `${method} ${template}`,
        headers,
        ...(options.query === undefined ? {} : { query: options.query }),
        ...(body === undefined ? {} : { body }),
      });
      return api(event, lambdaContext('ProductsApi'));
    };
  });
  afterEach(() => {
    for (const spy of quiet) spy.mockRestore();
  });

  const create = (overrides: Record<string, unknown> = {}) =>
    call('POST', 'admin', '/v1/products', { body: depositBody(overrides) });

  describe('authorisation', () => {
    it.each(ROLES)('lets %s read and list the catalogue', async (role) => {
      // Prepare
      await create();

      // Act
      const read = await call('GET', role, '/v1/products/DEP-1Y');
      const list = await call('GET', role, '/v1/products');

      // Assess
      expect(read.statusCode).toBe(200);
      expect(list.statusCode).toBe(200);
      expect(expectSchema(productPageSchema, jsonBody(list)).items).toHaveLength(1);
    });

    it.each(ALL_ROLES.filter((role) => role !== 'admin'))(
      'refuses %s a create and a patch with 403 and writes nothing',
      async (role) => {
        // Prepare
        await create();
        const before = store.snapshot();

        // Act
        const post = await call('POST', role, '/v1/products', { body: depositBody({ productId: 'DEP-2Y' }) });
        const patch = await call('PATCH', role, '/v1/products/DEP-1Y', {
          body: { status: 'suspended' },
          ifMatch: '"1"',
        });

        // Assess
        expect(post.statusCode).toBe(403);
        expect(patch.statusCode).toBe(403);
        expect(store.snapshot()).toBe(before);
      },
    );

    it('refuses a machine client a read with 403', async () => {
      // Act
      const read = await call('GET', 'ingestion-client', '/v1/products');

      // Assess
      expect(read.statusCode).toBe(403);
    });
  });

  describe('create', () => {
    it('saves version 1 with Location and ETag, an audit record naming the fields and ProductChanged with productName', async () => {
      // Act
      const response = await create({
        customerTypes: ['corporate', 'individual'],
        saleFrom: '2026-12-01T00:00:00Z',
      });

      // Assess
      expect(response.statusCode).toBe(201);
      expect(response.headers?.etag).toBe('"1"');
      expect(response.headers?.location).toBe('/v1/products/DEP-1Y');
      const body = expectSchema(productViewSchema, jsonBody(response));
      expect(body).toMatchObject({
        productId: 'DEP-1Y',
        name: '一年期定期存款',
        status: 'on-sale',
        version: 1,
        // Kept in one order and one spelling, whatever the request's.
        customerTypes: ['individual', 'corporate'],
        saleFrom: '2026-12-01T00:00:00.000Z',
        createdAt: '2026-12-04T02:00:00.000Z',
        updatedBy: 'user-admin',
      });
      expect(store.audit).toEqual([
        expect.objectContaining({
          subject: 'product#DEP-1Y',
          seq: 1,
          action: 'product.created',
          actor: 'user-admin',
          role: 'admin',
          fields: [
            'name',
            'category',
            'riskLevel',
            'termDays',
            'minimumAmount',
            'customerTypes',
            'saleFrom',
            'status',
          ],
        }),
      ]);
      expect(store.events).toHaveLength(1);
      const detail = parseEventDetail(ProductChanged, store.events[0]?.detail);
      expect(detail).toMatchObject({
        productId: 'DEP-1Y',
        productName: '一年期定期存款',
        version: 1,
        status: 'on-sale',
      });
      expect(detail).not.toHaveProperty('name');
    });

    it('makes a product a draft unless told otherwise', async () => {
      // Act
      const { status, ...withoutStatus } = depositBody();
      const response = await call('POST', 'admin', '/v1/products', { body: withoutStatus });

      // Assess
      expect(status).toBe('on-sale');
      expect(jsonBody(response).status).toBe('draft');
    });

    it('refuses an id that exists with 409 product-exists and writes nothing', async () => {
      // Prepare
      await create();
      const before = store.snapshot();

      // Act
      const again = await create({ name: 'Another deposit' });

      // Assess
      expect(again.statusCode).toBe(409);
      expect(jsonBody(again).code).toBe('product-exists');
      expect(store.snapshot()).toBe(before);
    });

    it.each([
      ['an id that is not an id', { productId: `${MARKER} with spaces` }, 'productId'],
      ['a name of two lines', { name: `${MARKER}\nsecond line` }, 'name'],
      ['an unknown category', { category: MARKER }, 'category'],
      ['a risk level R6', { riskLevel: 'R6' }, 'riskLevel'],
      ['a term of 0 days', { termDays: 0 }, 'termDays'],
      ['a fractional term', { termDays: 1.5 }, 'termDays'],
      ['a negative minimum', { minimumAmount: { amount: -1, currency: 'CNY' } }, 'minimumAmount.amount'],
      ['a lower-case currency', { minimumAmount: { amount: 1, currency: 'cny' } }, 'minimumAmount.currency'],
      ['no customer type', { customerTypes: [] }, 'customerTypes'],
      ['a repeated customer type', { customerTypes: ['individual', 'individual'] }, 'customerTypes'],
      ['an unknown minimum grade', { minimumGrade: 'gold' }, 'minimumGrade'],
      [
        'a sale window that ends before it starts',
        { saleFrom: '2027-01-02T00:00:00Z', saleTo: '2027-01-01T00:00:00Z' },
        'saleTo',
      ],
      ['an instant with an offset', { saleFrom: '2027-01-01T08:00:00+08:00' }, 'saleFrom'],
      ['a status a product cannot start in', { status: 'suspended' }, 'status'],
      ['an unknown field', { [MARKER]: 1 }, MARKER],
    ])(
      'refuses %s with 422 naming the field, writes nothing and echoes no value',
      async (_case, overrides, path) => {
        // Act
        const response = await create(overrides);

        // Assess
        expect(response.statusCode).toBe(422);
        const errors = jsonBody(response).errors as { path: string; message: string }[];
        expect(errors.map((error) => error.path)).toContain(path);
        expect(errors.map((error) => error.message).join(' ')).not.toContain(MARKER);
        expect(JSON.stringify(jsonBody(response).detail)).not.toContain(MARKER);
        expect(store.saves).toBe(0);
      },
    );

    it('answers a retry with the same Idempotency-Key with the product as it is now, marked replayed', async () => {
      // Prepare
      const first = await call('POST', 'admin', '/v1/products', {
        body: depositBody(),
        idempotencyKey: 'create-dep-1y',
      });
      await call('PATCH', 'admin', '/v1/products/DEP-1Y', { body: { status: 'suspended' }, ifMatch: '"1"' });

      // Act
      const retry = await call('POST', 'admin', '/v1/products', {
        body: depositBody(),
        idempotencyKey: 'create-dep-1y',
      });

      // Assess
      expect(first.statusCode).toBe(201);
      expect(first.headers?.['idempotent-replayed']).toBeUndefined();
      expect(retry.statusCode).toBe(201);
      expect(retry.headers?.['idempotent-replayed']).toBe('true');
      expect(retry.headers?.etag).toBe('"2"');
      expect(jsonBody(retry)).toMatchObject({ productId: 'DEP-1Y', status: 'suspended', version: 2 });
      expect(store.saves).toBe(2);
    });

    it('refuses an Idempotency-Key reused with another body (409) or malformed (400), writing nothing', async () => {
      // Prepare
      await call('POST', 'admin', '/v1/products', { body: depositBody(), idempotencyKey: 'create-dep-1y' });
      const before = store.snapshot();

      // Act
      const reused = await call('POST', 'admin', '/v1/products', {
        body: depositBody({ productId: 'DEP-2Y' }),
        idempotencyKey: 'create-dep-1y',
      });
      const malformed = await call('POST', 'admin', '/v1/products', {
        body: depositBody({ productId: 'DEP-2Y' }),
        idempotencyKey: `${MARKER}!`,
      });

      // Assess
      expect(reused.statusCode).toBe(409);
      expect(jsonBody(reused).code).toBe('idempotency-key-reused');
      expect(malformed.statusCode).toBe(400);
      expect(malformed.body).not.toContain(MARKER);
      expect(store.snapshot()).toBe(before);
    });

    it('refuses a body that is not JSON with 400 and writes nothing', async () => {
      // Act
      const response = await call('POST', 'admin', '/v1/products', { rawBody: `{"productId": "${MARKER}"` });

      // Assess
      expect(response.statusCode).toBe(400);
      expect(response.body).not.toContain(MARKER);
      expect(store.saves).toBe(0);
    });
  });

  describe('read and list', () => {
    it('answers an unknown product with 404 product-not-found', async () => {
      // Act
      const response = await call('GET', 'relationship-manager', '/v1/products/NOPE-1');

      // Assess
      expect(response.statusCode).toBe(404);
      expect(jsonBody(response).code).toBe('product-not-found');
    });

    it('refuses a path id that is not an id with 422, without echoing it', async () => {
      // Act
      const response = await call('GET', 'admin', `/v1/products/${encodeURIComponent(`${MARKER}!`)}`);

      // Assess
      expect(response.statusCode).toBe(422);
      expect(JSON.stringify(jsonBody(response).errors)).not.toContain(MARKER);
      expect(jsonBody(response).detail).not.toContain(MARKER);
    });

    it('lists by product id, narrowed by category, status and risk level, page by page', async () => {
      // Prepare
      await create();
      await create({ productId: 'FND-1', category: 'fund', riskLevel: 'R3' });
      await create({ productId: 'FND-2', category: 'fund', riskLevel: 'R4', status: 'draft' });
      const { termDays: _noTerm, ...card } = depositBody({ productId: 'CRD-1', category: 'card' });
      await call('POST', 'admin', '/v1/products', { body: card });

      // Act
      const funds = await call('GET', 'analyst', '/v1/products', { query: { category: 'fund' } });
      const onSaleR3 = await call('GET', 'analyst', '/v1/products', {
        query: { status: 'on-sale', riskLevel: 'R3' },
      });
      const first = await call('GET', 'analyst', '/v1/products', { query: { limit: '2' } });
      const cursor = String(jsonBody(first).cursor);
      const second = await call('GET', 'analyst', '/v1/products', { query: { limit: '2', cursor } });

      // Assess
      const ids = (response: APIGatewayProxyStructuredResultV2) =>
        expectSchema(productPageSchema, jsonBody(response)).items.map((item) => item.productId);
      expect(ids(funds)).toEqual(['FND-1', 'FND-2']);
      expect(ids(onSaleR3)).toEqual(['FND-1']);
      expect(ids(first)).toEqual(['CRD-1', 'DEP-1Y']);
      expect(ids(second)).toEqual(['FND-1', 'FND-2']);
    });

    it.each([
      ['category', { category: MARKER }],
      ['status', { status: 'retired' }],
      ['riskLevel', { riskLevel: 'R0' }],
      ['limit', { limit: '1000' }],
      ['an unknown filter', { [MARKER]: 'x' }],
    ])('refuses a bad %s query with 422 without echoing it', async (_case, query) => {
      // Act
      const response = await call('GET', 'admin', '/v1/products', { query });

      // Assess
      expect(response.statusCode).toBe(422);
      const errors = jsonBody(response).errors as { path: string; message: string }[];
      expect(errors.map((error) => error.message).join(' ')).not.toContain(MARKER);
      expect(jsonBody(response).detail).not.toContain(MARKER);
    });
  });

  describe('patch', () => {
    it('changes the named fields as a new version, audits their names and announces the whole product', async () => {
      // Prepare
      await create({ minimumGrade: 'premium', saleTo: '2027-06-30T15:59:59Z' });

      // Act
      const response = await call('PATCH', 'admin', '/v1/products/DEP-1Y', {
        body: { name: '一年期定期存款（新）', minimumGrade: null, saleTo: null },
        ifMatch: '"1"',
      });

      // Assess
      expect(response.statusCode).toBe(200);
      expect(response.headers?.etag).toBe('"2"');
      const body = expectSchema(productViewSchema, jsonBody(response));
      expect(body).toMatchObject({
        name: '一年期定期存款（新）',
        version: 2,
        createdAt: '2026-12-04T02:00:00.000Z',
      });
      expect(body).not.toHaveProperty('minimumGrade');
      expect(body).not.toHaveProperty('saleTo');
      expect(store.audit[1]).toMatchObject({
        seq: 2,
        action: 'product.updated',
        fields: ['name', 'minimumGrade', 'saleTo'],
        prevHash: store.audit[0]?.hash,
      });
      const detail = parseEventDetail(ProductChanged, store.events[1]?.detail);
      expect(detail).toMatchObject({ productName: '一年期定期存款（新）', version: 2, riskLevel: 'R1' });
      expect(detail).not.toHaveProperty('minimumGrade');
    });

    it('writes nothing for a patch that changes nothing and answers the current version', async () => {
      // Prepare
      await create();
      const before = store.snapshot();

      // Act
      const response = await call('PATCH', 'admin', '/v1/products/DEP-1Y', {
        body: { status: 'on-sale', customerTypes: ['corporate', 'individual'], termDays: 365 },
        ifMatch: '"1"',
      });

      // Assess
      expect(response.statusCode).toBe(200);
      expect(response.headers?.etag).toBe('"1"');
      expect(jsonBody(response).version).toBe(1);
      expect(store.snapshot()).toBe(before);
    });

    it('refuses a patch without If-Match with 428, a malformed one with 400, and writes nothing', async () => {
      // Prepare
      await create();
      const before = store.snapshot();

      // Act
      const missing = await call('PATCH', 'admin', '/v1/products/DEP-1Y', { body: { status: 'suspended' } });
      const malformed = await call('PATCH', 'admin', '/v1/products/DEP-1Y', {
        body: { status: 'suspended' },
        ifMatch: 'latest',
      });

      // Assess
      expect(missing.statusCode).toBe(428);
      expect(malformed.statusCode).toBe(400);
      expect(store.snapshot()).toBe(before);
    });

    it('refuses a stale or weak If-Match with 412 stale-version and keeps the version saved', async () => {
      // Prepare
      await create();
      await call('PATCH', 'admin', '/v1/products/DEP-1Y', { body: { riskLevel: 'R2' }, ifMatch: '"1"' });
      const before = store.snapshot();

      // Act
      const stale = await call('PATCH', 'admin', '/v1/products/DEP-1Y', {
        body: { status: 'suspended' },
        ifMatch: '"1"',
      });
      const weak = await call('PATCH', 'admin', '/v1/products/DEP-1Y', {
        body: { status: 'suspended' },
        ifMatch: 'W/"2"',
      });

      // Assess
      expect(stale.statusCode).toBe(412);
      expect(jsonBody(stale).code).toBe('stale-version');
      expect(weak.statusCode).toBe(412);
      expect(store.snapshot()).toBe(before);
    });

    it('answers 412 when another admin saved between the read and the write', async () => {
      // Prepare
      await create();
      store.loseNextSave = true;

      // Act
      const response = await call('PATCH', 'admin', '/v1/products/DEP-1Y', {
        body: { status: 'suspended' },
        ifMatch: '"1"',
      });

      // Assess
      expect(response.statusCode).toBe(412);
      expect(store.pointers.get('DEP-1Y')?.version).toBe(1);
    });

    it('answers 404 for a patch of an unknown product', async () => {
      // Act
      const response = await call('PATCH', 'admin', '/v1/products/NOPE-1', {
        body: { status: 'suspended' },
        ifMatch: '"1"',
      });

      // Assess
      expect(response.statusCode).toBe(404);
      expect(jsonBody(response).code).toBe('product-not-found');
    });

    it.each([
      ['draft', 'on-sale', 200],
      ['draft', 'withdrawn', 200],
      ['draft', 'suspended', 409],
      ['on-sale', 'suspended', 200],
      ['on-sale', 'withdrawn', 200],
      ['on-sale', 'draft', 409],
      ['suspended', 'on-sale', 200],
      ['suspended', 'withdrawn', 200],
      ['suspended', 'draft', 409],
      ['withdrawn', 'on-sale', 409],
      ['withdrawn', 'draft', 409],
      ['withdrawn', 'suspended', 409],
    ] as const)('takes a product from %s to %s with %i', async (from, to, expected) => {
      // Prepare: reach `from` by allowed steps.
      const path: Record<typeof from, readonly string[]> = {
        draft: [],
        'on-sale': ['on-sale'],
        suspended: ['on-sale', 'suspended'],
        withdrawn: ['withdrawn'],
      };
      await create({ status: 'draft' });
      for (const [index, status] of path[from].entries()) {
        await call('PATCH', 'admin', '/v1/products/DEP-1Y', { body: { status }, ifMatch: `"${index + 1}"` });
      }
      const version = path[from].length + 1;
      const before = store.snapshot();

      // Act
      const response = await call('PATCH', 'admin', '/v1/products/DEP-1Y', {
        body: { status: to },
        ifMatch: `"${version}"`,
      });

      // Assess
      expect(response.statusCode).toBe(expected);
      if (expected === 200) {
        expect(jsonBody(response)).toMatchObject({ status: to, version: version + 1 });
      } else {
        expect(jsonBody(response).code).toBe(
          from === 'withdrawn' ? 'product-withdrawn' : 'invalid-transition',
        );
        expect(store.snapshot()).toBe(before);
      }
    });

    it('refuses any change to a withdrawn product with 409 product-withdrawn', async () => {
      // Prepare
      await create();
      await call('PATCH', 'admin', '/v1/products/DEP-1Y', { body: { status: 'withdrawn' }, ifMatch: '"1"' });
      const before = store.snapshot();

      // Act
      const response = await call('PATCH', 'admin', '/v1/products/DEP-1Y', {
        body: { name: 'Renamed' },
        ifMatch: '"2"',
      });

      // Assess
      expect(response.statusCode).toBe(409);
      expect(jsonBody(response).code).toBe('product-withdrawn');
      expect(store.snapshot()).toBe(before);
    });

    it('refuses a patch whose sale window, merged with the stored one, ends before it starts', async () => {
      // Prepare
      await create({ saleFrom: '2027-01-01T00:00:00Z' });
      const before = store.snapshot();

      // Act
      const response = await call('PATCH', 'admin', '/v1/products/DEP-1Y', {
        body: { saleTo: '2026-12-31T00:00:00Z' },
        ifMatch: '"1"',
      });

      // Assess
      expect(response.statusCode).toBe(422);
      expect(jsonBody(response).errors).toEqual([{ path: 'saleTo', message: 'must not be before saleFrom' }]);
      expect(store.snapshot()).toBe(before);
    });

    it.each([
      ['an empty patch', {}, ''],
      ['the product id', { productId: 'OTHER' }, 'productId'],
      ['a bad risk level', { riskLevel: MARKER }, 'riskLevel'],
      ['a null name', { name: null }, 'name'],
      ['a null category', { category: null }, 'category'],
      ['a null status', { status: null }, 'status'],
      [
        'a bad minimum amount',
        { minimumAmount: { amount: MARKER, currency: 'CNY' } },
        'minimumAmount.amount',
      ],
    ])('refuses %s with 422, writes nothing and echoes no value', async (_case, body, path) => {
      // Prepare
      await create();
      const before = store.snapshot();

      // Act
      const response = await call('PATCH', 'admin', '/v1/products/DEP-1Y', { body, ifMatch: '"1"' });

      // Assess
      expect(response.statusCode).toBe(422);
      const errors = jsonBody(response).errors as { path: string; message: string }[];
      expect(errors.map((error) => error.path)).toContain(path);
      expect(response.body).not.toContain(MARKER);
      expect(store.snapshot()).toBe(before);
    });
  });
});
