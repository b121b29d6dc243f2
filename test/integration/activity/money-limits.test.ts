import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityApi } from '../../../functions/activity/api/route-handlers.js';
import { activityPolicy } from '../../../functions/activity/policy.js';
import { consumeEvent } from '../../../functions/activity/service/consume.js';
import type { IngestDeps } from '../../../functions/activity/service/deps.js';
import { regradeCustomer } from '../../../functions/activity/service/grade.js';
import { regradeDue } from '../../../functions/activity/service/housekeeping.js';
import { customerProfile } from '../../../functions/activity/service/profile.js';
import { monthKeyOf } from '../../../functions/activity/store/keys.js';
import type { AuthContext } from '../../../shared/auth/types.js';
import { parseCurrencyAmounts } from '../../../shared/capability/setting-readers.js';
import { createHttpApi } from '../../../shared/http/api-handler.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import type { DeadLetter } from '../../../shared/messaging/dead-letters.js';
import { JobItems } from '../../../shared/messaging/job-items.js';
import { UnprocessableEventError } from '../../../shared/messaging/rejection.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { type ActivityHarness, activityHarness } from '../../support/activity-harness.js';
import { httpEvent, lambdaContext } from '../../support/http-event.js';

// The attack of the audit: amounts of 2^53 − 1 minor units, and a customer's record with a
// number past that range, must never break a customer, a read, a job or leave a half write.

const HUGE = Number.MAX_SAFE_INTEGER;
const NOW = new Date('2026-06-10T02:00:00.000Z');
const supervisor: AuthContext = { sub: 'user-sup-1', role: 'supervisor', branch: 'BJ01', scopes: [] };
let seq = 0;

function event(source: string, detailType: string, detail: Record<string, unknown>): ConsumedEvent {
  seq += 1;
  return { source, detailType, id: `evt-money-${seq}`, time: NOW.toISOString(), detail };
}

const registered = (customerId: string) =>
  event('crm.customers', 'CustomerRegistered', {
    eventId: `reg-${customerId}`,
    occurredAt: '2024-01-10T02:00:00.000Z',
    customerId,
    customerType: 'individual',
    branch: 'BJ01',
    rmId: 'rm-1',
    onboardedAt: '2024-01-10T02:00:00.000Z',
    at: '2024-01-10T02:00:00.000Z',
  });

/** A TransactionPosted detail as core banking posts it. */
function posted(customerId: string, amount: number): Record<string, unknown> {
  seq += 1;
  return {
    transactionId: `txn-money-${seq}`,
    customerId,
    type: 'deposit',
    channel: 'mobile-banking',
    amount,
    currency: 'CNY',
    status: 'success',
    postedAt: '2026-06-01T02:00:00.000Z',
  };
}

const transaction = (customerId: string, amount: number) =>
  event('core-banking', 'TransactionPosted', posted(customerId, amount));

async function rejection(work: Promise<unknown>): Promise<UnprocessableEventError> {
  const error = await work.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(UnprocessableEventError);
  return error as UnprocessableEventError;
}

