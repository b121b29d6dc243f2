import type { Price, PriceItem, PriceList } from './prices.js';
import { PRICE_ITEMS } from './prices.js';
import type { CostProfile } from './profile.js';

/**
 * The cost model's arithmetic, pure: quantities counted per unit of work (bench/cost/measure.ts)
 * times how many of each unit the profile makes in a month, plus what is paid per month
 * whatever the book, priced with a region's list prices.
 */

/** What a month's activity is made of; every measured quantity is per one of these. */
export const COST_UNITS = [
  'customer',
  'onboarding',
  'transaction',
  'apiCall',
  'complaint',
  'contact',
] as const;
export type CostUnit = (typeof COST_UNITS)[number];

export const UNIT_DESCRIPTIONS: Readonly<Record<CostUnit, string>> = {
  customer: 'a customer in the book for a month (storage, daily and periodic jobs)',
  onboarding: 'a customer registered',
  transaction: 'a core-banking transaction',
  apiCall: 'an API call',
  complaint: 'a complaint received',
  contact: 'an outbound contact requested',
};

/** A quantity key: `<price item>|<what it is spent on>` (a function, a table, a queue…). */
export type QuantityKey = `${PriceItem}|${string}`;
export type Quantities = Readonly<Partial<Record<QuantityKey, number>>>;

export interface MeasuredCounts {
  readonly perUnit: Readonly<Record<CostUnit, Quantities>>;
  readonly fixedPerMonth: Quantities;
}

export interface CostLine {
  readonly item: PriceItem;
  readonly detail: string;
  /** `fixed` for what the book's size does not change. */
  readonly driver: CostUnit | 'fixed';
  readonly quantity: number;
  readonly cost: number;
}

export interface CostDriver {
  readonly item: PriceItem;
  readonly cost: number;
  /** Of the total, 0 to 1. */
  readonly share: number;
  readonly provenance: Price['provenance'];
  /** The largest lines of the item, largest first (at most three). */
  readonly largest: readonly CostLine[];
}

export interface CostBreakdown {
  readonly currency: PriceList['currency'];
  readonly monthlyTotal: number;
  readonly perCustomerMonth: number;
  readonly lines: readonly CostLine[];
  /** Every price item that costs something, costliest first. */
  readonly drivers: readonly CostDriver[];
}

/** How many of each unit the profile makes in a month. */
export function unitsPerMonth(profile: CostProfile): Readonly<Record<CostUnit, number>> {
  const { customers } = profile;
  return {
    customer: customers,
    onboarding: (customers * profile.onboardedPerThousandCustomersMonth) / 1000,
    transaction: customers * profile.transactionsPerCustomerMonth,
    apiCall: customers * profile.apiCallsPerCustomerMonth,
    complaint: (customers * profile.complaintsPerThousandCustomersMonth) / 1000,
    contact: customers * profile.contactsPerCustomerMonth,
  };
}

export function splitKey(key: string): { item: PriceItem; detail: string } {
  const at = key.indexOf('|');
  const item = (at < 0 ? key : key.slice(0, at)) as string;
  const known = PRICE_ITEMS.find((candidate) => candidate === item);
  if (known === undefined) throw new Error(`Unknown price item in ${key}`);
  return { item: known, detail: at < 0 ? '' : key.slice(at + 1) };
}

function priced(prices: PriceList, item: PriceItem, quantity: number): number {
  const price = prices.items[item];
  return (quantity / price.per) * price.price;
}

/**
 * The month's cost of `profile`: each measured quantity per unit times the units of the month,
 * plus the fixed quantities, priced in the price list's currency.
 *
 * @example costOf(DEFAULT_PROFILE, counts, await loadPrices('us-east-1')).perCustomerMonth
 */
export function costOf(profile: CostProfile, counts: MeasuredCounts, prices: PriceList): CostBreakdown {
  const units = unitsPerMonth(profile);
  const lines: CostLine[] = [];
  const add = (driver: CostUnit | 'fixed', quantities: Quantities, multiplier: number): void => {
    for (const [key, perUnit] of Object.entries(quantities)) {
      if (perUnit === undefined || perUnit === 0 || multiplier === 0) continue;
      const { item, detail } = splitKey(key);
      const quantity = perUnit * multiplier;
      lines.push({ item, detail, driver, quantity, cost: priced(prices, item, quantity) });
    }
  };
  for (const unit of Object.keys(units) as CostUnit[]) add(unit, counts.perUnit[unit], units[unit]);
  add('fixed', counts.fixedPerMonth, 1);
  lines.sort((a, b) => b.cost - a.cost);
  const monthlyTotal = lines.reduce((sum, line) => sum + line.cost, 0);
  const byItem = new Map<PriceItem, CostLine[]>();
  for (const line of lines) byItem.set(line.item, [...(byItem.get(line.item) ?? []), line]);
  const drivers = [...byItem.entries()]
    .map(([item, itemLines]): CostDriver => {
      const cost = itemLines.reduce((sum, line) => sum + line.cost, 0);
      return {
        item,
        cost,
        share: monthlyTotal === 0 ? 0 : cost / monthlyTotal,
        provenance: prices.items[item].provenance,
        largest: itemLines.slice(0, 3),
      };
    })
    .filter((driver) => driver.cost > 0)
    .sort((a, b) => b.cost - a.cost);
  return {
    currency: prices.currency,
    monthlyTotal,
    perCustomerMonth: monthlyTotal / profile.customers,
    lines,
    drivers,
  };
}
