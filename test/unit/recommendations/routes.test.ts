import { describe, expect, it } from 'vitest';
import { DEFAULT_RECOMMENDATIONS_SETTINGS } from '../../../functions/recommendations/domain/settings.js';
import type { Role } from '../../../shared/auth/types.js';
import type { TestCaller } from '../../support/route-caller.js';
import { customerView, daysBefore, product, recommendationsFixture } from './recommendation-fakes.js';

const RM: TestCaller = { sub: 'user-rm7', role: 'relationship-manager', branch: 'BJ01', rmId: 'rm-7' };
const OTHER_RM: TestCaller = { sub: 'user-rm8', role: 'relationship-manager', branch: 'BJ01', rmId: 'rm-8' };
const SUPERVISOR: TestCaller = { sub: 'user-sup', role: 'supervisor', branch: 'BJ01' };
const OTHER_SUPERVISOR: TestCaller = { sub: 'user-sup2', role: 'supervisor', branch: 'SH01' };
const COMPLIANCE: TestCaller = { sub: 'user-cmp', role: 'compliance-officer' };
const ANALYST: TestCaller = { sub: 'user-ana', role: 'analyst' };

const LIST = '/v1/customers/cus-1/recommendations';
const KPIS = '/v1/recommendations/kpis';
const respondPath = (id: string) => `/v1/recommendations/${id}/response`;

describe('GET /v1/customers/{customerId}/recommendations', () => {
  it('ranks the suitable products with their reasons and lists every other product with every reason', async () => {
    // Arrange
    const { call } = recommendationsFixture();

    // Act
    const response = await call(RM, 'GET', LIST);

    // Assess
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      customerId: 'cus-1',
      ruleVersion: 's1-m12-r2-d90',
      moreSuitable: 0,
    });
    const recommended = response.json.recommended as { productId: string; satisfied: string[] }[];
    expect(recommended.map((entry) => entry.productId).sort()).toEqual(['dep-r1', 'wm-r2']);
    expect(recommended.find((entry) => entry.productId === 'wm-r2')).toMatchObject({
      name: '产品 wm-r2',
      category: 'wealth-management',
      riskLevel: 'R2',
      minimumAmount: { amount: 0, currency: 'CNY' },
      score: expect.any(Number),
      // No amount or horizon stated: only the risk rule applies.
      satisfied: ['risk-within-tolerance'],
    });
    expect(response.json.excluded).toEqual([
      {
        productId: 'card-draft',
        name: '产品 card-draft',
        category: 'card',
        riskLevel: 'R1',
        reasons: ['not-on-sale'],
      },
      {
        productId: 'fund-r4',
        name: '产品 fund-r4',
        category: 'fund',
        riskLevel: 'R4',
        reasons: ['risk-above-tolerance'],
      },
    ]);
  });

  it('lists at most RECOMMENDATION_LIST_LIMIT suitable products and counts the rest', async () => {
    // Arrange
    const { call } = recommendationsFixture({ ...DEFAULT_RECOMMENDATIONS_SETTINGS, listLimit: 1 });

    // Act
    const response = await call(RM, 'GET', LIST);

    // Assess
    expect(response.json.recommended).toHaveLength(1);
    expect(response.json.moreSuitable).toBe(1);
    expect(response.json.excluded).toHaveLength(2);
  });

  it('answers a restricted customer with every product excluded as customer-restricted (200, not 403)', async () => {
    // Arrange
    const { call, store } = recommendationsFixture();
    store.changeCustomer('cus-1', { restricted: true });

    // Act
    const response = await call(RM, 'GET', LIST);

    // Assess
    expect(response.status).toBe(200);
    expect(response.json.recommended).toEqual([]);
    const excluded = response.json.excluded as { reasons: string[] }[];
    expect(excluded).toHaveLength(4);
    for (const entry of excluded) expect(entry.reasons).toContain('customer-restricted');
  });

  it("counts the list's exclusions per reason in the day's bucket of the customer's branch", async () => {
    // Arrange
    const { call, store } = recommendationsFixture();

    // Act
    await call(RM, 'GET', LIST);
    await call(SUPERVISOR, 'GET', LIST);

    // Assess
    expect(await store.kpiBuckets('2026-12-03', '2026-12-03', 'BJ01')).toEqual([
      expect.objectContaining({ excluded: { 'not-on-sale': 2, 'risk-above-tolerance': 2 }, refused: {} }),
    ]);
  });

  it('answers the same 404 for a customer never registered, erased, or outside the caller’s scope', async () => {
    // Arrange
    const { call, store } = recommendationsFixture();
    store.putCustomer(customerView({ customerId: 'cus-erased', erased: true }));

    // Act
    const answers = [
      await call(RM, 'GET', '/v1/customers/cus-nobody/recommendations'),
      await call(RM, 'GET', '/v1/customers/cus-erased/recommendations'),
      await call(OTHER_RM, 'GET', LIST),
      await call(OTHER_SUPERVISOR, 'GET', LIST),
      await call(RM, 'POST', '/v1/customers/cus-erased/recommendations', {
        body: { productId: 'wm-r2', channel: 'phone' },
      }),
      await call(OTHER_RM, 'POST', LIST, { body: { productId: 'wm-r2', channel: 'phone' } }),
    ];

    // Assess
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect({ code: answer.json.code, detail: answer.json.detail, type: answer.json.type }).toEqual({
        code: 'customer-not-found',
        detail: 'No customer with this id is visible to you',
        type: 'https://fincrm.dev/problems/not-found',
      });
    }
    expect(store.writes).toBe(0);
  });
});

