import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { processComplianceEvent } from '../../../functions/customers/service/compliance.js';
import type { CustomerStore } from '../../../functions/customers/store/customer-store.js';
import { customerKey } from '../../../functions/customers/store/keys.js';
import { UnprocessableEventError } from '../../../shared/messaging/rejection.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import {
  amlEvent,
  type CustomersHarness,
  callers,
  customersHarness,
  individual,
} from '../../support/customers-harness.js';

/** The error a call rejected with (fails the test if it resolved). */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

/**
 * Delivery as it really happens: repeated, out of order, for customers we do not know, or
 * malformed. The outcome depends only on the reports' `at`, and a bad event writes nothing.
 */
describe('compliance status events: order, redelivery and rejection', () => {
  let h: CustomersHarness;

  beforeAll(async () => {
    h = await customersHarness();
  });
  beforeEach(() => h.clock.use(new ControlledClock(new Date('2026-03-02T02:00:00.000Z'))));
  afterEach(() => h.clock.reset());
  afterAll(() => h.close());

  async function register(): Promise<string> {
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body: individual() });
    return String(created.json.customerId);
  }

  it('changes nothing on a redelivery or on a report older than the one applied', async () => {
    // Prepare
    const customerId = await register();
    const latest = amlEvent(customerId, 'risk', '2026-03-01T00:00:00Z');
    await processComplianceEvent(h.deps, latest);
    const before = await h.rawItems();

    // Act
    const redelivered = await processComplianceEvent(h.deps, latest);
    const sameInstant = await processComplianceEvent(
      h.deps,
      amlEvent(customerId, 'compliant', '2026-03-01T00:00:00.000Z'),
    );
    const older = await processComplianceEvent(
      h.deps,
      amlEvent(customerId, 'compliant', '2026-02-20T00:00:00Z'),
    );

    // Assess
    expect([redelivered, sameInstant, older]).toEqual([
      { outcome: 'ignored', reason: 'not-newer' },
      { outcome: 'ignored', reason: 'not-newer' },
      { outcome: 'ignored', reason: 'not-newer' },
    ]);
    expect(await h.rawItems()).toEqual(before);
  });

  it('ends in the same state whatever order and however often the reports arrive', async () => {
    // Prepare: one customer receives the reports in order, the other shuffled and twice.
    const [ordered, shuffled] = [await register(), await register()];
    const reports = [
      ['watch', '2026-01-10T00:00:00Z'],
      ['risk', '2026-01-20T00:00:00Z'],
      ['compliant', '2026-02-01T00:00:00Z'],
      ['watch', '2026-02-15T00:00:00Z'],
    ] as const;
    const order = [3, 0, 3, 2, 1, 0, 2, 1];

    // Act
    for (const [status, at] of reports) await processComplianceEvent(h.deps, amlEvent(ordered, status, at));
    for (const index of order) {
      const [status, at] = reports[index] ?? reports[0];
      await processComplianceEvent(h.deps, amlEvent(shuffled, status, at));
    }
    const a = (await h.call(callers.rm, 'GET', `/v1/customers/${ordered}`)).json;
    const b = (await h.call(callers.rm, 'GET', `/v1/customers/${shuffled}`)).json;

    // Assess: the same facts (versions differ: the in-order customer saw more changes).
    const facts = (view: Record<string, unknown>) => ({
      complianceStatus: view.complianceStatus,
      complianceStatusAt: view.complianceStatusAt,
      restricted: view.restricted,
      nextReviewAt: view.nextReviewAt,
    });
    expect(facts(b)).toEqual(facts(a));
    expect(facts(a)).toEqual({
      complianceStatus: 'watch',
      complianceStatusAt: '2026-02-15T00:00:00.000Z',
      restricted: false,
      nextReviewAt: '2026-06-02T02:00:00.000Z',
    });
  });

  it('rejects a report for an unknown customer as CUSTOMER_UNKNOWN and writes nothing', async () => {
    const before = await h.rawItems();

    const error = await rejectionOf(
      processComplianceEvent(
        h.deps,
        amlEvent('cus_01KNOWNTONOBODY000000000', 'risk', '2026-03-01T00:00:00Z'),
      ),
    );

    expect(error).toBeInstanceOf(UnprocessableEventError);
    expect(error).toMatchObject({ code: 'CUSTOMER_UNKNOWN' });
    expect(await h.rawItems()).toEqual(before);
  });

  it('rejects a malformed report as EVENT_INVALID, naming the fields and never the values', async () => {
    const customerId = await register();
    const before = await h.rawItems();

    const error = await rejectionOf(
      processComplianceEvent(
        h.deps,
        amlEvent(customerId, 'blocked', '2026-03-01T00:00:00Z', { reasonCode: '客户涉嫌洗钱', name: '张三' }),
      ),
    );

    expect(error).toBeInstanceOf(UnprocessableEventError);
    const { code, reason } = error as UnprocessableEventError;
    expect(code).toBe('EVENT_INVALID');
    expect(reason).toMatch(/status/);
    expect(reason).toMatch(/reasonCode/);
    for (const value of ['blocked', '客户涉嫌洗钱', '张三']) expect(reason).not.toContain(value);
    expect(await h.rawItems()).toEqual(before);
  });

  it('applies nothing to a customer restricted on an erasure request, and lifts no erasure restriction', async () => {
    // Prepare
    const customerId = await register();
    await h.call(callers.rm, 'POST', `/v1/customers/${customerId}/erasure-requests`, { body: {} });
    const before = await h.rawItems();

    // Act
    const risk = await processComplianceEvent(h.deps, amlEvent(customerId, 'risk', '2026-03-01T00:00:00Z'));
    const cleared = await processComplianceEvent(
      h.deps,
      amlEvent(customerId, 'compliant', '2026-03-02T00:00:00Z'),
    );
    const view = (await h.call(callers.rm, 'GET', `/v1/customers/${customerId}`)).json;

    // Assess
    expect([risk, cleared]).toEqual([
      { outcome: 'ignored', reason: 'erasure-requested' },
      { outcome: 'ignored', reason: 'erasure-requested' },
    ]);
    expect(view).toMatchObject({ restricted: true, complianceStatus: 'compliant' });
    expect(await h.rawItems()).toEqual(before);
  });

  it('does not overwrite a review date the daily scan moved meanwhile', async () => {
    // Prepare: the scan moves the review date (without an audit record) just after the read.
    const customerId = await register();
    const moved = '2026-09-10T01:00:00.000Z';
    const store: CustomerStore = h.deps.store;
    let reads = 0;
    async function racingGet(id: string) {
      const record = await store.get(id);
      reads += 1;
      if (reads === 1) {
        await h.db.send(
          new UpdateCommand({
            TableName: h.tables.customers,
            Key: customerKey(id),
            UpdateExpression: 'SET nextReviewAt = :next, dueAt = :next',
            ExpressionAttributeValues: { ':next': moved },
          }),
        );
      }
      return record;
    }
    // Only the service's reads race; the store's own methods keep calling the real ones.
    const racing = new Proxy(store, {
      get(target, property) {
        if (property === 'get') return racingGet;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const deps = { policies: h.deps.policies, store: racing, clock: h.clock };

    // Act
    const outcome = await processComplianceEvent(deps, amlEvent(customerId, 'watch', '2026-03-01T00:00:00Z'));
    const view = (await h.call(callers.rm, 'GET', `/v1/customers/${customerId}`)).json;

    // Assess: planned again on the moved date (its period began 2026-03-10): due 3 months later.
    expect(outcome.outcome).toBe('applied');
    expect(reads).toBe(2);
    expect(view.nextReviewAt).toBe('2026-06-10T01:00:00.000Z');
  });
});
