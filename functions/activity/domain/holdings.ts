import type { EventDetail, ProductHoldingChanged } from '../../../shared/events/index.js';
import { canonicalInstant } from './months.js';

/** What the aggregates read of a `ProductHoldingChanged` event. */
export type HoldingFacts = Pick<
  EventDetail<typeof ProductHoldingChanged>,
  'customerId' | 'productId' | 'riskLevel' | 'action' | 'at'
>;

/** The latest action known on one product: held while it is `opened`. */
export interface HoldingState {
  readonly action: HoldingFacts['action'];
  readonly riskLevel: HoldingFacts['riskLevel'];
  /** When the action happened, canonical ISO. */
  readonly at: string;
}

/**
 * Product id → its latest action. Closed and matured products stay as tombstones: without
 * them an `opened` event delivered late would bring a closed product back.
 */
export type HoldingsByProduct = Readonly<Record<string, HoldingState>>;

/** A product the customer holds now. */
export interface HeldProduct {
  readonly productId: string;
  readonly riskLevel: HoldingFacts['riskLevel'];
  /** When it was opened. */
  readonly since: string;
}

// At the same instant an ending beats an opening (never show as held what the bank said
// ended), and a closure beats a maturity (the stronger statement).
const ACTION_RANK: Readonly<Record<HoldingState['action'], number>> = { opened: 0, matured: 1, closed: 2 };

/**
 * The total order that decides which action on a product stands: the later `at` wins, ties
 * broken by action then risk level, so the outcome never depends on arrival order. A store
 * keeps it with the holding and replaces the holding only when the new key is greater.
 */
export function holdingOrderKey(state: HoldingState): string {
  return `${canonicalInstant(state.at)}|${ACTION_RANK[state.action]}|${state.riskLevel}`;
}

/** `holdings` with `event` applied if it orders after what is known of its product. */
export function mergeHolding(holdings: HoldingsByProduct, event: HoldingFacts): HoldingsByProduct {
  const state: HoldingState = {
    action: event.action,
    riskLevel: event.riskLevel,
    at: canonicalInstant(event.at),
  };
  const kept = Object.hasOwn(holdings, event.productId) ? holdings[event.productId] : undefined;
  if (kept !== undefined && holdingOrderKey(kept) >= holdingOrderKey(state)) return holdings;
  return { ...holdings, [event.productId]: state };
}

/** The products held now (latest action `opened`), by product id. */
export function heldProducts(holdings: HoldingsByProduct): HeldProduct[] {
  return Object.entries(holdings)
    .filter(([, state]) => state.action === 'opened')
    .map(([productId, state]) => ({ productId, riskLevel: state.riskLevel, since: state.at }))
    .sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
}