describe('POST /v1/customers/{customerId}/recommendations', () => {
  it('records a suitable recommendation by the caller, now, with its score, reasons and rule version', async () => {
    // Arrange
    const { call, store } = recommendationsFixture();

    // Act
    const response = await call(RM, 'POST', LIST, { body: { productId: 'wm-r2', channel: 'sms' } });

    // Assess
    expect(response.status).toBe(201);
    expect(response.json).toMatchObject({
      recommendationId: expect.stringMatching(/^rec_/),
      customerId: 'cus-1',
      branch: 'BJ01',
      rmId: 'rm-7',
      productId: 'wm-r2',
      productVersion: 1,
      channel: 'sms',
      satisfied: ['risk-within-tolerance'],
      ruleVersion: 's1-m12-r2-d90',
      madeBy: 'user-rm7',
      madeAt: '2026-12-03T02:00:00.000Z',
      contactRequestId: `recommendation-${String(response.json.recommendationId)}`,
    });
    expect(store.records.size).toBe(1);
  });

  it.each([
    ['an RM', RM],
    ['a supervisor', SUPERVISOR],
  ])(
    'refuses an unsuitable product with 422 and every reason code for %s, recording nothing',
    async (_who, caller) => {
      // Arrange
      const { call, store } = recommendationsFixture();
      store.changeCustomer('cus-1', {
        suitability: { riskTolerance: 'C3', riskAssessedAt: daysBefore(400), senior: false },
      });

      // Act
      const response = await call(caller, 'POST', LIST, { body: { productId: 'fund-r4', channel: 'sms' } });

      // Assess
      expect(response.status).toBe(422);
      expect(response.json).toMatchObject({
        type: 'https://fincrm.dev/problems/validation',
        code: 'recommendation-unsuitable',
        errors: [{ path: 'productId', message: 'assessment-expired' }],
      });
      expect(store.records.size).toBe(0);
      expect(store.outbox).toEqual([]);
      expect((await store.kpiBuckets('2026-12-03', '2026-12-03'))[0]?.refused).toEqual({
        'assessment-expired': 1,
      });
    },
  );

  it('refuses a product not in the catalogue and a confirmation that does not apply with 422', async () => {
    // Arrange
    const { call, store } = recommendationsFixture();
    store.putCustomer(
      customerView({
        customerId: 'cus-senior',
        suitability: { riskTolerance: 'C5', riskAssessedAt: daysBefore(10), senior: true },
      }),
    );
    const confirmation = { seniorConfirmation: { reason: 'customer-requested' } };

    // Act
    const unknown = await call(RM, 'POST', LIST, { body: { productId: 'no-such', channel: 'phone' } });
    const notSenior = await call(RM, 'POST', LIST, {
      body: { productId: 'fund-r4', channel: 'phone', ...confirmation },
    });
    const atOrBelowR2 = await call(RM, 'POST', '/v1/customers/cus-senior/recommendations', {
      body: { productId: 'wm-r2', channel: 'phone', ...confirmation },
    });

    // Assess
    expect([unknown.status, unknown.json.code]).toEqual([422, 'unknown-product']);
    expect(unknown.json.errors).toEqual([
      { path: 'productId', message: 'The product is not in the catalogue' },
    ]);
    for (const answer of [notSenior, atOrBelowR2]) {
      expect([answer.status, answer.json.code]).toEqual([422, 'senior-confirmation-not-applicable']);
    }
    expect(store.records.size).toBe(0);
  });

  it('records a product above R2 for a senior customer only with the RM’s confirmation: who, when, why', async () => {
    // Arrange
    const { call, store } = recommendationsFixture();
    store.changeCustomer('cus-1', {
      suitability: { riskTolerance: 'C5', riskAssessedAt: daysBefore(10), senior: true },
    });

    // Act
    const without = await call(RM, 'POST', LIST, { body: { productId: 'fund-r4', channel: 'phone' } });
    const confirmed = await call(RM, 'POST', LIST, {
      body: {
        productId: 'fund-r4',
        channel: 'phone',
        seniorConfirmation: { reason: 'investment-experience' },
      },
    });

    // Assess
    expect(without.status).toBe(422);
    expect(without.json.errors).toEqual([{ path: 'productId', message: 'senior-confirmation-required' }]);
    expect(confirmed.status).toBe(201);
    expect(confirmed.json).toMatchObject({
      satisfied: ['risk-within-tolerance', 'senior-confirmed'],
      seniorConfirmation: {
        confirmedBy: 'user-rm7',
        confirmedAt: '2026-12-03T02:00:00.000Z',
        reason: 'investment-experience',
      },
    });
    expect(store.records.size).toBe(1);
  });

  it('replays a retry with the same Idempotency-Key and refuses the key with another body (409)', async () => {
    // Arrange
    const { call, store } = recommendationsFixture();
    const headers = { 'idempotency-key': 'rec-retry-0001' };
    const first = await call(RM, 'POST', LIST, { body: { productId: 'wm-r2', channel: 'sms' }, headers });

    // Act
    const again = await call(RM, 'POST', LIST, { body: { productId: 'wm-r2', channel: 'sms' }, headers });
    const reused = await call(RM, 'POST', LIST, { body: { productId: 'dep-r1', channel: 'sms' }, headers });
    const otherCaller = await call(SUPERVISOR, 'POST', LIST, {
      body: { productId: 'dep-r1', channel: 'sms' },
      headers,
    });

    // Assess
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json).toEqual(first.json);
    expect([reused.status, reused.json.code]).toEqual([409, 'idempotency-key-reused']);
    // Another caller's same key is their own request.
    expect(otherCaller.status).toBe(201);
    expect(store.records.size).toBe(2);
    expect(store.outbox.filter((event) => event.detailType === 'RecommendationMade')).toHaveLength(2);
  });
});

