import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetHistory, productsHeld, RETAINED_MONTHS } from '../../functions/activity/domain/aggregate.js';
import { lastMonths, monthKey } from '../../functions/activity/domain/months.js';
import { transactionBatchDocumentation } from '../../functions/activity/domain/schemas.js';
import { SEGMENT_DIMENSIONS } from '../../functions/activity/events.js';
import type { InboundEnvelope } from '../../functions/activity/service/ingest.js';
import { counterTree } from '../../functions/activity/service/profile.js';
import * as z from '../../shared/zod.js';
import { shuffled, syntheticPortfolio } from '../integration/activity/synthetic.js';
import { type ApiClient, apiClient, ok } from '../support/api-client.js';
import { prcId } from '../support/customers-harness.js';
import { localClient, scanAll } from '../support/dynamo.js';
import { devToken, startTestCloud, type TestCloud } from '../support/local-cloud.js';

const CUSTOMERS = 40;
/** 9,000 transaction events plus 15 balance snapshots and 10 holding changes per customer: 10,000. */
const TRANSACTION_EVENTS = 9_000;
const BATCH = 500;
/** Events put on the bus before waiting for the consumers: keeps the local cloud's concurrency sane. */
const BUS_WINDOW = 50;

/**
 * Activity ingestion end to end: customers registered through the API (their registrations
 * reach the activity consumer through the outbox and the bus), then 10,000 core-banking
 * events delivered twice, shuffled, half through `POST /local/events` (the bus and the
 * consumer) and half through `POST /v1/transactions/batch`, the channels swapped on the second
 * delivery. The profiles must show exactly the aggregates of one ordered delivery.
 */
