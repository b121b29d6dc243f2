import {
  type ActivityAggregate,
  applyBalance,
  applyHolding,
  applyTransaction,
  emptyAggregate,
} from '../../../functions/activity/domain/aggregate.js';
import type { BalanceFacts } from '../../../functions/activity/domain/balances.js';
import type { HoldingFacts } from '../../../functions/activity/domain/holdings.js';
import type { TransactionFacts } from '../../../functions/activity/domain/transaction-delta.js';
import type { InboundEnvelope } from '../../../functions/activity/service/ingest.js';
import { seededRandom } from '../../../infra/local/seeded-random.js';
import {
  HOLDING_ACTIONS,
  PRODUCT_RISK_LEVELS,
  TRANSACTION_CHANNELS,
  TRANSACTION_STATUSES,
  TRANSACTION_TYPES,
} from '../../../shared/events/index.js';

/** A seeded generator: the same portfolio on every run. */
export function random(seed: number) {
  const next = seededRandom(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(values: readonly T[]): T => values[int(0, values.length - 1)] as T;
  return { next, int, pick };
}

export interface Portfolio {
  readonly customerIds: readonly string[];
  /** Every distinct event once, in time order. */
  readonly events: readonly InboundEnvelope[];
  /** The domain's in-memory fold of the same events, per customer. */
  readonly reference: ReadonlyMap<string, ActivityAggregate>;
  /** Every account reference sent (C2): none may be stored. */
  readonly accountRefs: readonly string[];
}

const DAY = 24 * 60 * 60 * 1000;
const SPAN_DAYS = 426; // about 14 months before `now`

interface Timed {
  readonly at: string;
  readonly envelope: InboundEnvelope;
}

/**
 * A synthetic portfolio: `transactionEvents` TransactionPosted events (every type, channel
 * and status, CNY and USD, over 14 months; some transactions held for review first and
 * reported again with their final status), plus balance snapshots and holding changes on
 * coarse grids so that exact ties occur.
 */
export function syntheticPortfolio(options: {
  readonly now: Date;
  readonly customers: number;
  readonly transactionEvents: number;
  readonly seed: number;
  /** Use these ids (as many as `customers`) instead of synthetic ones. */
  readonly customerIds?: readonly string[];
}): Portfolio {
  const rnd = random(options.seed);
  const end = options.now.getTime();
  const customerIds =
    options.customerIds ?? Array.from({ length: options.customers }, (_, i) => `cus_SYN${options.seed}X${i}`);
  const timed: Timed[] = [];
  const accountRefs: string[] = [];
  let eventSeq = 0;
  const envelope = (source: string, detailType: string, time: string, detail: object): Timed => {
    eventSeq += 1;
    return {
      at: time,
      envelope: { source, detailType, id: `evt-${options.seed}-${eventSeq}`, time, detail },
    };
  };
  const txEvent = (facts: TransactionFacts, accountRef?: string): Timed =>
    envelope('core-banking', 'TransactionPosted', facts.postedAt, {
      ...facts,
      ...(accountRef === undefined ? {} : { accountRef }),
    });

  let txCount = 0;
  for (let n = 0; txCount < options.transactionEvents; n += 1) {
    const postedAt = new Date(end - rnd.int(0, SPAN_DAYS * DAY)).toISOString();
    const facts: TransactionFacts = {
      transactionId: `txn-${options.seed}-${n}`,
      customerId: rnd.pick(customerIds),
      type: rnd.pick(TRANSACTION_TYPES),
      channel: rnd.pick(TRANSACTION_CHANNELS),
      amount: rnd.next() < 0.05 ? 0 : rnd.int(1, 100_000_000),
      currency: rnd.next() < 0.85 ? 'CNY' : 'USD',
      status: rnd.pick(TRANSACTION_STATUSES),
      postedAt,
    };
    const accountRef = rnd.next() < 0.3 ? `62220${rnd.int(10_000_000, 99_999_999)}${n}` : undefined;
    if (accountRef !== undefined) accountRefs.push(accountRef);
    if (facts.status !== 'pending-review' && rnd.next() < 0.1 && txCount + 2 <= options.transactionEvents) {
      // Held for review first, then reported again with its final status (counted once per status).
      const heldAt = new Date(Date.parse(postedAt) - rnd.int(1, 72) * 60 * 60 * 1000).toISOString();
      timed.push(txEvent({ ...facts, status: 'pending-review', postedAt: heldAt }, accountRef));
      txCount += 1;
    }
    timed.push(txEvent(facts, accountRef));
    txCount += 1;
  }

  for (const customerId of customerIds) {
    for (let i = 0; i < 15; i += 1) {
      // Midnight CST on a daily grid: several snapshots per month, some at the same instant.
      const day = Math.floor(end / DAY) - rnd.int(0, SPAN_DAYS / 4) * 4;
      const asOf = new Date(day * DAY - 8 * 60 * 60 * 1000).toISOString();
      const snapshot: BalanceFacts = {
        customerId,
        asOf,
        aum: rnd.int(0, 3) * 1_000_000,
        deposits: rnd.int(0, 3) * 500_000,
        wealth: rnd.int(0, 3) * 500_000,
        loans: rnd.int(0, 1) * 200_000,
        currency: rnd.next() < 0.9 ? 'CNY' : 'USD',
      };
      timed.push(envelope('core-banking', 'BalanceSnapshot', asOf, snapshot));
    }
    for (let i = 0; i < 10; i += 1) {
      const at = new Date(end - rnd.int(0, SPAN_DAYS / 20) * 20 * DAY).toISOString();
      const change: HoldingFacts = {
        customerId,
        productId: rnd.pick(['WM-01', 'DEP-02', 'FUND-03']),
        riskLevel: rnd.pick(PRODUCT_RISK_LEVELS),
        action: rnd.pick(HOLDING_ACTIONS),
        at,
      };
      timed.push(envelope('core-banking', 'ProductHoldingChanged', at, change));
    }
  }

  timed.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const events = timed.map((t) => t.envelope);
  return { customerIds, events, reference: fold(customerIds, events, options.now), accountRefs };
}

/** The domain's fold of distinct events: what the store must reproduce. */
function fold(customerIds: readonly string[], events: readonly InboundEnvelope[], now: Date) {
  const aggregates = new Map(customerIds.map((id) => [id, emptyAggregate(id)]));
  for (const { detailType, detail } of events) {
    const facts = detail as { customerId: string };
    const current = aggregates.get(facts.customerId) ?? emptyAggregate(facts.customerId);
    const next =
      detailType === 'TransactionPosted'
        ? applyTransaction(current, withoutAccountRef(detail as TransactionFacts), now)
        : detailType === 'BalanceSnapshot'
          ? applyBalance(current, detail as BalanceFacts, now)
          : applyHolding(current, detail as HoldingFacts);
    aggregates.set(facts.customerId, next);
  }
  return aggregates;
}

function withoutAccountRef(detail: TransactionFacts & { accountRef?: string }): TransactionFacts {
  const { accountRef: _dropped, ...facts } = detail;
  return facts;
}

/** Runs `work` over `items` with at most `concurrency` in flight; results in input order. */
export async function inParallel<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** A seeded Fisher–Yates shuffle (a new array). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const rnd = random(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = rnd.int(0, i);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}