describe('POST /v1/recommendations/{recommendationId}/response', () => {
  async function made() {
    const fixture = recommendationsFixture();
    const response = await fixture.call(RM, 'POST', LIST, { body: { productId: 'wm-r2', channel: 'phone' } });
    return { ...fixture, id: String(response.json.recommendationId) };
  }

  it('records the answer once: a second answer is a 409', async () => {
    // Arrange
    const { call, id, clock } = await made();
    clock.advance(3_600_000);

    // Act
    const first = await call(SUPERVISOR, 'POST', respondPath(id), { body: { response: 'accepted' } });
    const second = await call(RM, 'POST', respondPath(id), { body: { response: 'declined' } });

    // Assess
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({
      recommendationId: id,
      response: 'accepted',
      respondedAt: '2026-12-03T03:00:00.000Z',
      respondedBy: 'user-sup',
    });
    expect([second.status, second.json.code]).toEqual([409, 'recommendation-already-answered']);
  });

  it('keeps a declined category out of the next list, with category-declined', async () => {
    // Arrange
    const { call, id } = await made();

    // Act
    await call(RM, 'POST', respondPath(id), { body: { response: 'declined' } });
    const list = await call(RM, 'GET', LIST);

    // Assess
    expect(list.json.excluded).toContainEqual(
      expect.objectContaining({ productId: 'wm-r2', reasons: ['category-declined'] }),
    );
  });

  it('answers the same 404 for an unknown recommendation and one of a customer outside the scope', async () => {
    // Arrange
    const { call, id, store } = await made();

    // Act
    const unknown = await call(RM, 'POST', respondPath('rec_nobody'), { body: { response: 'accepted' } });
    const outside = await call(OTHER_RM, 'POST', respondPath(id), { body: { response: 'accepted' } });
    const otherBranch = await call(OTHER_SUPERVISOR, 'POST', respondPath(id), {
      body: { response: 'accepted' },
    });

    // Assess
    for (const answer of [unknown, outside, otherBranch]) {
      expect([answer.status, answer.json.code, answer.json.detail]).toEqual([
        404,
        'recommendation-not-found',
        'No recommendation with this id is visible to you',
      ]);
    }
    expect(store.records.get(id)?.response).toBeUndefined();
  });
});

