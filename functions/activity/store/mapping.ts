import { type ActivityAggregate, pruneAggregate } from '../domain/aggregate.js';
import type { BalancePoint } from '../domain/balances.js';
import type { HoldingState } from '../domain/holdings.js';
import { BALANCE_PREFIX, HOLDING_PREFIX, MONTH_PREFIX, MONTH_STORAGE_ATTRIBUTES, SUMMARY } from './keys.js';

type Item = Record<string, unknown>;

function isRecord(value: unknown): value is Item {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An item that does not have the shape this module wrote: fail loudly, name no value. */
function corrupt(what: string): never {
  throw new Error(`Activity table item does not have the expected shape: ${what}`);
}

function counters(item: Item): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [name, value] of Object.entries(item)) {
    if (MONTH_STORAGE_ATTRIBUTES.has(name)) continue;
    if (typeof value !== 'number') corrupt('month counter');
    result[name] = value;
  }
  return result;
}

function balancePoint(value: unknown): BalancePoint {
  if (!isRecord(value)) return corrupt('balance');
  const { asOf, aum, deposits, wealth, loans, currency } = value;
  if (
    typeof asOf !== 'string' ||
    typeof currency !== 'string' ||
    typeof aum !== 'number' ||
    typeof deposits !== 'number' ||
    typeof wealth !== 'number' ||
    typeof loans !== 'number'
  ) {
    return corrupt('balance');
  }
  // The stored order key is left behind: it is how the store compares, not part of the point.
  return { asOf, aum, deposits, wealth, loans, currency };
}

function holdingState(value: unknown): HoldingState {
  if (!isRecord(value)) return corrupt('holding');
  const { action, riskLevel, at } = value;
  if (typeof action !== 'string' || typeof riskLevel !== 'string' || typeof at !== 'string') {
    return corrupt('holding');
  }
  // Written only from validated events, so the enums hold.
  return { action, riskLevel, at } as HoldingState;
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