describe('activity ingestion and grading in the local cloud', () => {
  let cloud: TestCloud;
  let rm: ApiClient;
  let analyst: ApiClient;
  let ingestClient: ApiClient;
  const customerIds: string[] = [];
  let portfolio: ReturnType<typeof syntheticPortfolio>;
  const batchResults: { delivery: number; status: string }[] = [];

  async function putOnBus(events: readonly InboundEnvelope[]): Promise<void> {
    for (let i = 0; i < events.length; i += 10) {
      const entries = events.slice(i, i + 10).map((event) => ({
        Source: event.source,
        DetailType: event.detailType,
        Detail: event.detail as Record<string, unknown>,
        Time: event.time,
      }));
      const response = await fetch(`${cloud.apiUrl}/local/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ Entries: entries }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { FailedEntryCount: number };
      expect(body.FailedEntryCount).toBe(0);
      if ((i / 10) % (BUS_WINDOW / 10) === BUS_WINDOW / 10 - 1) await cloud.bus.whenIdle();
    }
    await cloud.bus.whenIdle();
  }

  async function postBatches(events: readonly InboundEnvelope[], delivery: number): Promise<void> {
    for (let i = 0; i < events.length; i += BATCH) {
      // The batch as the document describes it: the synthetic details are TransactionPosted's.
      const body = z.parse(transactionBatchDocumentation, {
        transactions: events.slice(i, i + BATCH).map((event) => event.detail),
      });
      const response = await ingestClient.POST('/v1/transactions/batch', { body });
      expect(response.response.status).toBe(200);
      const { results } = ok(response);
      expect(results).toHaveLength(body.transactions.length);
      for (const result of results) batchResults.push({ delivery, status: result.status });
    }
  }

  /** One delivery of every event, shuffled: transactions split between the bus and the batch API. */
  async function deliver(seed: number, delivery: number): Promise<void> {
    // Every other transaction (in time order) goes through the batch API, the others through
    // the bus; the second delivery swaps them, so each transaction takes both paths.
    const transactions = portfolio.events.filter((event) => event.detailType === 'TransactionPosted');
    const batched = new Set(transactions.filter((_, i) => (i + delivery) % 2 === 0));
    const events = shuffled(portfolio.events, seed);
    const viaBatch = events.filter((event) => batched.has(event));
    const viaBus = events.filter((event) => !batched.has(event));
    // One channel after the other: the local cloud shares two cores with DynamoDB Local.
    await putOnBus(viaBus);
    await postBatches(viaBatch, delivery);
    await cloud.settle();
  }

  beforeAll(async () => {
    cloud = await startTestCloud();
    rm = apiClient(
      cloud,
      await devToken(cloud, { sub: 'e2e-rm', role: 'relationship-manager', branch: 'SH01', rmId: 'rm-act' }),
    );
    analyst = apiClient(cloud, await devToken(cloud, { sub: 'e2e-analyst', role: 'analyst' }));
    ingestClient = apiClient(cloud, await devToken(cloud, { sub: 'core-batch', scopes: ['crm/ingest'] }));
    // Customers through the API: CustomerRegistered reaches the activity consumer by the outbox.
    for (let n = 0; n < CUSTOMERS; n++) {
      const response = await rm.POST('/v1/customers', {
        body: {
          type: 'individual',
          name: '王小明',
          idType: 'prc-id',
          idNumber: prcId('1985-03-12', 600 + n),
          mobile: `1380000${String(600 + n).padStart(4, '0')}`,
          branch: 'SH01',
          rmId: 'rm-act',
          onboardedAt: new Date(Date.now() - (30 + n * 60) * 86_400_000).toISOString(),
        },
      });
      expect(response.response.status).toBe(201);
      customerIds.push(ok(response).customerId);
    }
    await cloud.settle();
    portfolio = syntheticPortfolio({
      now: cloud.clock.now(),
      customers: CUSTOMERS,
      transactionEvents: TRANSACTION_EVENTS,
      seed: 9,
      customerIds,
    });
    await deliver(91, 1);
    await deliver(92, 2);
  }, 600_000);

  afterAll(async () => {
    await cloud?.stop();
  });

  it('delivers 10,000 distinct events, twice, with nothing dead-lettered', () => {
    expect(portfolio.events).toHaveLength(TRANSACTION_EVENTS + CUSTOMERS * 25);
    expect(cloud.bus.deadLetters).toEqual([]);
  });

  it('answers every batch item; the second delivery of a transaction is a duplicate', () => {
    const first = batchResults.filter((r) => r.delivery === 1);
    const second = batchResults.filter((r) => r.delivery === 2);
    expect(first.every((r) => r.status === 'accepted' || r.status === 'duplicate')).toBe(true);
    expect(second.every((r) => r.status === 'duplicate')).toBe(true);
    expect(first.length + second.length).toBe(TRANSACTION_EVENTS);
  });

  it('shows every customer exactly the aggregates of one ordered delivery', async () => {
    const now = cloud.clock.now();
    for (const customerId of customerIds) {
      const reference = portfolio.reference.get(customerId);
      if (reference === undefined) throw new Error('no reference');
      const response = await rm.GET('/v1/customers/{customerId}/profile', {
        params: { path: { customerId } },
      });
      expect(response.response.status).toBe(200);
      const { activity, segments } = ok(response);
      expect(activity.months).toEqual(
        lastMonths(now, RETAINED_MONTHS).map((month) => ({
          month,
          counters: counterTree(reference.months[month] ?? {}),
        })),
      );
      expect(activity.lastSuccessfulTransactionAt).toBe(reference.lastSuccessfulAt ?? null);
      const assets = assetHistory(reference, now);
      expect(activity.aum).toEqual({
        now: assets.current ?? null,
        threeMonthsAgo: assets.threeMonthsAgo ?? null,
        sixMonthsAgo: assets.sixMonthsAgo ?? null,
      });
      expect(activity.productsHeld).toEqual(productsHeld(reference));
      expect(segments).toMatchObject({ lifecycleStage: expect.any(String) });
    }
  });

  it('counts every customer once per dimension in the segment summary, with no customer ids', async () => {
    const response = await analyst.GET('/v1/segments/summary', { params: { query: { branch: 'SH01' } } });
    expect(response.response.status).toBe(200);
    const summary = ok(response);
    const [branch] = summary.branches;
    expect(branch?.branch).toBe('SH01');
    for (const dimension of SEGMENT_DIMENSIONS) {
      const total = Object.values(branch?.counts[dimension] ?? {}).reduce((sum, n) => sum + n, 0);
      expect(total).toBe(CUSTOMERS);
    }
    const text = JSON.stringify(summary);
    for (const customerId of customerIds) expect(text).not.toContain(customerId);
  });

  it('dead-letters a malformed event with its reason, and applies the one behind it', async () => {
    // Prepare
    const customerId = customerIds[0] ?? '';
    const profile = async () =>
      ok(await rm.GET('/v1/customers/{customerId}/profile', { params: { path: { customerId } } }));
    const before = await profile();
    const good = {
      transactionId: 'txn-after-bad',
      customerId,
      type: 'deposit',
      channel: 'counter',
      amount: 500,
      currency: 'CNY',
      status: 'failed',
      postedAt: cloud.clock.now().toISOString(),
    };

    // Act
    await putOnBus([
      {
        source: 'core-banking',
        detailType: 'TransactionPosted',
        id: 'bad',
        time: good.postedAt,
        detail: { ...good, transactionId: 'txn-bad', amount: 12.5 },
      },
      {
        source: 'core-banking',
        detailType: 'TransactionPosted',
        id: 'good',
        time: good.postedAt,
        detail: good,
      },
    ]);
    await cloud.settle();

    // Assess
    const letters = cloud.bus.deadLetters;
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ code: 'EVENT_INVALID' });
    expect(letters[0]?.reason).toContain('amount');
    const after = await profile();
    const month = monthKey(good.postedAt);
    const failedThisMonth = (read: typeof before): number =>
      read.activity.months.find((m) => m.month === month)?.counters.failed?.count ?? 0;
    expect(failedThisMonth(after)).toBe(failedThisMonth(before) + 1);
  });

  it('refuses two amounts of 2^53 - 1 on the bus and in a batch, and the customer stays readable and gradable', async () => {
    // Prepare
    const customerId = customerIds[1] ?? '';
    const profile = () => rm.GET('/v1/customers/{customerId}/profile', { params: { path: { customerId } } });
    const before = ok(await profile());
    const huge = (transactionId: string) => ({
      transactionId,
      customerId,
      type: 'deposit' as const,
      channel: 'counter' as const,
      amount: Number.MAX_SAFE_INTEGER,
      currency: 'CNY',
      status: 'success' as const,
      postedAt: cloud.clock.now().toISOString(),
    });
    const lettersBefore = cloud.bus.deadLetters.length;

    // Act
    await putOnBus(
      ['txn-huge-1', 'txn-huge-2'].map((id) => ({
        source: 'core-banking',
        detailType: 'TransactionPosted',
        id,
        time: cloud.clock.now().toISOString(),
        detail: huge(id),
      })),
    );
    await cloud.settle();
    const batch = await ingestClient.POST('/v1/transactions/batch', {
      body: { transactions: [huge('txn-huge-3'), huge('txn-huge-4')] },
    });
    const after = await profile();
    const regrade = await cloud.scheduler.runNow('DailyRegrade');

    // Assess
    const letters = cloud.bus.deadLetters.slice(lettersBefore);
    expect(letters.map((letter) => letter.code)).toEqual(['AMOUNT_OVER_CAP', 'AMOUNT_OVER_CAP']);
    expect(batch.response.status).toBe(422);
    expect(JSON.stringify(batch.error)).not.toContain(String(Number.MAX_SAFE_INTEGER));
    expect(after.response.status).toBe(200);
    expect(ok(after).activity).toEqual(before.activity);
    expect(regrade).toMatchObject({ status: 'SUCCEEDED' });
  });

  it('stores no account reference anywhere', async () => {
    const db = DynamoDBDocumentClient.from(localClient(cloud.dynamodbEndpoint));
    const items = JSON.stringify(await scanAll(db, cloud.tables.Activity ?? ''));
    db.destroy();
    expect(portfolio.accountRefs.length).toBeGreaterThan(0);
    for (const ref of portfolio.accountRefs) expect(items).not.toContain(ref);
  });
});