describe('GET /v1/recommendations/kpis', () => {
  async function withActivity() {
    const fixture = recommendationsFixture();
    fixture.store.putCustomer(customerView({ customerId: 'cus-sh', branch: 'SH01', rmId: 'rm-9' }));
    const made = await fixture.call(RM, 'POST', LIST, { body: { productId: 'wm-r2', channel: 'phone' } });
    await fixture.call(RM, 'POST', LIST, { body: { productId: 'dep-r1', channel: 'phone' } });
    await fixture.call(RM, 'POST', respondPath(String(made.json.recommendationId)), {
      body: { response: 'accepted' },
    });
    await fixture.call(
      { sub: 'u', role: 'supervisor', branch: 'SH01' },
      'POST',
      '/v1/customers/cus-sh/recommendations',
      {
        body: { productId: 'dep-r1', channel: 'phone' },
      },
    );
    return fixture;
  }

  it('sums made, accepted and the conversion rate per category and branch, a branch or all', async () => {
    // Arrange
    const { call } = await withActivity();
    const query = { from: '2026-12-01', to: '2026-12-03' };

    // Act
    const all = await call(COMPLIANCE, 'GET', KPIS, { query });
    const beijing = await call(ANALYST, 'GET', KPIS, { query: { ...query, branch: 'BJ01' } });

    // Assess
    expect(all.status).toBe(200);
    expect(all.json).toMatchObject({
      from: '2026-12-01',
      to: '2026-12-03',
      made: 3,
      accepted: 1,
      conversionRate: 0.3333,
    });
    expect(all.json.branch).toBeUndefined();
    expect(all.json.byBranch).toEqual([
      { branch: 'BJ01', made: 2, accepted: 1, declined: 0, notInterested: 0, conversionRate: 0.5 },
      { branch: 'SH01', made: 1, accepted: 0, declined: 0, notInterested: 0, conversionRate: 0 },
    ]);
    expect(all.json.byCategory).toContainEqual({
      category: 'wealth-management',
      made: 1,
      accepted: 1,
      declined: 0,
      notInterested: 0,
      conversionRate: 1,
    });
    expect(all.json.byCategory).toContainEqual({
      category: 'loan',
      made: 0,
      accepted: 0,
      declined: 0,
      notInterested: 0,
      conversionRate: null,
    });
    expect(beijing.json).toMatchObject({ branch: 'BJ01', made: 2, accepted: 1 });
  });

  it('forces a supervisor to their own branch: none named is theirs, another is a 403', async () => {
    // Arrange
    const { call } = await withActivity();
    const query = { from: '2026-12-01', to: '2026-12-03' };

    // Act
    const own = await call(SUPERVISOR, 'GET', KPIS, { query });
    const other = await call(SUPERVISOR, 'GET', KPIS, { query: { ...query, branch: 'SH01' } });

    // Assess
    expect(own.json).toMatchObject({ branch: 'BJ01', made: 2 });
    expect([other.status, other.json.code]).toEqual([403, 'branch-out-of-scope']);
  });

  it.each([
    ['to before from', { from: '2026-12-03', to: '2026-12-01' }, 'to'],
    ['a range over 366 days', { from: '2025-01-01', to: '2026-01-02' }, 'to'],
    ['a date that does not exist', { from: '2026-02-30', to: '2026-03-01' }, 'from'],
    ['a malformed date', { from: '3 Dec 2026', to: '2026-12-03' }, 'from'],
    ['no range', {}, 'from'],
  ])('refuses %s with a 422 naming the field, never the value', async (_case, query, path) => {
    // Arrange
    const { call } = recommendationsFixture();

    // Act
    const response = await call(COMPLIANCE, 'GET', KPIS, { query });

    // Assess
    expect(response.status).toBe(422);
    expect(response.json.errors).toContainEqual(expect.objectContaining({ path }));
    for (const value of Object.values(query)) expect(response.text).not.toContain(value);
  });
});

