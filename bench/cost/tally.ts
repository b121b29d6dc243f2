import { type Quantities, type QuantityKey, splitKey } from './model.js';

/** Quantities counted so far, by `<price item>|<detail>`; snapshots are subtracted to get a phase's. */
export class Tally {
  readonly #quantities = new Map<QuantityKey, number>();

  add(key: QuantityKey, amount: number): void {
    if (amount === 0) return;
    this.#quantities.set(key, (this.#quantities.get(key) ?? 0) + amount);
  }

  /** Sets a quantity that is read whole each time (e.g. state transitions so far). */
  set(key: QuantityKey, amount: number): void {
    this.#quantities.set(key, amount);
  }

  snapshot(): Quantities {
    return Object.fromEntries(this.#quantities);
  }
}

type MutableQuantities = Partial<Record<QuantityKey, number>>;

function entries(quantities: Quantities): [QuantityKey, number][] {
  return Object.entries(quantities).flatMap(([key, value]): [QuantityKey, number][] => {
    if (value === undefined) return [];
    const { item, detail } = splitKey(key);
    return [[`${item}|${detail}`, value]];
  });
}

/** `after − before`, key by key (keys that did not move are left out). */
export function difference(after: Quantities, before: Quantities): Quantities {
  const result: MutableQuantities = {};
  for (const [key, value] of entries(after)) {
    const moved = value - (before[key] ?? 0);
    if (moved !== 0) result[key] = moved;
  }
  return result;
}

/** Each quantity times `factor`. */
export function scaled(quantities: Quantities, factor: number): Quantities {
  const result: MutableQuantities = {};
  for (const [key, value] of entries(quantities)) result[key] = value * factor;
  return result;
}

/** The sum, key by key. */
export function sum(...all: readonly Quantities[]): Quantities {
  const result: MutableQuantities = {};
  for (const quantities of all) {
    for (const [key, value] of entries(quantities)) result[key] = (result[key] ?? 0) + value;
  }
  return result;
}

/**
 * A straight line through two measurements of a periodic job, at two book sizes: what each
 * customer adds (the slope) and what a run costs whatever the book (the intercept, never below
 * zero: a job cannot cost less than nothing).
 */
export function linearFit(
  small: { readonly customers: number; readonly quantities: Quantities },
  large: { readonly customers: number; readonly quantities: Quantities },
): { perCustomer: Quantities; fixed: Quantities } {
  const span = large.customers - small.customers;
  if (span <= 0) throw new RangeError('The second measurement needs more customers than the first');
  const perCustomer: MutableQuantities = {};
  const fixed: MutableQuantities = {};
  const keys = new Set([...entries(small.quantities), ...entries(large.quantities)].map(([key]) => key));
  for (const key of keys) {
    const a = small.quantities[key] ?? 0;
    const b = large.quantities[key] ?? 0;
    const slope = Math.max(0, (b - a) / span);
    const intercept = Math.max(0, b - slope * large.customers);
    if (slope > 0) perCustomer[key] = slope;
    if (intercept > 0) fixed[key] = intercept;
  }
  return { perCustomer, fixed };
}
