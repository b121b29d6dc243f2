import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVITY_SOURCE, ActivitySummaryChanged } from '../../../functions/activity/events.js';
import { consumeEvent } from '../../../functions/activity/service/consume.js';
import { regradeDue } from '../../../functions/activity/service/housekeeping.js';
import { CUSTOMERS_SOURCE } from '../../../functions/customers/events.js';
import { parseEventDetail } from '../../../shared/events/index.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import { JobItems } from '../../../shared/messaging/job-items.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { type ActivityHarness, activityHarness } from '../../support/activity-harness.js';

/**
 * ActivitySummaryChanged on DynamoDB Local: published from the ActivityOutbox in the grading's
 * transaction, only when the summary kept with the grading changes (docs/domain-rules.md §20.1).
 */

const noLetters = {
  send: async () => {
    throw new Error('No dead letter expected');
  },
};
let seq = 0;
/**
 * Next year: DynamoDB Local removes items whose TTL has passed (outbox items live 7 days), so
 * the controlled clock must not stand in the real past.
 */
const Y = new Date().getUTCFullYear() + 1;
const P = Y - 1;

function envelope(source: string, detailType: string, detail: Record<string, unknown>, time: string) {
  seq += 1;
  return { source, detailType, id: `evt-sum-${seq}`, time, detail } satisfies ConsumedEvent;
}

const registered = (customerId: string, at: string) =>
  envelope(
    CUSTOMERS_SOURCE,
    'CustomerRegistered',
    {
      eventId: `reg-${customerId}`,
      occurredAt: at,
      customerId,
      customerType: 'individual',
      branch: 'BR01',
      rmId: 'rm-1',
      onboardedAt: '2020-01-10T02:00:00.000Z',
      at,
    },
    at,
  );

const transaction = (customerId: string, transactionId: string, postedAt: string) =>
  envelope(
    'core-banking',
    'TransactionPosted',
    {
      transactionId,
      customerId,
      type: 'transfer-out',
      channel: 'mobile-banking',
      amount: 2_500,
      currency: 'CNY',
      status: 'success',
      postedAt,
    },
    postedAt,
  );

const balance = (customerId: string, asOf: string, aum: number) =>
  envelope(
    'core-banking',
    'BalanceSnapshot',
    { customerId, asOf, aum, deposits: aum, wealth: 0, loans: 0, currency: 'CNY' },
    asOf,
  );

/** The customer's ActivitySummaryChanged details in the outbox, in the order they were written. */
async function summaryEvents(h: ActivityHarness, customerId: string) {
  const items = await h.outboxItems();
  return items
    .filter((item) => item.source === ACTIVITY_SOURCE && item.detailType === 'ActivitySummaryChanged')
    .map((item) => parseEventDetail(ActivitySummaryChanged, JSON.parse(String(item.detail))))
    .filter((detail) => detail.customerId === customerId)
    .sort((a, b) => (a.eventId < b.eventId ? -1 : 1));
}

describe('ActivitySummaryChanged: published on a material change, once', () => {
  let h: ActivityHarness;
  beforeAll(async () => {
    h = await activityHarness();
  });
  afterAll(() => h.close());

  it('announces a new last day once, nothing for a second transaction that day or a replay, late data, and the month’s turn once', async () => {
    // Prepare: 10 June next year, 10:00 in Beijing.
    const clock = new ControlledClock(new Date(`${Y}-06-10T02:00:00.000Z`));
    h.clock.use(clock);
    const deps = h.deps(clock);
    const id = 'cus_SUMMARY1';
    // The consumer, then the grader over what it requested (as the Grading queue runs it).
    const consume = async (event: ConsumedEvent) => {
      const result = await consumeEvent(deps, event);
      await h.gradings.drain(deps);
      return result;
    };
    const registration = registered(id, clock.now().toISOString());
    const first = transaction(id, 'txn-sum-1', `${Y}-06-10T01:00:00.000Z`);

    // Act + Assess, step by step: the registration's first grading publishes the first summary.
    await consume(registration);
    const atRegistration = await summaryEvents(h, id);
    expect(atRegistration).toHaveLength(1);
    expect(atRegistration[0]).toMatchObject({ lastTransactionDay: null, currency: 'CNY' });
    expect(atRegistration[0]?.months.map((m) => m.month)).toEqual([
      `${Y}-05`,
      `${Y}-04`,
      `${Y}-03`,
      `${Y}-02`,
      `${Y}-01`,
      `${P}-12`,
    ]);

    // A transaction moves the last day: one event.
    await consume(first);
    const afterFirst = await summaryEvents(h, id);
    expect(afterFirst).toHaveLength(2);
    expect(afterFirst[1]).toMatchObject({ lastTransactionDay: `${Y}-06-10`, at: clock.now().toISOString() });

    // A second transaction the same CST day (23:30 in Beijing), and replays: nothing.
    clock.set(new Date(`${Y}-06-10T15:30:00.000Z`));
    await consume(transaction(id, 'txn-sum-2', `${Y}-06-10T15:29:00.000Z`));
    await consume(first);
    await consume(registration);
    expect(await summaryEvents(h, id)).toHaveLength(2);

    // Late data for May (a balance snapshot): May's figures changed, one event.
    await consume(balance(id, `${Y}-05-31T08:00:00.000Z`, 77_000));
    const afterLate = await summaryEvents(h, id);
    expect(afterLate).toHaveLength(3);
    expect(afterLate[2]?.months[0]).toEqual({ month: `${Y}-05`, transactions: 0, aum: 77_000, outflows: 0 });

    // 1 July, 01:00 in Beijing: the daily regrade sees June complete without any new event.
    clock.set(new Date(`${Y}-06-30T17:00:00.000Z`));
    await regradeDue(deps, () => true, new JobItems('regrade', noLetters));
    const afterTurn = await summaryEvents(h, id);
    expect(afterTurn).toHaveLength(4);
    expect(afterTurn[3]?.lastTransactionDay).toBe(`${Y}-06-10`);
    expect(afterTurn[3]?.months[0]).toEqual({
      month: `${Y}-06`,
      transactions: 2,
      aum: null,
      outflows: 5_000,
    });
    expect(afterTurn[3]?.months.at(-1)?.month).toBe(`${Y}-01`);

    // The same day's pass again, and a replayed transaction: nothing more.
    await regradeDue(deps, () => true, new JobItems('regrade', noLetters));
    await consume(first);
    expect(await summaryEvents(h, id)).toHaveLength(4);
    // What was published last is what the grading keeps to compare with.
    const kept = await h.grading.readCustomer(id, clock.now());
    expect(kept.segments?.state.activitySummary).toEqual({
      lastTransactionDay: afterTurn[3]?.lastTransactionDay,
      months: afterTurn[3]?.months,
      currency: 'CNY',
    });
  });
});