describe('authorisation: role × action', () => {
  type Action = 'list' | 'make' | 'respond' | 'kpis';
  /** Each role on a customer in its scope, and what it gets (compliance reads, never writes). */
  const MATRIX: readonly (readonly [Role, TestCaller, Record<Action, number>])[] = [
    ['relationship-manager', RM, { list: 200, make: 201, respond: 200, kpis: 403 }],
    ['supervisor', SUPERVISOR, { list: 200, make: 201, respond: 200, kpis: 200 }],
    ['compliance-officer', COMPLIANCE, { list: 200, make: 403, respond: 403, kpis: 200 }],
    ['analyst', ANALYST, { list: 403, make: 403, respond: 403, kpis: 200 }],
    [
      'service-agent',
      { sub: 'user-agent', role: 'service-agent', branch: 'BJ01' },
      { list: 403, make: 403, respond: 403, kpis: 403 },
    ],
    [
      'complaints-manager',
      { sub: 'user-cm', role: 'complaints-manager', branch: 'BJ01' },
      { list: 403, make: 403, respond: 403, kpis: 403 },
    ],
    ['admin', { sub: 'user-admin', role: 'admin' }, { list: 403, make: 403, respond: 403, kpis: 403 }],
    [
      'ingestion-client',
      { sub: 'client-core', role: 'ingestion-client' },
      { list: 403, make: 403, respond: 403, kpis: 403 },
    ],
  ];

  it.each(MATRIX)('%s', async (_role, caller, expected) => {
    // Arrange
    const { call, store } = recommendationsFixture();
    const made = await call(RM, 'POST', LIST, { body: { productId: 'wm-r2', channel: 'phone' } });
    const writesBefore = store.writes;

    // Act
    const statuses: Record<Action, number> = {
      list: (await call(caller, 'GET', LIST)).status,
      make: (await call(caller, 'POST', LIST, { body: { productId: 'dep-r1', channel: 'phone' } })).status,
      respond: (
        await call(caller, 'POST', respondPath(String(made.json.recommendationId)), {
          body: { response: 'accepted' },
        })
      ).status,
      kpis: (await call(caller, 'GET', KPIS, { query: { from: '2026-12-01', to: '2026-12-03' } })).status,
    };

    // Assess
    expect(statuses).toEqual(expected);
    const allowedWrites = (expected.make === 201 ? 1 : 0) + (expected.respond === 200 ? 1 : 0);
    expect(store.writes - writesBefore).toBe(allowedWrites);
  });
});

