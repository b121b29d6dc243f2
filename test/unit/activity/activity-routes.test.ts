import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { activityApi } from '../../../functions/activity/api/route-handlers.js';
import type { CustomerFacts } from '../../../functions/activity/domain/customer-facts.js';
import { transactionDelta } from '../../../functions/activity/domain/transaction-delta.js';
import { activityPolicy } from '../../../functions/activity/policy.js';
import { regradeCustomer } from '../../../functions/activity/service/grade.js';
import { MACHINE_ROLES, ROLES, type Role } from '../../../shared/auth/types.js';
import { createHttpApi, type HttpApiHandler } from '../../../shared/http/api-handler.js';
import { UnauthorizedError } from '../../../shared/http/problem.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { httpEvent, jsonBody, lambdaContext } from '../../support/http-event.js';
import { tx } from './fixtures.js';
import { type InMemoryGradingStore, inMemoryActivityDeps } from './grading-fakes.js';

/** 10 June 2026, 10:00 in Beijing. */
const NOW = new Date('2026-06-10T02:00:00.000Z');
const CUSTOMER_A = 'cus_01KDVDNA00AAAAAAAAAAAAAAAA';
const CUSTOMER_B = 'cus_01KDVDNA00BBBBBBBBBBBBBBBB';
const UNKNOWN = 'cus_01KDVDNA00ZZZZZZZZZZZZZZZZ';

const KNOWN_ROLES: readonly string[] = [...ROLES, ...MACHINE_ROLES];

/** A stand-in for the JWT authorizer: the caller comes from test headers. */
function fakeAuthorizer(event: APIGatewayProxyEventV2) {
  const role = event.headers['x-test-role'];
  if (role === undefined || !KNOWN_ROLES.includes(role)) throw new UnauthorizedError();
  return {
    sub: `user-${role}`,
    role: role as Role,
    branch: event.headers['x-test-branch'],
    rmId: event.headers['x-test-rm'],
    scopes: [],
  };
}

interface Caller {
  readonly role: Role;
  readonly branch?: string;
  readonly rmId?: string;
}

const rm7: Caller = { role: 'relationship-manager', branch: '0101', rmId: 'rm-7' };
const rm8: Caller = { role: 'relationship-manager', branch: '0101', rmId: 'rm-8' };
const supervisor0101: Caller = { role: 'supervisor', branch: '0101' };
const supervisor0102: Caller = { role: 'supervisor', branch: '0102' };
const compliance: Caller = { role: 'compliance-officer' };
const analyst: Caller = { role: 'analyst' };
const admin: Caller = { role: 'admin' };
const machine: Caller = { role: 'ingestion-client' };

function facts(customerId: string, branch: string, rmId: string): CustomerFacts {
  return {
    customerId,
    customerType: 'individual',
    branch,
    rmId,
    onboardedAt: '2024-01-10T02:00:00.000Z',
    relationship: 'active',
    profileVersion: 1,
  };
}

/** A TransactionPosted detail as a core system posts it in a batch. */
function posted(transactionId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...tx({ transactionId, customerId: CUSTOMER_A, postedAt: '2026-06-09T02:00:00.000Z' }),
    ...overrides,
  };
}

