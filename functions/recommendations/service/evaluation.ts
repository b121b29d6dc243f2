import type { AnnouncedProduct as Product } from '../../products/events.js';
import { rankProducts } from '../domain/ranking.js';
import type { AffinityReason } from '../domain/ranking-reasons.js';
import type { RecommendationsSettings } from '../domain/settings.js';
import {
  assessSuitability,
  type SeniorConfirmation,
  type SuitabilityVerdict,
} from '../domain/suitability.js';
import { suitabilityCustomerOf } from '../domain/suitability-customer.js';
import type { CustomerView } from './ports.js';

/**
 * One customer's products judged at one instant (docs/domain-rules.md §19.2–19.4): every product
 * through the one suitability module, the suitable ones ranked. The list and the recording of a
 * recommendation both go through here, so what the RM is shown and what may be recorded cannot
 * differ.
 */

/** A suitable product with its verdict and its rank's score and reasons. */
export interface SuitableProduct {
  readonly product: Product;
  readonly verdict: SuitabilityVerdict;
  readonly score: number;
  readonly reasons: readonly AffinityReason[];
}

/** An excluded product with its verdict (reasons never empty). */
export interface ExcludedProduct {
  readonly product: Product;
  readonly verdict: SuitabilityVerdict;
}

export interface Evaluation {
  /** Best ranked first (score, then the lower risk level, then product id). */
  readonly suitable: readonly SuitableProduct[];
  /** In product id order. */
  readonly excluded: readonly ExcludedProduct[];
}

/**
 * Judges `products` for `customer` at `now`; `catalogue` is the whole catalogue (a held
 * product's category is known only from it); `confirmation` for a senior customer above the
 * level they may see without one (recording only: the list is given without one).
 */
export function evaluate(
  customer: CustomerView,
  products: readonly Product[],
  context: {
    readonly catalogue: readonly Product[];
    readonly now: string;
    readonly settings: RecommendationsSettings;
    readonly confirmation?: SeniorConfirmation | undefined;
  },
): Evaluation {
  const facts = suitabilityCustomerOf(customer);
  const judged = products.map((product) => ({
    product,
    verdict: assessSuitability(
      facts,
      product,
      { now: context.now, confirmation: context.confirmation },
      context.settings,
    ),
  }));
  const passed = judged.filter((entry) => entry.verdict.suitable);
  const byId = new Map(passed.map((entry) => [entry.product.productId, entry]));
  const ranked = rankProducts(
    passed.map((entry) => entry.product),
    { customer, catalogue: context.catalogue },
    context.now,
    context.settings,
  );
  const suitable = ranked.flatMap((rank) => {
    const entry = byId.get(rank.productId);
    return entry === undefined ? [] : [{ ...entry, score: rank.score, reasons: rank.reasons }];
  });
  const excluded = judged
    .filter((entry) => !entry.verdict.suitable)
    .sort((a, b) =>
      a.product.productId < b.product.productId ? -1 : a.product.productId > b.product.productId ? 1 : 0,
    );
  return { suitable, excluded };
}
