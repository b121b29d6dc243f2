import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityAggregate } from '../../../functions/activity/domain/aggregate.js';
import { transactionAmountCaps } from '../../../functions/activity/domain/settings.js';
import { type IngestResult, ingestEvent } from '../../../functions/activity/service/ingest.js';
import { type ActivityHarness, activityHarness } from '../../support/activity-harness.js';
import { inParallel, type Portfolio, shuffled, syntheticPortfolio } from './synthetic.js';

// Counting must be exact whatever the delivery: 1,000 transaction events (plus snapshots and
// holding changes) delivered once in time order, and again shuffled with every event
// delivered twice or three times, 8 in flight, must give the domain's in-memory aggregates.
const TRANSACTION_EVENTS = 1000;
const IN_FLIGHT = 8;

interface Delivery {
  readonly harness: ActivityHarness;
  readonly results: { readonly detailType: string; readonly result: IngestResult }[];
  readonly aggregates: Map<string, ActivityAggregate>;
}

async function aggregatesOf(harness: ActivityHarness, portfolio: Portfolio, now: Date) {
  const entries = await Promise.all(
    portfolio.customerIds.map(async (id) => [id, await harness.store.getAggregate(id, now)] as const),
  );
  return new Map(entries);
}

describe('activity ingestion on DynamoDB Local: exact whatever the delivery', () => {
  // Real time: the store's TTLs are computed from it, and DynamoDB Local may expire items.
  const now = new Date();
  const rules = { now, postedAtSkewSeconds: 300, amountCaps: transactionAmountCaps({}) };
  const portfolio = syntheticPortfolio({ now, customers: 8, transactionEvents: TRANSACTION_EVENTS, seed: 4 });
  let ordered: Delivery;
  let redelivered: Delivery;

  beforeAll(async () => {
    // Prepare + Act (1): each customer's events in time order, customers side by side.
    {
      const harness = await activityHarness();
      await harness.register(...portfolio.customerIds);
      const byCustomer = new Map<string, typeof portfolio.events>();
      for (const event of portfolio.events) {
        const id = (event.detail as { customerId: string }).customerId;
        byCustomer.set(id, [...(byCustomer.get(id) ?? []), event]);
      }
      const perCustomer = await inParallel([...byCustomer.values()], IN_FLIGHT, async (events) => {
        const out: Delivery['results'][number][] = [];
        for (const event of events)
          out.push({ detailType: event.detailType, result: await ingestEvent(harness.store, event, rules) });
        return out;
      });
      const results = perCustomer.flat();
      ordered = { harness, results, aggregates: await aggregatesOf(harness, portfolio, now) };
    }
    // Prepare + Act (2): every event twice, one in ten a third time, shuffled, 8 in flight.
    {
      const harness = await activityHarness();
      await harness.register(...portfolio.customerIds);
      const deliveries = shuffled(
        portfolio.events.flatMap((event, i) => (i % 10 === 0 ? [event, event, event] : [event, event])),
        44,
      );
      const results = await inParallel(deliveries, IN_FLIGHT, async (event) => ({
        detailType: event.detailType,
        result: await ingestEvent(harness.store, event, rules),
      }));
      redelivered = { harness, results, aggregates: await aggregatesOf(harness, portfolio, now) };
    }
  }, 120_000);

  afterAll(() => {
    ordered?.harness.close();
    redelivered?.harness.close();
  });

  it('gives every customer exactly the in-memory aggregate when delivered in order once', () => {
    expect(portfolio.events.filter((e) => e.detailType === 'TransactionPosted')).toHaveLength(
      TRANSACTION_EVENTS,
    );
    for (const id of portfolio.customerIds) {
      expect(ordered.aggregates.get(id)).toEqual(portfolio.reference.get(id));
    }
    // The fixture is not trivial: counters in 12 months, balances and holdings for everyone.
    const sample = portfolio.reference.get(portfolio.customerIds[0] ?? '');
    expect(Object.keys(sample?.months ?? {})).toHaveLength(12);
    expect(Object.keys(sample?.balances ?? {}).length).toBeGreaterThan(3);
    expect(Object.keys(sample?.holdings ?? {}).length).toBeGreaterThan(0);
  });

  it('costs one transactional write per transaction event delivered in order', () => {
    const tx = ordered.results.filter((r) => r.detailType === 'TransactionPosted');
    expect(tx.map(({ result }) => ({ outcome: result.outcome, writes: result.writes }))).toEqual(
      tx.map(() => ({ outcome: 'accepted', writes: 1 })),
    );
    // Balance snapshots and holding changes are one transaction each too (the known-customer
    // check with the conditional update).
    const merges = ordered.results.length - tx.length;
    // Each registration is one transaction too (the facts, on condition the id was never erased).
    const registrations = portfolio.customerIds.length;
    expect(ordered.harness.calls.transactWrites).toBe(TRANSACTION_EVENTS + merges + registrations);
  });

  it('gives the same aggregates when shuffled and delivered two or three times, concurrently', () => {
    for (const id of portfolio.customerIds) {
      expect(redelivered.aggregates.get(id)).toEqual(portfolio.reference.get(id));
      expect(redelivered.aggregates.get(id)).toEqual(ordered.aggregates.get(id));
    }
    const tx = redelivered.results.filter((r) => r.detailType === 'TransactionPosted');
    expect(tx.filter((r) => r.result.outcome === 'accepted')).toHaveLength(TRANSACTION_EVENTS);
    expect(tx.filter((r) => r.result.outcome === 'duplicate')).toHaveLength(tx.length - TRANSACTION_EVENTS);
    // Snapshots and holdings: repeats are stale, never an error and never a change.
    const merges = redelivered.results.filter((r) => r.detailType !== 'TransactionPosted');
    expect(merges.every((r) => r.result.outcome === 'accepted' || r.result.outcome === 'stale')).toBe(true);
  });

  it('never stores an account reference (C2), not even in the raw items', async () => {
    expect(portfolio.accountRefs.length).toBeGreaterThan(100);
    for (const delivery of [ordered, redelivered]) {
      const raw = JSON.stringify(await delivery.harness.rawItems());
      expect(raw).not.toContain('accountRef');
      expect(portfolio.accountRefs.filter((ref) => raw.includes(ref))).toEqual([]);
    }
  });
});