describe('activity API routes', () => {
  let grading: InMemoryGradingStore;
  let api: HttpApiHandler;
  let quiet: MockInstance[];

  async function call(
    method: 'GET' | 'POST',
    path: string,
    caller: Caller,
    options: { query?: Record<string, string>; body?: unknown } = {},
  ): Promise<APIGatewayProxyStructuredResultV2> {
    const headers: Record<string, string> = {
      'x-test-role': caller.role,
      'content-type': 'application/json',
    };
    if (caller.branch !== undefined) headers['x-test-branch'] = caller.branch;
    if (caller.rmId !== undefined) headers['x-test-rm'] = caller.rmId;
    const event = httpEvent({
      method,
      path,
      headers,
      ...(options.query === undefined ? {} : { query: options.query }),
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    return api(event, lambdaContext());
  }

  /** Registers a customer with one successful transaction in May and grades them. */
  async function seedCustomer(
    customerId: string,
    branch: string,
    rmId: string,
    deps: Parameters<typeof regradeCustomer>[0],
  ) {
    grading.register(facts(customerId, branch, rmId));
    const detail = tx({
      transactionId: `seed-${customerId}`,
      customerId,
      postedAt: '2026-05-15T02:00:00.000Z',
    });
    await grading.activity.recordTransaction({
      customerId,
      transactionId: detail.transactionId,
      status: detail.status,
      delta: transactionDelta(detail),
    });
    await regradeCustomer(deps, customerId);
  }

  beforeEach(async () => {
    // The API logs every refused request and its metrics to stdout; keep the run readable.
    quiet = [
      vi.spyOn(process.stdout, 'write').mockImplementation(() => true),
      vi.spyOn(process.stderr, 'write').mockImplementation(() => true),
    ];
    const built = inMemoryActivityDeps(new ControlledClock(NOW));
    grading = built.grading;
    api = createHttpApi(activityApi(built.deps), { policy: activityPolicy, authorize: fakeAuthorizer });
    await seedCustomer(CUSTOMER_A, '0101', 'rm-7', built.deps);
    await seedCustomer(CUSTOMER_B, '0102', 'rm-9', built.deps);
  });
  afterEach(() => {
    for (const spy of quiet) spy.mockRestore();
  });

  describe('GET /v1/customers/{customerId}/profile', () => {
    const profile = (customerId: string, caller: Caller) =>
      call('GET', `/v1/customers/${customerId}/profile`, caller);

    it('shows an RM a customer of their own book: activity, segments and history', async () => {
      // Act
      const response = await profile(CUSTOMER_A, rm7);

      // Assess
      expect(response.statusCode).toBe(200);
      const body = jsonBody(response);
      expect(body).toMatchObject({
        customerId: CUSTOMER_A,
        branch: '0101',
        rmId: 'rm-7',
        asOf: NOW.toISOString(),
        activity: { lastSuccessfulTransactionAt: '2026-05-15T02:00:00.000Z' },
        segments: { lifecycleStage: 'mature', status: 'active', configVersion: 0 },
      });
      const activity = body.activity as { months: { month: string }[] };
      expect(activity.months).toHaveLength(12);
      expect(activity.months.at(-1)?.month).toBe('2026-06');
      expect(body.history).toContainEqual({
        dimension: 'lifecycleStage',
        from: null,
        to: 'mature',
        at: NOW.toISOString(),
      });
    });

    it('answers an RM asking for a customer of another RM’s book exactly as for an unknown one (404)', async () => {
      // Act
      const response = await profile(CUSTOMER_A, rm8);
      const unknown = await profile(UNKNOWN, rm8);

      // Assess: nothing tells the RM that the id exists.
      expect(response.statusCode).toBe(404);
      expect(response.headers?.['content-type']).toBe('application/problem+json');
      expect(jsonBody(response).segments).toBeUndefined();
      const { requestId: _a, instance: _i, ...answer } = jsonBody(response);
      const { requestId: _b, instance: _j, ...unknownAnswer } = jsonBody(unknown);
      expect(answer).toEqual(unknownAnswer);
    });

    it('answers a customer outside the caller’s scope and one that does not exist byte for byte alike (but the request id and path)', async () => {
      // Act: a supervisor of another branch, and an RM of another book, each asking for both.
      const answers = [
        {
          notYours: await profile(CUSTOMER_A, supervisor0102),
          notThere: await profile(UNKNOWN, supervisor0102),
        },
        { notYours: await profile(CUSTOMER_A, rm8), notThere: await profile(UNKNOWN, rm8) },
      ];

      // Assess
      for (const { notYours, notThere } of answers) {
        expect(notYours.statusCode).toBe(404);
        expect(notThere.statusCode).toBe(notYours.statusCode);
        expect(notThere.headers).toEqual(notYours.headers);
        const { requestId: _a, instance: _i, ...yours } = jsonBody(notYours);
        const { requestId: _b, instance: _j, ...there } = jsonBody(notThere);
        expect(JSON.stringify(there)).toBe(JSON.stringify(yours));
      }
    });

    it('shows a supervisor a customer of their branch, and not one of another branch (404)', async () => {
      // Act
      const own = await profile(CUSTOMER_A, supervisor0101);
      const other = await profile(CUSTOMER_A, supervisor0102);

      // Assess
      expect(own.statusCode).toBe(200);
      expect(other.statusCode).toBe(404);
    });

    it('shows a compliance officer any customer', async () => {
      // Act
      const a = await profile(CUSTOMER_A, compliance);
      const b = await profile(CUSTOMER_B, compliance);

      // Assess
      expect(a.statusCode).toBe(200);
      expect(b.statusCode).toBe(200);
      expect(jsonBody(b).branch).toBe('0102');
    });

    it.each([
      ['analyst', analyst],
      ['admin', admin],
      ['ingestion-client', machine],
    ])('refuses %s with 403 (no customer records)', async (_name, caller) => {
      // Act
      const response = await profile(CUSTOMER_A, caller);

      // Assess
      expect(response.statusCode).toBe(403);
    });

    it('answers 404 for a customer the capability does not know', async () => {
      // Act
      const response = await profile(UNKNOWN, compliance);

      // Assess
      expect(response.statusCode).toBe(404);
      expect(jsonBody(response).code).toBe('customer-not-found');
    });

    it('refuses an analyst with 403 for an unknown customer too, so ids cannot be probed', async () => {
      // Act
      const response = await profile(UNKNOWN, analyst);

      // Assess
      expect(response.statusCode).toBe(403);
    });

    it('refuses a malformed customer id as a 4xx problem', async () => {
      // Act
      const response = await profile(`-${'x'.repeat(10)}`, compliance);
      const tooLong = await profile(`c${'x'.repeat(128)}`, compliance);

      // Assess
      for (const refused of [response, tooLong]) {
        expect(refused.statusCode).toBeGreaterThanOrEqual(400);
        expect(refused.statusCode).toBeLessThan(500);
        expect(refused.headers?.['content-type']).toBe('application/problem+json');
        expect(jsonBody(refused).errors).toEqual([expect.objectContaining({ path: 'customerId' })]);
      }
    });
  });

  describe('GET /v1/segments/summary', () => {
    const summary = (caller: Caller, query?: Record<string, string>) =>
      call('GET', '/v1/segments/summary', caller, query === undefined ? {} : { query });
    const branchesOf = (response: APIGatewayProxyStructuredResultV2) =>
      (jsonBody(response).branches as { branch: string }[]).map((entry) => entry.branch);

    it('gives an analyst the counts of every branch', async () => {
      // Act
      const response = await summary(analyst);

      // Assess
      expect(response.statusCode).toBe(200);
      const body = jsonBody(response);
      expect(body.asOf).toBe(NOW.toISOString());
      expect(body.branches).toEqual([
        expect.objectContaining({
          branch: '0101',
          counts: expect.objectContaining({ lifecycleStage: { mature: 1 } }),
        }),
        expect.objectContaining({
          branch: '0102',
          counts: expect.objectContaining({ status: { active: 1 } }),
        }),
      ]);
    });

    it('holds counts only: no customer id nor RM id anywhere in the body', async () => {
      // Act
      const response = await summary(analyst);

      // Assess
      const text = response.body ?? '';
      for (const id of [CUSTOMER_A, CUSTOMER_B, 'rm-7', 'rm-9']) expect(text).not.toContain(id);
    });

    it('gives an admin every branch, or the one asked for', async () => {
      // Act
      const all = await summary(admin);
      const one = await summary(admin, { branch: '0102' });

      // Assess
      expect(all.statusCode).toBe(200);
      expect(branchesOf(all)).toEqual(['0101', '0102']);
      expect(branchesOf(one)).toEqual(['0102']);
    });

    it('gives a supervisor their own branch only, asked or not', async () => {
      // Act
      const unasked = await summary(supervisor0101);
      const asked = await summary(supervisor0101, { branch: '0101' });

      // Assess
      expect(unasked.statusCode).toBe(200);
      expect(branchesOf(unasked)).toEqual(['0101']);
      expect(branchesOf(asked)).toEqual(['0101']);
    });

    it('refuses a supervisor asking for another branch with 403', async () => {
      // Act
      const response = await summary(supervisor0101, { branch: '0102' });

      // Assess
      expect(response.statusCode).toBe(403);
      expect(jsonBody(response).code).toBe('branch-out-of-scope');
    });

    it('refuses a supervisor with no branch in their token with 403', async () => {
      // Act
      const response = await summary({ role: 'supervisor' });

      // Assess
      expect(response.statusCode).toBe(403);
    });

    it.each([
      ['relationship-manager', rm7],
      ['compliance-officer', compliance],
      ['ingestion-client', machine],
    ])('refuses %s with 403', async (_name, caller) => {
      // Act
      const response = await summary(caller);

      // Assess
      expect(response.statusCode).toBe(403);
    });

    it('refuses an unknown query field as a 4xx problem naming it', async () => {
      // Act
      const response = await summary(analyst, { customerId: CUSTOMER_A });

      // Assess
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      expect(jsonBody(response).errors).toEqual([expect.objectContaining({ path: 'customerId' })]);
    });
  });

  describe('POST /v1/transactions/batch', () => {
    type ItemResult = {
      index: number;
      status: string;
      transactionId?: string;
      code?: string;
      reason?: string;
    };
    const batch = (caller: Caller, transactions: unknown[]) =>
      call('POST', '/v1/transactions/batch', caller, { body: { transactions } });
    const resultsOf = (response: APIGatewayProxyStructuredResultV2) =>
      jsonBody(response).results as ItemResult[];

    it.each([
      ['admin', admin],
      ['a machine client with the ingestion scope', machine],
    ])('lets %s post transactions, counted on the customer', async (_name, caller) => {
      // Act
      const response = await batch(caller, [posted('txn-100')]);

      // Assess
      expect(response.statusCode).toBe(200);
      expect(jsonBody(response)).toMatchObject({ accepted: 1, duplicate: 0, rejected: 0 });
      expect(grading.activity.counted.has('txn-100#success')).toBe(true);
    });

    it.each([
      ['relationship-manager', rm7],
      ['analyst', analyst],
      ['supervisor', supervisor0101],
    ])('refuses %s with 403 and writes nothing', async (_name, caller) => {
      // Prepare
      const writesBefore = grading.activity.writes;

      // Act
      const response = await batch(caller, [posted('txn-100')]);

      // Assess
      expect(response.statusCode).toBe(403);
      expect(grading.activity.writes).toBe(writesBefore);
      expect(grading.activity.counted.has('txn-100#success')).toBe(false);
    });

    it('refuses 501 transactions as a 4xx problem and writes nothing', async () => {
      // Prepare
      const writesBefore = grading.activity.writes;
      const transactions = Array.from({ length: 501 }, (_, i) => posted(`txn-${i}`));

      // Act
      const response = await batch(admin, transactions);

      // Assess
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      expect(response.headers?.['content-type']).toBe('application/problem+json');
      expect(jsonBody(response).errors).toEqual([expect.objectContaining({ path: 'transactions' })]);
      expect(grading.activity.writes).toBe(writesBefore);
    });

    it('accepts a full batch of 500 transactions', async () => {
      // Prepare
      const transactions = Array.from({ length: 500 }, (_, i) => posted(`txn-${String(i).padStart(6, '0')}`));

      // Act
      const response = await batch(machine, transactions);

      // Assess
      expect(response.statusCode).toBe(200);
      expect(jsonBody(response)).toMatchObject({ accepted: 500, duplicate: 0, rejected: 0 });
    });

    it('answers a result per item, in order: accepted, duplicate, or rejected naming the field', async () => {
      // Prepare
      await batch(admin, [posted('txn-1')]);
      const items = [
        posted('txn-2'),
        posted('txn-1'),
        posted('txn-3', { amount: 10.5 }),
        posted('txn-4', { pin: 'secret-4711' }),
        posted('txn-5', { customerId: UNKNOWN }),
      ];

      // Act
      const response = await batch(admin, items);

      // Assess
      expect(response.statusCode).toBe(200);
      expect(jsonBody(response)).toMatchObject({ accepted: 2, duplicate: 1, rejected: 2 });
      const results = resultsOf(response);
      expect(results.map((r) => [r.index, r.status])).toEqual([
        [0, 'accepted'],
        [1, 'duplicate'],
        [2, 'rejected'],
        [3, 'rejected'],
        [4, 'accepted'],
      ]);
      expect(results[0]).toEqual({ index: 0, status: 'accepted', transactionId: 'txn-2' });
      expect(results[1]).toEqual({ index: 1, status: 'duplicate', transactionId: 'txn-1' });
      expect(results[2]?.code).toBe('EVENT_INVALID');
      expect(results[2]?.reason).toContain('amount');
      expect(results[3]?.reason).toContain('pin');
      expect(results[4]).toEqual({
        index: 4,
        status: 'accepted',
        transactionId: 'txn-5',
        pending: 'customer-unknown',
      });
      // The values sent are never echoed back (they may be personal information).
      expect(response.body).not.toContain('10.5');
      expect(response.body).not.toContain('secret-4711');
    });

    it('answers a replayed item for an unknown customer duplicate, and keeps its parked transaction once', async () => {
      // Act: the same call twice, as a client retrying after a lost answer.
      const first = await batch(admin, [posted('txn-8', { customerId: UNKNOWN })]);
      const replay = await batch(admin, [posted('txn-8', { customerId: UNKNOWN })]);

      // Assess
      expect(resultsOf(first)).toEqual([
        { index: 0, status: 'accepted', transactionId: 'txn-8', pending: 'customer-unknown' },
      ]);
      expect(jsonBody(replay)).toEqual({
        accepted: 0,
        duplicate: 1,
        rejected: 0,
        results: [{ index: 0, status: 'duplicate', transactionId: 'txn-8' }],
      });
      expect([...grading.parked.keys()]).toEqual([`${UNKNOWN}#TXN#txn-8#success`]);
    });

    it('counts a transaction posted twice once, and regrades the customer after it', async () => {
      // Act
      const first = await batch(admin, [posted('txn-7', { amount: 25_000 })]);
      const second = await batch(admin, [posted('txn-7', { amount: 25_000 })]);

      // Assess
      expect(resultsOf(first)[0]?.status).toBe('accepted');
      expect(resultsOf(second)[0]?.status).toBe('duplicate');
      const june = grading.activity.aggregates.get(CUSTOMER_A)?.months['2026-06'];
      expect(june?.['success.count']).toBe(1);
      expect(june?.['success.amount.CNY']).toBe(25_000);
      expect(grading.segments.get(CUSTOMER_A)?.state.gradedAt).toBe(NOW.toISOString());
    });
  });
});

describe('POST /v1/transactions/batch with the JWT authorizer’s claims', () => {
  let quiet: MockInstance[];
  beforeEach(() => {
    quiet = [
      vi.spyOn(process.stdout, 'write').mockImplementation(() => true),
      vi.spyOn(process.stderr, 'write').mockImplementation(() => true),
    ];
  });
  afterEach(() => {
    for (const spy of quiet) spy.mockRestore();
  });

  it('lets a client-credentials token with the crm/ingest scope and no group post, and no other', async () => {
    // Prepare: the default authenticator reads the claims API Gateway's JWT authorizer passes on.
    const { deps, grading } = inMemoryActivityDeps(new ControlledClock(NOW));
    grading.register(facts(CUSTOMER_A, '0101', 'rm-7'));
    const api = createHttpApi(activityApi(deps), { policy: activityPolicy });
    const post = (claims: Record<string, string>, scopes: string[]) =>
      api(
        httpEvent({
          method: 'POST',
          path: '/v1/transactions/batch',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ transactions: [posted('txn-jwt')] }),
          claims,
          scopes,
        }),
        lambdaContext(),
      );

    // Act
    const ingest = await post({ sub: 'core-banking-client' }, ['crm/ingest']);
    const otherScope = await post({ sub: 'reporting-client' }, ['crm/read']);

    // Assess
    expect(ingest.statusCode).toBe(200);
    expect(jsonBody(ingest)).toMatchObject({ accepted: 1 });
    expect(otherScope.statusCode).toBe(403);
  });
});