describe('money limits: amounts of 2^53 - 1 and corrupted numbers never break a customer', () => {
  let h: ActivityHarness;
  let deps: IngestDeps;
  let clock: ControlledClock;

  beforeAll(async () => {
    h = await activityHarness();
    clock = new ControlledClock(NOW);
    h.clock.use(clock);
    deps = h.deps(clock);
  });
  afterAll(() => h.close());

  it('dead-letters two TransactionPosted of 2^53 - 1 with AMOUNT_OVER_CAP, writing nothing, and the customer stays readable and gradable', async () => {
    // Prepare
    const id = 'cus_MONEY_CAP';
    await consumeEvent(deps, registered(id));
    await consumeEvent(deps, transaction(id, 12_345));
    await h.gradings.drain(deps);
    const before = await h.rawItems();

    // Act
    const first = await rejection(consumeEvent(deps, transaction(id, HUGE)));
    const second = await rejection(consumeEvent(deps, transaction(id, HUGE)));

    // Assess
    for (const error of [first, second]) {
      expect(error.code).toBe('AMOUNT_OVER_CAP');
      expect(error.reason).toContain('amount');
      expect(error.reason).not.toContain(String(HUGE));
    }
    expect(await h.rawItems()).toEqual(before);
    const profile = await customerProfile(deps, supervisor, id);
    expect(profile.activity.months.find((m) => m.month === '2026-06')?.counters).toMatchObject({
      success: { count: 1, amount: { CNY: 12_345 } },
    });
    await expect(regradeCustomer(deps, id)).resolves.toBe('unchanged');
  });

  it('refuses the transaction that would take a total past 2^53 - 1 with TOTAL_OUT_OF_RANGE, even with no cap, writing nothing', async () => {
    // Prepare: a deployment that caps nothing below the exact range.
    const uncapped: IngestDeps = { ...deps, amountCaps: parseCurrencyAmounts(`*=${HUGE}`) };
    const id = 'cus_MONEY_TOTAL';
    await consumeEvent(uncapped, registered(id));

    // Act
    const first = await consumeEvent(uncapped, transaction(id, HUGE));
    await h.gradings.drain(uncapped);
    const afterFirst = await h.rawItems();
    const second = await rejection(consumeEvent(uncapped, transaction(id, HUGE)));

    // Assess: the first fits exactly; the second writes nothing, not even its idempotency record.
    expect(first.outcome).toBe('applied');
    expect(second.code).toBe('TOTAL_OUT_OF_RANGE');
    expect(second.reason).not.toContain(String(HUGE));
    expect(await h.rawItems()).toEqual(afterFirst);
    const profile = await customerProfile(uncapped, supervisor, id);
    expect(profile.activity.months.find((m) => m.month === '2026-06')?.counters).toMatchObject({
      success: { count: 1, amount: { CNY: HUGE } },
    });
    await expect(regradeCustomer(uncapped, id)).resolves.toBe('unchanged');
  });

  it('answers the batch of two 2^53 - 1 amounts with 422 naming the items, not the amounts, and writes nothing', async () => {
    // Prepare
    const id = 'cus_MONEY_BATCH';
    await consumeEvent(deps, registered(id));
    const api = createHttpApi(activityApi(deps), { policy: activityPolicy });
    const body = JSON.stringify({ transactions: [posted(id, HUGE), posted(id, HUGE), posted(id, 100)] });
    const before = await h.rawItems();

    // Act
    const result: APIGatewayProxyStructuredResultV2 = await api(
      httpEvent({
        method: 'POST',
        path: '/v1/transactions/batch',
        headers: { 'content-type': 'application/json' },
        body,
        claims: { sub: 'core-batch', scope: 'crm/ingest' },
        scopes: ['crm/ingest'],
      }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(422);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
    const problem = JSON.parse(String(result.body)) as { code: string; errors: { path: string }[] };
    expect(problem.code).toBe('amount-over-cap');
    expect(problem.errors.map((e) => e.path)).toEqual(['transactions.0.amount', 'transactions.1.amount']);
    expect(String(result.body)).not.toContain(String(HUGE));
    expect(await h.rawItems()).toEqual(before);
    await expect(customerProfile(deps, supervisor, id)).resolves.toMatchObject({ customerId: id });
  });

  it('regrades everyone else when one customer record holds a number past the exact range, and dead-letters that one', async () => {
    // Prepare: three customers graded; one's June counter overwritten in DynamoDB Local with
    // a number JavaScript cannot hold exactly.
    const ids = ['cus_MONEY_R1', 'cus_MONEY_R2', 'cus_MONEY_R3'];
    for (const id of ids) {
      await consumeEvent(deps, registered(id));
      await consumeEvent(deps, transaction(id, 5_000));
    }
    await h.gradings.drain(deps);
    const corrupted = ids[1] ?? '';
    await h.db.send(
      new PutCommand({
        TableName: h.table,
        Item: { ...monthKeyOf(corrupted, '2026-06'), 'success.count': 18_014_398_509_481_982n },
      }),
    );
    const letters: DeadLetter[] = [];
    const items = new JobItems('regrade', { send: async (letter) => void letters.push(letter) });
    // Weeks on, a new month: every customer is due for its time-driven regrade.
    const later = new ControlledClock(new Date('2026-08-02T02:00:00.000Z'));
    const laterDeps: IngestDeps = { ...deps, clock: later };

    // Act
    const run = await regradeDue(laterDeps, () => true, items);

    // Assess
    expect(run).toMatchObject({ failed: 1, complete: true });
    expect(run.regraded).toBeGreaterThanOrEqual(2);
    expect(letters).toEqual([
      {
        code: 'RECORD_UNREADABLE',
        reason: expect.stringContaining('month counter'),
        fields: [],
        event: { job: 'regrade', item: { kind: 'customer', id: corrupted } },
      },
    ]);
    expect(JSON.stringify(letters)).not.toContain('18014398509481982');
    for (const id of ids.filter((other) => other !== corrupted)) {
      const { segments } = await h.grading.readCustomer(id, later.now());
      expect(segments?.state.gradedAt).toBe(later.now().toISOString());
    }
  });

  it('refuses a transaction for a customer whose record cannot be read with RECORD_UNREADABLE, writing nothing', async () => {
    // Prepare
    const id = 'cus_MONEY_BROKEN';
    await consumeEvent(deps, registered(id));
    await h.db.send(
      new PutCommand({
        TableName: h.table,
        Item: { ...monthKeyOf(id, '2026-06'), 'success.count': 18_014_398_509_481_982n },
      }),
    );
    const before = await h.rawItems();

    // Act
    const error = await rejection(consumeEvent(deps, transaction(id, 100)));

    // Assess
    expect(error.code).toBe('RECORD_UNREADABLE');
    expect(error.reason).not.toContain('18014398509481982');
    expect(await h.rawItems()).toEqual(before);
  });

  it('leaves no write behind when the store fails before the write, and answers the batch once every item is written even if requesting its grading fails', async () => {
    // Prepare
    const id = 'cus_MONEY_FAIL';
    await consumeEvent(deps, registered(id));
    const before = await h.rawItems();
    const failingRead: IngestDeps = {
      ...deps,
      activity: {
        ...h.store,
        recordTransaction: (record) => h.store.recordTransaction(record),
        recordBalance: (record) => h.store.recordBalance(record),
        recordHolding: (record) => h.store.recordHolding(record),
        getAggregate: async () => {
          throw new Error('ProvisionedThroughputExceededException');
        },
      },
    };
    const failingRequests: IngestDeps = {
      ...deps,
      gradingRequests: {
        request: async () => {
          throw new Error('ServiceUnavailable');
        },
      },
    };

    // Act
    const readFailure = await consumeEvent(failingRead, transaction(id, 100)).catch((e: unknown) => e);
    const afterReadFailure = await h.rawItems();
    const api = createHttpApi(activityApi(failingRequests), { policy: activityPolicy });
    const result = await api(
      httpEvent({
        method: 'POST',
        path: '/v1/transactions/batch',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ transactions: [posted(id, 100)] }),
        claims: { sub: 'core-batch', scope: 'crm/ingest' },
        scopes: ['crm/ingest'],
      }),
      lambdaContext(),
    );

    // Assess: the failed call wrote nothing; the batch whose grading could not be requested is
    // not a 500, because its transaction is counted.
    expect(readFailure).toBeInstanceOf(Error);
    expect(afterReadFailure).toEqual(before);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(String(result.body))).toMatchObject({ accepted: 1, rejected: 0 });
    const profile = await customerProfile(deps, supervisor, id);
    expect(profile.activity.months.find((m) => m.month === '2026-06')?.counters).toMatchObject({
      success: { count: 1 },
    });
  });

  it('answers a batch whose one item fails in passing with that item to send again, never a 500 hiding what was written', async () => {
    // Prepare: the store fails the write of one transaction (a throttled transaction).
    const id = 'cus_MONEY_PASSING';
    await consumeEvent(deps, registered(id));
    const items = [posted(id, 100), posted(id, 200), posted(id, 300)];
    const failing = String(items[1]?.transactionId);
    const flaky: IngestDeps = {
      ...deps,
      activity: {
        recordTransaction: async (record) => {
          if (record.transactionId === failing) throw new Error('ThrottlingException');
          return h.store.recordTransaction(record);
        },
        recordBalance: (record) => h.store.recordBalance(record),
        recordHolding: (record) => h.store.recordHolding(record),
        getAggregate: (customerId, now) => h.store.getAggregate(customerId, now),
      },
    };
    const api = createHttpApi(activityApi(flaky), { policy: activityPolicy });
    const call = () =>
      api(
        httpEvent({
          method: 'POST',
          path: '/v1/transactions/batch',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ transactions: items }),
          claims: { sub: 'core-batch', scope: 'crm/ingest' },
          scopes: ['crm/ingest'],
        }),
        lambdaContext(),
      );

    // Act
    const result = await call();
    const stored = JSON.stringify(await h.rawItems());

    // Assess
    expect(result.statusCode).toBe(200);
    const body = JSON.parse(String(result.body)) as {
      accepted: number;
      results: { status: string; code?: string }[];
    };
    expect(body.accepted).toBe(2);
    expect(body.results.map((r) => r.code ?? r.status)).toEqual([
      'accepted',
      'TRANSIENT_FAILURE',
      'accepted',
    ]);
    expect(stored).not.toContain(failing);
    const profile = await customerProfile(deps, supervisor, id);
    expect(profile.activity.months.find((m) => m.month === '2026-06')?.counters).toMatchObject({
      success: { count: 2, amount: { CNY: 400 } },
    });
  });
});
