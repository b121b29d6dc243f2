/**
 * The largest amount one transaction may carry, per currency, in minor units
 * (docs/domain-rules.md §13.6). A transaction above its currency's cap is refused before
 * anything is written: no real payment is that large, and counting it would bring a
 * customer's running totals within reach of the range JavaScript holds exactly.
 */
export interface AmountCaps {
  /** ISO 4217 code → cap. */
  readonly byCurrency: Readonly<Record<string, number>>;
  /** The cap of every currency not listed. */
  readonly otherwise: number;
}

/** The cap that applies to `currency`. */
export function capFor(caps: AmountCaps, currency: string): number {
  return Object.hasOwn(caps.byCurrency, currency)
    ? (caps.byCurrency[currency] ?? caps.otherwise)
    : caps.otherwise;
}

/** Whether `amount` (minor units) is above the cap of `currency`. */
export function exceedsCap(caps: AmountCaps, currency: string, amount: number): boolean {
  return amount > capFor(caps, currency);
}

/**
 * Reads `CODE=amount,…,*=amount` (e.g. `CNY=10000000000000,*=10000000000000`). Every amount
 * is a whole number from 1 to 2^53 − 1; `*` (every other currency) is required, so no
 * currency goes uncapped; a code given twice is refused. Throws with a message naming the
 * rule, never silently capping at something else.
 */
export function parseAmountCaps(raw: string): AmountCaps {
  const byCurrency: Record<string, number> = {};
  let otherwise: number | undefined;
  for (const entry of raw.split(',')) {
    const match = /^(\*|[A-Z]{3})=([1-9]\d{0,15})$/.exec(entry.trim());
    const code = match?.[1];
    const amount = Number(match?.[2]);
    if (code === undefined || !Number.isSafeInteger(amount)) {
      throw new Error('each entry must be CODE=amount, the amount a whole number from 1 to 2^53 - 1');
    }
    if (code === '*') {
      if (otherwise !== undefined) throw new Error('* is given twice');
      otherwise = amount;
    } else {
      if (Object.hasOwn(byCurrency, code)) throw new Error(`${code} is given twice`);
      byCurrency[code] = amount;
    }
  }
  if (otherwise === undefined) throw new Error('* (the cap of every other currency) is required');
  return { byCurrency, otherwise };
}
