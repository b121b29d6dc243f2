import { readItem } from '../../../shared/dynamodb/items.js';
import { HOLDING_ACTIONS, PRODUCT_RISK_LEVELS } from '../../../shared/events/external.js';
import * as z from '../../../shared/zod.js';
import { type ActivityAggregate, pruneAggregate } from '../domain/aggregate.js';
import type { BalancePoint } from '../domain/balances.js';
import type { HoldingState } from '../domain/holdings.js';
import { BALANCE_PREFIX, HOLDING_PREFIX, MONTH_PREFIX, MONTH_STORAGE_ATTRIBUTES, SUMMARY } from './keys.js';

type Item = Record<string, unknown>;

// Item schemas (`readItem`): written only from validated events, read back through the same shapes.
const balanceItem = z.lazy(() =>
  z.object({
    asOf: z.string(),
    aum: z.number(),
    deposits: z.number(),
    wealth: z.number(),
    loans: z.number(),
    currency: z.string(),
  }),
);
const holdingItem = z.lazy(() =>
  z.object({ action: z.enum(HOLDING_ACTIONS), riskLevel: z.enum(PRODUCT_RISK_LEVELS), at: z.string() }),
);
const monthCounter = z.number();

function counters(item: Item): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [name, value] of Object.entries(item)) {
    if (MONTH_STORAGE_ATTRIBUTES.has(name)) continue;
    result[name] = readItem(monthCounter, value, 'month counter');
  }
  return result;
}

function balancePoint(value: unknown): BalancePoint {
  // The stored order key is left behind: it is how the store compares, not part of the point.
  const { asOf, aum, deposits, wealth, loans, currency } = readItem(balanceItem, value, 'balance');
  return { asOf, aum, deposits, wealth, loans, currency };
}

function holdingState(value: unknown): HoldingState {
  const { action, riskLevel, at } = readItem(holdingItem, value, 'holding');
  return { action, riskLevel, at };
}

/**
 * Builds a customer's aggregate from the items of its partition (month buckets and the
 * summary), pruned to the window as of `now`, so it equals what the domain's in-memory fold
 * of the same events gives.
 */
export function itemsToAggregate(customerId: string, items: readonly Item[], now: Date): ActivityAggregate {
  const months: Record<string, Record<string, number>> = {};
  const balances: Record<string, BalancePoint> = {};
  const holdings: Record<string, HoldingState> = {};
  let lastSuccessfulAt: string | undefined;
  for (const item of items) {
    const sk = item.sk;
    if (typeof sk === 'string' && sk.startsWith(MONTH_PREFIX)) {
      months[sk.slice(MONTH_PREFIX.length)] = counters(item);
    } else if (sk === SUMMARY) {
      for (const [name, value] of Object.entries(item)) {
        if (name.startsWith(BALANCE_PREFIX))
          balances[name.slice(BALANCE_PREFIX.length)] = balancePoint(value);
        else if (name.startsWith(HOLDING_PREFIX))
          holdings[name.slice(HOLDING_PREFIX.length)] = holdingState(value);
      }
      if (typeof item.lastSuccessfulAt === 'string') lastSuccessfulAt = item.lastSuccessfulAt;
    }
  }
  const aggregate: ActivityAggregate = {
    customerId,
    months,
    balances,
    holdings,
    ...(lastSuccessfulAt === undefined ? {} : { lastSuccessfulAt }),
  };
  return pruneAggregate(aggregate, now);
}
