import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transactionBatchResultSchema } from '../../../functions/activity/api/batch-responses.js';
import { segmentationConfigViewSchema } from '../../../functions/activity/api/config-responses.js';
import { activityProfileSchema, segmentSummarySchema } from '../../../functions/activity/api/responses.js';
import { activityApi } from '../../../functions/activity/api/route-handlers.js';
import { SEGMENTATION_CONFIG_PATH } from '../../../functions/activity/api/routes.js';
import { DEFAULT_SEGMENTATION_CONFIG } from '../../../functions/activity/domain/segmentation/config.js';
import { activityPolicy } from '../../../functions/activity/policy.js';
import { consumeEvent } from '../../../functions/activity/service/consume.js';
import type { IngestDeps } from '../../../functions/activity/service/deps.js';
import { cachedConfigSource } from '../../../functions/activity/service/segmentation-config.js';
import { createHttpApi, type HttpApiHandler } from '../../../shared/http/api-handler.js';
import { problemDocumentSchema, validationProblemSchema } from '../../../shared/http/problem-schema.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { type ActivityHarness, activityHarness } from '../../support/activity-harness.js';
import { expectSchema } from '../../support/contract.js';
import { httpEvent, lambdaContext } from '../../support/http-event.js';

/** 10 June 2026, 10:00 in Beijing. */
const NOW = new Date('2026-06-10T02:00:00.000Z');
const GRADED = 'cus_01KJP4C580F6T0QN8DTSSA53J3';
const OTHER_BRANCH = 'cus_01KJP4NA70R64P88G2EQX4HR9B';
const UNGRADED = 'cus_01KJP4NA70R64P88G2EQX4HR9C';
const UNREGISTERED = 'cus_01KJP4NA70R64P88G2EQX4HR9D';

/** JWT-authorizer claims of each caller, as API Gateway hands them to the Lambda. */
const callers = {
  rm: {
    sub: 'user-rm-1',
    'cognito:groups': '[relationship-manager]',
    'custom:branch': 'BJ01',
    'custom:rmId': 'rm-1',
  },
  otherRm: {
    sub: 'user-rm-2',
    'cognito:groups': '[relationship-manager]',
    'custom:branch': 'BJ01',
    'custom:rmId': 'rm-2',
  },
  supervisor: { sub: 'user-sup-1', 'cognito:groups': '[supervisor]', 'custom:branch': 'BJ01' },
  compliance: { sub: 'user-co-1', 'cognito:groups': '[compliance-officer]' },
  analyst: { sub: 'user-an-1', 'cognito:groups': '[analyst]' },
  admin: { sub: 'user-admin-1', 'cognito:groups': '[admin]' },
  ingest: { sub: 'core-batch', scope: 'crm/ingest' },
} as const;
type Caller = keyof typeof callers;

let seq = 0;
function envelope(
  source: string,
  detailType: string,
  detail: Record<string, unknown>,
  time: string,
): ConsumedEvent {
  seq += 1;
  return { source, detailType, id: `evt-contract-${seq}`, time, detail };
}

const registered = (customerId: string, branch: string, rmId: string) =>
  envelope(
    'crm.customers',
    'CustomerRegistered',
    {
      eventId: `reg-${customerId}`,
      occurredAt: '2024-01-10T02:00:00.000Z',
      customerId,
      customerType: 'individual',
      branch,
      rmId,
      onboardedAt: '2024-01-10T02:00:00.000Z',
      at: '2024-01-10T02:00:00.000Z',
    },
    '2024-01-10T02:00:00.000Z',
  );

/** A TransactionPosted detail as a core system posts it in a batch. */
function posted(transactionId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    transactionId,
    customerId: GRADED,
    type: 'deposit',
    channel: 'mobile-banking',
    amount: 500_000,
    currency: 'CNY',
    status: 'success',
    postedAt: '2026-05-15T02:00:00.000Z',
    ...overrides,
  };
}

