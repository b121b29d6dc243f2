import { amountFor, type CurrencyAmounts } from '../../../shared/capability/setting-readers.js';

/**
 * The largest amount one transaction may carry, per currency, in minor units
 * (docs/domain-rules.md §13.6). A transaction above its currency's cap is refused before
 * anything is written: no real payment is that large, and counting it would bring a
 * customer's running totals within reach of the range JavaScript holds exactly. Read from
 * the `currency-amounts` setting by the shared reader (`parseCurrencyAmounts`).
 */
export type AmountCaps = CurrencyAmounts;

/** The cap that applies to `currency`. */
export function capFor(caps: AmountCaps, currency: string): number {
  return amountFor(caps, currency);
}

/** Whether `amount` (minor units) is above the cap of `currency`. */
export function exceedsCap(caps: AmountCaps, currency: string, amount: number): boolean {
  return amount > capFor(caps, currency);
}
