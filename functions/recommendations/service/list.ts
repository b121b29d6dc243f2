import type { AuthContext } from '../../../shared/auth/types.js';
import type { AnnouncedProduct as Product } from '../../products/events.js';
import { suitabilityRuleVersion } from '../domain/suitability.js';
import { customerInScope } from './access.js';
import type { RecommendationsApiDeps } from './deps.js';
import { evaluate } from './evaluation.js';
import { countExclusions } from './exclusion-counts.js';

/** A product as the RM sees it in a list: its public facts (`name` is the product's name). */
function productFacts(product: Product) {
  return {
    productId: product.productId,
    name: product.productName,
    category: product.category,
    riskLevel: product.riskLevel,
  };
}

/**
 * A customer's recommendations (docs/domain-rules.md §19.4–19.5): every product of the catalogue
 * judged now by the suitability module. The suitable ones ranked, at most
 * RECOMMENDATION_LIST_LIMIT of them, each with its score, affinity reasons and the rules it
 * passed; `moreSuitable` counts the suitable ones beyond the limit (not listed). Every excluded
 * product is listed with every reason (a draft or withdrawn product too, with `not-on-sale`), so
 * the RM sees why a product is missing; a restricted customer sees every product excluded with
 * `customer-restricted` (an answer, not a refusal). The list's exclusions are counted per reason
 * in the day's KPI bucket of the customer's branch.
 */
export async function listRecommendations(
  deps: RecommendationsApiDeps,
  auth: AuthContext,
  customerId: string,
) {
  // Both reads at once: the catalogue discloses nothing of the customer, so it need not wait
  // for the scope check (a refusal still answers before anything is judged or counted).
  const [customer, catalogue] = await Promise.all([
    customerInScope(deps, auth, 'recommendation:list', customerId),
    deps.store.catalogue(),
  ]);
  const now = deps.clock.now();
  const evaluatedAt = now.toISOString();
  const { suitable, excluded } = evaluate(customer, catalogue, {
    catalogue,
    now: evaluatedAt,
    settings: deps.settings,
  });
  await countExclusions(
    deps,
    now,
    customer.branch,
    'excluded',
    excluded.map((entry) => entry.verdict.reasons),
  );
  const listed = suitable.slice(0, deps.settings.listLimit);
  return {
    customerId,
    ruleVersion: suitabilityRuleVersion(deps.settings),
    evaluatedAt,
    recommended: listed.map(({ product, verdict, score, reasons }) => ({
      ...productFacts(product),
      ...(product.termDays === undefined ? {} : { termDays: product.termDays }),
      minimumAmount: product.minimumAmount,
      score,
      reasons: [...reasons],
      satisfied: [...verdict.satisfied],
    })),
    moreSuitable: suitable.length - listed.length,
    excluded: excluded.map(({ product, verdict }) => ({
      ...productFacts(product),
      reasons: [...verdict.reasons],
    })),
  };
}

export type RecommendationList = Awaited<ReturnType<typeof listRecommendations>>;