interface Response {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

/**
 * Every success body of the activity API (the activity store and the configuration store on
 * DynamoDB Local, the real JWT-claims authentication), parsed with its response schema.
 */
describe('activity API bodies fit their response schemas', () => {
  let h: ActivityHarness;
  let api: HttpApiHandler;
  let deps: IngestDeps;

  async function call(
    caller: Caller | undefined,
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    options: {
      query?: Record<string, string>;
      body?: unknown;
      rawBody?: string;
      headers?: Record<string, string>;
    } = {},
  ): Promise<Response> {
    const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const event = httpEvent({
      method,
      path,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
      ...(options.query === undefined ? {} : { query: options.query }),
      ...(body === undefined ? {} : { body }),
      ...(caller === undefined
        ? {}
        : { claims: { ...callers[caller] }, scopes: caller === 'ingest' ? ['crm/ingest'] : [] }),
    });
    const result: APIGatewayProxyStructuredResultV2 = await api(event, lambdaContext());
    return {
      status: result.statusCode ?? 0,
      headers: Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)])),
      body: typeof result.body === 'string' && result.body !== '' ? JSON.parse(result.body) : undefined,
    };
  }

  function expectProblem(response: Response, status: number, code?: string) {
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toBe('application/problem+json');
    const problem = expectSchema(
      status === 422 ? validationProblemSchema : problemDocumentSchema,
      response.body,
    );
    if (code !== undefined) expect(problem.code).toBe(code);
  }

  beforeAll(async () => {
    h = await activityHarness();
    const clock = new ControlledClock(NOW);
    h.clock.use(clock);
    deps = h.deps(clock, {
      config: cachedConfigSource(h.configStore, { ttlMs: 0, clock }),
    });
    api = createHttpApi(activityApi(deps), { policy: activityPolicy });
    // Two customers graded with a balance, a product and transactions; one registered only.
    await consumeEvent(deps, registered(GRADED, 'BJ01', 'rm-1'));
    await consumeEvent(deps, registered(OTHER_BRANCH, 'SH01', 'rm-9'));
    await h.register(UNGRADED);
    for (const [customerId, aum] of [
      [GRADED, 68_000_00],
      [OTHER_BRANCH, 900_000_00],
    ] as const) {
      await consumeEvent(
        deps,
        envelope(
          'core-banking',
          'BalanceSnapshot',
          {
            customerId,
            asOf: '2026-03-31T08:00:00Z',
            aum,
            deposits: aum,
            wealth: 0,
            loans: 0,
            currency: 'CNY',
          },
          '2026-03-31T08:00:00Z',
        ),
      );
    }
    await consumeEvent(
      deps,
      envelope(
        'core-banking',
        'ProductHoldingChanged',
        {
          customerId: GRADED,
          productId: 'WM-2026-001',
          riskLevel: 'R2',
          action: 'opened',
          at: '2026-05-20T02:00:00Z',
        },
        '2026-05-20T02:00:00Z',
      ),
    );
    // The grader, over the gradings the consumer requested.
    await h.gradings.drain(deps);
  });
  afterAll(() => {
    h.close();
  });

  describe('POST /v1/transactions/batch', () => {
    it('answers one result per item: accepted, pending, rejected with its reason, then duplicates on retry (pending included)', async () => {
      // Prepare
      const transactions = [
        posted('txn-contract-1'),
        posted('txn-contract-2', { status: 'failed', type: 'transfer-out', channel: 'atm', amount: 20_000 }),
        posted('txn-contract-3', { customerId: UNREGISTERED }),
        posted('txn-contract-4', { amount: -1, currency: 'cny' }),
        posted('txn-contract-5', { currency: 'USD', amount: 1_000, postedAt: '2026-06-02T02:00:00Z' }),
      ];

      // Act
      const earlier = h.gradings.requests.length;
      const first = await call('ingest', 'POST', '/v1/transactions/batch', { body: { transactions } });
      const requested = h.gradings.keys().slice(earlier);
      const retry = await call('admin', 'POST', '/v1/transactions/batch', { body: { transactions } });
      await h.gradings.drain(deps);

      // Assess
      expect(first.status).toBe(200);
      const result = expectSchema(transactionBatchResultSchema, first.body);
      expect(result).toMatchObject({ accepted: 4, duplicate: 0, rejected: 1 });
      expect(result.results.map((item) => item.status)).toEqual([
        'accepted',
        'accepted',
        'accepted',
        'rejected',
        'accepted',
      ]);
      expect(result.results[2]).toEqual({
        index: 2,
        status: 'accepted',
        transactionId: 'txn-contract-3',
        pending: 'customer-unknown',
      });
      expect(result.results[3]).toMatchObject({ index: 3, code: 'EVENT_INVALID' });
      expect(retry.status).toBe(200);
      // Every replay is a duplicate, the one parked for a customer not registered yet included.
      const replayed = expectSchema(transactionBatchResultSchema, retry.body);
      expect(replayed).toMatchObject({ accepted: 0, duplicate: 4, rejected: 1 });
      expect(replayed.results[2]).toEqual({ index: 2, status: 'duplicate', transactionId: 'txn-contract-3' });
      const parked = (await h.rawItems()).filter(
        (item) => item.customerId === UNREGISTERED && typeof item.eventKey === 'string',
      );
      expect(parked.map((item) => item.eventKey)).toEqual(['TXN#txn-contract-3#success']);
      // The batch grades nothing itself: it requests each of its customers' grading once.
      expect(requested.filter((key) => key === GRADED)).toHaveLength(1);
    });
  });

  describe('GET /v1/customers/{customerId}/profile', () => {
    it('answers the activity, segments and history of a graded customer to every role that may read it', async () => {
      // Prepare: the batch above posted May's success and failure and June's USD deposit.

      // Act
      const responses = await Promise.all(
        (['rm', 'supervisor', 'compliance'] as const).map((caller) =>
          call(caller, 'GET', `/v1/customers/${GRADED}/profile`),
        ),
      );

      // Assess
      for (const response of responses) {
        expect(response.status).toBe(200);
        const profile = expectSchema(activityProfileSchema, response.body);
        expect(profile.segments).not.toBeNull();
        expect(profile.history.length).toBeGreaterThan(0);
        expect(profile.activity.aum.now).toMatchObject({ aum: 68_000_00, currency: 'CNY' });
        expect(profile.activity.productsHeld).toEqual([
          { productId: 'WM-2026-001', riskLevel: 'R2', since: '2026-05-20T02:00:00.000Z' },
        ]);
        const may = profile.activity.months.find((month) => month.month === '2026-05');
        expect(Object.keys(may?.counters ?? {}).sort()).toEqual(['failed', 'success']);
        const june = profile.activity.months.find((month) => month.month === '2026-06');
        expect(june?.counters.success?.amount).toEqual({ USD: 1_000 });
      }
    });

    it('answers nulls and empty lists for a customer registered but not graded yet', async () => {
      // Act
      const response = await call('compliance', 'GET', `/v1/customers/${UNGRADED}/profile`);

      // Assess
      expect(response.status).toBe(200);
      expect(expectSchema(activityProfileSchema, response.body)).toMatchObject({
        activity: {
          lastSuccessfulTransactionAt: null,
          aum: { now: null, threeMonthsAgo: null, sixMonthsAgo: null },
          productsHeld: [],
        },
        segments: null,
        history: [],
      });
    });
  });

  describe('GET /v1/segments/summary', () => {
    it('answers counts per branch: every branch, one branch, the supervisor’s own', async () => {
      // Act
      const all = await call('analyst', 'GET', '/v1/segments/summary');
      const one = await call('admin', 'GET', '/v1/segments/summary', { query: { branch: 'SH01' } });
      const own = await call('supervisor', 'GET', '/v1/segments/summary');
      const none = await call('analyst', 'GET', '/v1/segments/summary', { query: { branch: 'XX99' } });

      // Assess
      const summary = expectSchema(segmentSummarySchema, all.body);
      expect(summary.branches.map((branch) => branch.branch)).toEqual(['BJ01', 'SH01']);
      expect(summary.branches[0]?.counts.lifecycleStage).toEqual({ mature: 1 });
      expect(expectSchema(segmentSummarySchema, one.body).branches.map((b) => b.branch)).toEqual(['SH01']);
      expect(expectSchema(segmentSummarySchema, own.body).branches.map((b) => b.branch)).toEqual(['BJ01']);
      expect(expectSchema(segmentSummarySchema, none.body).branches).toEqual([]);
    });
  });

  describe('GET and PUT /v1/config/segmentation', () => {
    it('answers the defaults as version 0, then each saved version with who and when', async () => {
      // Prepare
      const changed = structuredClone(DEFAULT_SEGMENTATION_CONFIG);
      changed.assets.highMinMinor = 80_000_000;

      // Act
      const defaults = await call('admin', 'GET', SEGMENTATION_CONFIG_PATH);
      const saved = await call('admin', 'PUT', SEGMENTATION_CONFIG_PATH, {
        body: { config: changed },
        headers: { 'if-match': defaults.headers.etag ?? '' },
      });
      const unchanged = await call('admin', 'PUT', SEGMENTATION_CONFIG_PATH, {
        body: { config: changed },
        headers: { 'if-match': '"1"' },
      });
      const read = await call('admin', 'GET', SEGMENTATION_CONFIG_PATH);

      // Assess
      expect(defaults.headers).toMatchObject({ etag: '"0"', 'cache-control': 'no-store' });
      expect(expectSchema(segmentationConfigViewSchema, defaults.body)).toEqual({
        version: 0,
        config: DEFAULT_SEGMENTATION_CONFIG,
      });
      expect(saved.status).toBe(200);
      expect(saved.headers.etag).toBe('"1"');
      const view = expectSchema(segmentationConfigViewSchema, saved.body);
      expect(view).toEqual({
        version: 1,
        config: changed,
        updatedAt: NOW.toISOString(),
        updatedBy: 'user-admin-1',
      });
      expect(expectSchema(segmentationConfigViewSchema, unchanged.body)).toEqual(view);
      expect(expectSchema(segmentationConfigViewSchema, read.body)).toEqual(view);
    });

    it('takes back the document GET answered, edited, and answers the same shape', async () => {
      // Prepare: what an admin reads, one threshold edited, nothing else touched.
      const read = await call('admin', 'GET', SEGMENTATION_CONFIG_PATH);
      const document = structuredClone(expectSchema(segmentationConfigViewSchema, read.body));
      document.config.lifecycle.dormantAfterDays = 200;

      // Act
      const saved = await call('admin', 'PUT', SEGMENTATION_CONFIG_PATH, {
        body: document,
        headers: { 'if-match': read.headers.etag ?? '' },
      });
      const replayed = await call('admin', 'PUT', SEGMENTATION_CONFIG_PATH, {
        body: document,
        headers: { 'if-match': saved.headers.etag ?? '' },
      });

      // Assess: saved from the version read; the same document again is now stale (412).
      expect(saved.status).toBe(200);
      const view = expectSchema(segmentationConfigViewSchema, saved.body);
      expect(view).toMatchObject({ version: document.version + 1, updatedBy: 'user-admin-1' });
      expect(view.config).toEqual(document.config);
      expect(saved.headers.etag).toBe(`"${view.version}"`);
      expectProblem(replayed, 412, 'stale-version');
    });
  });

  describe('refusals', () => {
    it('fit the problem schema: 400, 401, 403, 404, 412, 413, 415, 422, 428', async () => {
      // Act
      const bodyOnGet = await call('rm', 'GET', `/v1/customers/${GRADED}/profile`, { rawBody: '{}' });
      const anonymous = await call(undefined, 'GET', '/v1/segments/summary');
      const summaryForRm = await call('rm', 'GET', '/v1/segments/summary');
      const profileForAnalyst = await call('analyst', 'GET', `/v1/customers/${UNREGISTERED}/profile`);
      const outOfBook = await call('otherRm', 'GET', `/v1/customers/${GRADED}/profile`);
      const otherBranch = await call('supervisor', 'GET', '/v1/segments/summary', {
        query: { branch: 'SH01' },
      });
      const unknown = await call('compliance', 'GET', `/v1/customers/${UNREGISTERED}/profile`);
      const stale = await call('admin', 'PUT', SEGMENTATION_CONFIG_PATH, {
        body: { config: DEFAULT_SEGMENTATION_CONFIG },
        headers: { 'if-match': '"0"' },
      });
      const tooLarge = await call('ingest', 'POST', '/v1/transactions/batch', {
        body: { transactions: [{ padding: 'x'.repeat(1024 * 1024) }] },
      });
      const notJson = await call('ingest', 'POST', '/v1/transactions/batch', {
        rawBody: 'transactions=1',
        headers: { 'content-type': 'text/plain' },
      });
      const empty = await call('ingest', 'POST', '/v1/transactions/batch', { body: { transactions: [] } });
      const unknownQuery = await call('analyst', 'GET', '/v1/segments/summary', {
        query: { region: 'north' },
      });
      const noIfMatch = await call('admin', 'PUT', SEGMENTATION_CONFIG_PATH, {
        body: { config: DEFAULT_SEGMENTATION_CONFIG },
      });

      // Assess
      expectProblem(bodyOnGet, 400, 'body-not-allowed');
      expectProblem(anonymous, 401, 'unauthorized');
      expectProblem(summaryForRm, 403, 'access-denied');
      expectProblem(profileForAnalyst, 403, 'access-denied');
      expectProblem(outOfBook, 404, 'customer-not-found');
      expectProblem(otherBranch, 403, 'branch-out-of-scope');
      expectProblem(unknown, 404, 'customer-not-found');
      expectProblem(stale, 412, 'stale-version');
      expectProblem(tooLarge, 413, 'payload-too-large');
      expectProblem(notJson, 415, 'unsupported-media-type');
      expectProblem(empty, 422, 'validation');
      expectProblem(unknownQuery, 422, 'validation');
      expectProblem(noIfMatch, 428, 'precondition-required');
    });
  });
});
