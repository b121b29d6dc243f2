import type { Infrastructure } from './infrastructure.js';
import type { Measurement } from './measure.js';
import { COST_UNITS, type CostBreakdown, splitKey, UNIT_DESCRIPTIONS } from './model.js';
import type { PriceList } from './prices.js';
import type { CostProfile } from './profile.js';

/** The goal: at most this much per customer-month, in USD. */
export const GOAL_USD_PER_CUSTOMER_MONTH = 0.001;

const number = (value: number, digits = 4): string =>
  value === 0 ? '0' : Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(digits);

/** The figures as `npm run cost` prints them. */
export function printCost(
  write: (line: string) => void,
  profile: CostProfile,
  prices: PriceList,
  breakdown: CostBreakdown,
  measurement: Measurement,
  infra: Infrastructure,
): void {
  const usd = (amount: number) => (prices.currency === 'USD' ? amount : amount / profile.cnyPerUsd);
  const symbol = prices.currency === 'USD' ? '$' : '¥';
  write('');
  write(`Cost model: ${profile.region}, prices as of ${prices.asOf} (${prices.currency})`);
  write(
    `Profile: ${profile.customers.toLocaleString('en')} customers; a month per customer: ${profile.transactionsPerCustomerMonth} transactions, ${profile.apiCallsPerCustomerMonth} API calls, ${profile.contactsPerCustomerMonth} contacts; ${profile.complaintsPerThousandCustomersMonth} complaints and ${profile.onboardedPerThousandCustomersMonth} new customers per 1,000`,
  );
  write('');
  write("Counted per unit (the run's operations divided by the units it did):");
  for (const unit of COST_UNITS) {
    const quantities = measurement.counts.perUnit[unit];
    const byItem = new Map<string, number>();
    for (const [key, value] of Object.entries(quantities)) {
      if (value === undefined) continue;
      const { item } = splitKey(key);
      byItem.set(item, (byItem.get(item) ?? 0) + value);
    }
    write(`  per ${UNIT_DESCRIPTIONS[unit]} (${measurement.samples[unit]} measured):`);
    for (const [item, value] of [...byItem.entries()].sort()) write(`    ${item}: ${number(value)}`);
  }
  write('');
  write(
    `Periodic jobs (runs in 30 days): ${measurement.periodicJobs.map((j) => `${j.id} ${j.runsPerMonth}`).join(', ')}`,
  );
  write(
    `Fixed resources (prod synth): ${Object.entries(infra.fixedPerMonth)
      .map(([key, value]) => `${splitKey(key).detail} ${number(value ?? 0)}`)
      .join(', ')}; custom metrics seen: ${measurement.customMetrics}`,
  );
  write('');
  const total = breakdown.monthlyTotal;
  const perCustomer = breakdown.perCustomerMonth;
  write(
    `Monthly total: ${symbol}${total.toFixed(2)}${prices.currency === 'USD' ? '' : ` (≈ $${usd(total).toFixed(2)} at ${profile.cnyPerUsd} CNY/USD)`}`,
  );
  write(
    `Per customer-month: ${symbol}${perCustomer.toPrecision(3)}${prices.currency === 'USD' ? '' : ` (≈ $${usd(perCustomer).toPrecision(3)})`}; goal ≤ $${GOAL_USD_PER_CUSTOMER_MONTH}: ${usd(perCustomer) <= GOAL_USD_PER_CUSTOMER_MONTH ? 'met' : 'not met'}`,
  );
  write('');
  write('Top five cost drivers:');
  for (const driver of breakdown.drivers.slice(0, 5)) {
    const largest = driver.largest
      .map((line) => `${line.detail || line.item} (${line.driver}) ${symbol}${line.cost.toFixed(2)}`)
      .join('; ');
    write(
      `  ${driver.item}: ${symbol}${driver.cost.toFixed(2)} (${(driver.share * 100).toFixed(1)} %, price ${driver.provenance}) — ${largest}`,
    );
  }
  const unverified = breakdown.drivers.filter((d) => d.provenance === 'unverified');
  if (unverified.length > 0) {
    write('');
    write(
      `Unverified prices used (not found in the stored pages; see bench/cost/prices/${profile.region}.json): ${unverified.map((d) => d.item).join(', ')}`,
    );
  }
  write('');
  for (const note of measurement.notes) write(`Note: ${note}`);
}
