import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ActivityAggregate,
  applyBalance,
  applyHolding,
  applyTransaction,
  emptyAggregate,
  monthlySuccessfulCounts,
} from '../../../functions/activity/domain/aggregate.js';
import type { BalanceFacts } from '../../../functions/activity/domain/balances.js';
import type { HoldingFacts } from '../../../functions/activity/domain/holdings.js';
import { lastMonths, monthKey } from '../../../functions/activity/domain/months.js';
import type { TransactionFacts } from '../../../functions/activity/domain/transaction-delta.js';
import {
  HOLDING_ACTIONS,
  PRODUCT_RISK_LEVELS,
  TRANSACTION_CHANNELS,
  TRANSACTION_STATUSES,
  TRANSACTION_TYPES,
} from '../../../shared/events/index.js';
import { customerId, now } from './fixtures.js';

// Instants from 15 months before `now` to one month after, on an hourly grid so that CST
// month boundaries occur; snapshots and holding changes on a coarse 20-day grid so that
// several fall in one month and exact ties (same asOf, same holding time) occur too.
const HOUR = 60 * 60 * 1000;
const instant = fc
  .integer({ min: -15 * 31 * 24, max: 31 * 24 })
  .map((hours) => new Date(now.getTime() + hours * HOUR).toISOString());
const coarseInstant = fc
  .integer({ min: -24, max: 1 })
  .map((steps) => new Date(now.getTime() + steps * 20 * 24 * HOUR).toISOString());

const transaction: fc.Arbitrary<TransactionFacts> = fc.record({
  transactionId: fc.constant(''), // replaced by a unique id below
  customerId: fc.constant(customerId),
  type: fc.constantFrom(...TRANSACTION_TYPES),
  channel: fc.constantFrom(...TRANSACTION_CHANNELS),
  amount: fc.integer({ min: 0, max: 1_000_000_000 }),
  currency: fc.constantFrom('CNY', 'USD'),
  status: fc.constantFrom(...TRANSACTION_STATUSES),
  postedAt: instant,
});
const balance: fc.Arbitrary<BalanceFacts> = fc.record({
  customerId: fc.constant(customerId),
  asOf: coarseInstant,
  aum: fc.integer({ min: 0, max: 3 }),
  deposits: fc.integer({ min: 0, max: 3 }),
  wealth: fc.integer({ min: 0, max: 3 }),
  loans: fc.integer({ min: 0, max: 3 }),
  currency: fc.constantFrom('CNY', 'USD'),
});
const holdingChange: fc.Arbitrary<HoldingFacts> = fc.record({
  customerId: fc.constant(customerId),
  productId: fc.constantFrom('WM-01', 'DEP-01'),
  riskLevel: fc.constantFrom(...PRODUCT_RISK_LEVELS),
  action: fc.constantFrom(...HOLDING_ACTIONS),
  at: coarseInstant,
});

type Event =
  | { readonly kind: 'transaction'; readonly tx: TransactionFacts }
  | { readonly kind: 'balance'; readonly snapshot: BalanceFacts }
  | { readonly kind: 'holding'; readonly change: HoldingFacts };

/** Distinct events: every transaction has its own id. */
const distinctEvents: fc.Arbitrary<Event[]> = fc
  .tuple(
    fc.array(transaction, { maxLength: 40 }),
    fc.array(balance, { maxLength: 10 }),
    fc.array(holdingChange, { maxLength: 12 }),
  )
  .map(([txs, snapshots, changes]) => [
    ...txs.map((t, i): Event => ({ kind: 'transaction', tx: { ...t, transactionId: `txn-${i}` } })),
    ...snapshots.map((snapshot): Event => ({ kind: 'balance', snapshot })),
    ...changes.map((change): Event => ({ kind: 'holding', change })),
  ]);

/** A delivery: every event at least once (up to three times), in a random order. */
function delivery(events: readonly Event[]): fc.Arbitrary<Event[]> {
  return fc
    .array(fc.integer({ min: 1, max: 3 }), { minLength: events.length, maxLength: events.length })
    .chain((copies) => {
      const repeated = events.flatMap((event, i) => Array.from({ length: copies[i] ?? 1 }, () => event));
      return fc.shuffledSubarray(repeated, { minLength: repeated.length, maxLength: repeated.length });
    });
}

function applyEvent(aggregate: ActivityAggregate, event: Event): ActivityAggregate {
  if (event.kind === 'transaction') return applyTransaction(aggregate, event.tx, now);
  if (event.kind === 'balance') return applyBalance(aggregate, event.snapshot, now);
  return applyHolding(aggregate, event.change);
}

/** What the consumer does: transactions deduplicated by id (the store's idempotency record). */
function consume(events: readonly Event[]): ActivityAggregate {
  const seen = new Set<string>();
  let aggregate = emptyAggregate(customerId);
  for (const event of events) {
    if (event.kind === 'transaction') {
      if (seen.has(event.tx.transactionId)) continue;
      seen.add(event.tx.transactionId);
    }
    aggregate = applyEvent(aggregate, event);
  }
  return aggregate;
}

const scenario = distinctEvents.chain((events) =>
  fc.tuple(fc.constant(events), delivery(events), delivery(events)),
);

describe('ActivityAggregate under out-of-order, repeated delivery', () => {
  it('is the same for two shuffled deliveries with duplicates as for one ordered delivery', () => {
    fc.assert(
      fc.property(scenario, ([events, first, second]) => {
        const ordered = consume(events);

        expect(consume(first)).toEqual(ordered);
        expect(consume(second)).toEqual(ordered);
      }),
      { numRuns: 300 },
    );
  });

  it('counts exactly the distinct successful transactions of each retained CST month', () => {
    fc.assert(
      fc.property(scenario, ([events, shuffled]) => {
        const txs = events.flatMap((event) => (event.kind === 'transaction' ? [event.tx] : []));
        const months = lastMonths(now, 12);
        const successes = txs.filter((t) => t.status === 'success');
        const expectedCounts = months.map((m) => successes.filter((t) => monthKey(t.postedAt) === m).length);
        const expectedCny = successes
          .filter((t) => t.currency === 'CNY' && months.includes(monthKey(t.postedAt)))
          .reduce((sum, t) => sum + t.amount, 0);
        const expectedLast = successes
          .map((t) => t.postedAt)
          .sort()
          .at(-1);

        const aggregate = consume(shuffled);
        const cnyTotal = Object.values(aggregate.months).reduce(
          (sum, bucket) => sum + (bucket['success.amount.CNY'] ?? 0),
          0,
        );

        expect(monthlySuccessfulCounts(aggregate, months)).toEqual(expectedCounts);
        expect(cnyTotal - futureCny(aggregate, months)).toBe(expectedCny);
        expect(aggregate.lastSuccessfulAt).toBe(expectedLast);
      }),
      { numRuns: 200 },
    );
  });
});

/** CNY in months after the window (clocks ahead), which the window sum above leaves out. */
function futureCny(aggregate: ActivityAggregate, window: readonly string[]): number {
  return Object.entries(aggregate.months)
    .filter(([month]) => !window.includes(month))
    .reduce((sum, [, bucket]) => sum + (bucket['success.amount.CNY'] ?? 0), 0);
}