describe('bad input writes nothing and never echoes the value', () => {
  const MARKER = '110101199003077777';

  it.each([
    ['an unknown field', { productId: 'wm-r2', channel: 'sms', note: MARKER }, 422],
    ['a channel that does not exist', { productId: 'wm-r2', channel: MARKER }, 422],
    ['a product id that is not an id', { productId: `张三 ${MARKER}`, channel: 'sms' }, 422],
    [
      'a free-text confirmation',
      { productId: 'fund-r4', channel: 'sms', seniorConfirmation: { reason: MARKER } },
      422,
    ],
    ['no product', { channel: 'sms' }, 422],
  ])('POST …/recommendations with %s', async (_case, body, status) => {
    // Arrange
    const { call, store } = recommendationsFixture();

    // Act
    const response = await call(RM, 'POST', LIST, { body });

    // Assess
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.text).not.toContain(MARKER);
    expect(store.writes).toBe(0);
    expect(store.buckets.size).toBe(0);
  });

  it('refuses malformed JSON (400), a malformed Idempotency-Key (400) and a bad answer (422)', async () => {
    // Arrange
    const { call, store } = recommendationsFixture();
    const made = await call(RM, 'POST', LIST, { body: { productId: 'wm-r2', channel: 'phone' } });
    const writes = store.writes;

    // Act
    const malformed = await call(RM, 'POST', LIST, { rawBody: `{"productId": "${MARKER}"` });
    const badKey = await call(RM, 'POST', LIST, {
      body: { productId: 'wm-r2', channel: 'sms' },
      headers: { 'idempotency-key': `${MARKER}!` },
    });
    const badAnswer = await call(RM, 'POST', respondPath(String(made.json.recommendationId)), {
      body: { response: MARKER },
    });

    // Assess
    expect([malformed.status, badKey.status, badAnswer.status]).toEqual([400, 400, 422]);
    expect(badKey.json.code).toBe('malformed-idempotency-key');
    for (const answer of [malformed, badKey, badAnswer]) expect(answer.text).not.toContain(MARKER);
    expect(store.writes).toBe(writes);
  });

  it('refuses a customer id that is not an id, naming the field and not the value', async () => {
    // Arrange
    const { call, store } = recommendationsFixture();

    // Act
    const response = await call(
      RM,
      'GET',
      `/v1/customers/${encodeURIComponent(`张三${MARKER}`)}/recommendations`,
    );

    // Assess: `instance` is the request path as sent (every problem's); the rest says nothing of it.
    expect(response.status).toBe(422);
    expect(response.json.errors).toEqual([{ path: 'customerId', message: expect.any(String) }]);
    expect(JSON.stringify({ ...response.json, instance: undefined })).not.toContain(MARKER);
    expect(store.buckets.size).toBe(0);
  });
});

describe('the catalogue as the list sees it', () => {
  it('lists every product exactly once, suitable or excluded, whatever its status', async () => {
    // Arrange
    const { call, store } = recommendationsFixture();
    store.putProduct(product('wm-withdrawn', { status: 'withdrawn' }));
    store.putProduct(product('wm-suspended', { status: 'suspended' }));

    // Act
    const response = await call(COMPLIANCE, 'GET', LIST);

    // Assess
    const ids = [
      ...(response.json.recommended as { productId: string }[]),
      ...(response.json.excluded as { productId: string }[]),
    ].map((entry) => entry.productId);
    expect(ids.sort()).toEqual([...store.products.keys()].sort());
    expect(response.json.excluded).toContainEqual(
      expect.objectContaining({ productId: 'wm-withdrawn', reasons: ['not-on-sale'] }),
    );
  });
});
