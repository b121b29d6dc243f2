import type { INVESTMENT_OBJECTIVES } from '../../customers/events.js';
import {
  PRODUCT_CATEGORIES,
  type AnnouncedProduct as Product,
  type ProductCategory,
} from '../../products/events.js';
import type { RecommendationResponse } from '../events.js';
import { AFFINITY_REASONS, type AffinityReason } from './ranking-reasons.js';

/**
 * Ranking of the suitable products (docs/domain-rules.md §19.4): a simple additive model, so an
 * RM can tell from the reasons alone why one product comes before another. Every product starts
 * at {@link BASE_SCORE}; each affinity reason adds (or takes away) its points
 * ({@link AFFINITY_POINTS}); the sum is clamped to 0..100. Pure: it ranks only what suitability
 * let through and never makes a product suitable or not.
 */

/** The score of a product no reason applies to. */
export const BASE_SCORE = 20;

/** What each reason adds to the score. */
export const AFFINITY_POINTS: Readonly<Record<AffinityReason, number>> = {
  'holds-category': 20,
  'matured-in-category': 30,
  'segment-affinity': 15,
  'lifecycle-affinity': 15,
  'objective-match': 15,
  'declined-before': -25,
};

/** A decline older than the exclusion window still ranks the category lower for this long. */
export const DECLINE_REMEMBERED_DAYS = 365;

type Categories = readonly ProductCategory[];
const WEALTH: Categories = ['wealth-management', 'fund', 'insurance'];
const EVERYDAY: Categories = ['deposit', 'card'];

/**
 * `segment-affinity`: customers with high assets or a vip/premium composite grade suit wealth
 * products; those with low assets suit everyday ones (a customer may match both).
 */
function segmentCategories(segments: RankingCustomer['segments']): Set<ProductCategory> {
  const categories = new Set<ProductCategory>();
  const { assetTier, compositeGrade } = segments;
  if (assetTier === 'high' || compositeGrade === 'vip' || compositeGrade === 'premium') {
    for (const category of WEALTH) categories.add(category);
  }
  if (assetTier === 'low') for (const category of EVERYDAY) categories.add(category);
  return categories;
}

/** `lifecycle-affinity`: the categories that suit each lifecycle stage (activity's stages, §14.5). */
const LIFECYCLE_CATEGORIES: Readonly<Record<string, Categories>> = {
  new: ['deposit', 'card'],
  growing: ['fund', 'wealth-management'],
  mature: ['insurance', 'wealth-management'],
  declining: ['deposit'],
  dormant: ['deposit'],
  reactivated: ['card', 'deposit'],
};

/** `objective-match`: the categories that suit each investment objective of the assessment. */
const OBJECTIVE_CATEGORIES: Readonly<Record<(typeof INVESTMENT_OBJECTIVES)[number], Categories>> = {
  'capital-preservation': ['deposit', 'insurance'],
  income: ['wealth-management', 'deposit'],
  balanced: ['wealth-management', 'fund'],
  growth: ['fund'],
  'aggressive-growth': ['fund'],
};

/** What ranking reads of a customer: C1 facts as mirrored (a `CustomerView` fits). */
export interface RankingCustomer {
  /** The latest state of each holding core banking reported (product id, opened/closed/matured, when). */
  readonly holdings: readonly {
    readonly productId: string;
    readonly action: 'opened' | 'closed' | 'matured';
    readonly at: string;
  }[];
  /** Activity's segment values (asset tier, composite grade, lifecycle stage), absent until graded. */
  readonly segments: Readonly<Partial<Record<'assetTier' | 'compositeGrade' | 'lifecycleStage', string>>>;
  /** The latest declined or not-interested answer per category. */
  readonly answers: Readonly<
    Partial<
      Record<
        ProductCategory,
        { readonly response: Exclude<RecommendationResponse, 'accepted'>; readonly at: string }
      >
    >
  >;
  readonly suitability?:
    | { readonly investmentObjective?: (typeof INVESTMENT_OBJECTIVES)[number] | undefined }
    | undefined;
}

/** The customer and the whole catalogue: a held product's category is known only from it. */
export interface RankingFacts {
  readonly customer: RankingCustomer;
  readonly catalogue: readonly Product[];
}

/** What a bank configures about ranking (defaults: 30 days, 90 days). */
export interface RankingSettings {
  /** A holding matured within this many days makes its category a reinvestment candidate. */
  readonly maturedDays: number;
  /** The exclusion window of a declined category; a not-interested answer ranks lower within it. */
  readonly declinedCategoryDays: number;
}

/** One ranked product: its score (0..100) and why, in AFFINITY_REASONS order. */
export interface RankedProduct {
  readonly productId: string;
  readonly score: number;
  readonly reasons: readonly AffinityReason[];
}

const DAY_MS = 86_400_000;

/** The reasons that apply to each category for this customer at `nowMs`. */
function reasonsByCategory(
  facts: RankingFacts,
  nowMs: number,
  settings: RankingSettings,
): ReadonlyMap<ProductCategory, readonly AffinityReason[]> {
  const { customer } = facts;
  const categoryOf = new Map(facts.catalogue.map((product) => [product.productId, product.category]));
  const held = new Set<ProductCategory>();
  const matured = new Set<ProductCategory>();
  const maturedSince = nowMs - settings.maturedDays * DAY_MS;
  for (const holding of customer.holdings) {
    const category = categoryOf.get(holding.productId);
    if (category === undefined) continue;
    if (holding.action === 'opened') held.add(category);
    if (holding.action === 'matured' && Date.parse(holding.at) >= maturedSince) matured.add(category);
  }
  const segment = segmentCategories(customer.segments);
  const stage = customer.segments.lifecycleStage;
  // Own keys only: a stage named like an Object property (`constructor`) suits nothing.
  const lifecycle = new Set(
    stage !== undefined && Object.hasOwn(LIFECYCLE_CATEGORIES, stage) ? LIFECYCLE_CATEGORIES[stage] : [],
  );
  const objective = customer.suitability?.investmentObjective;
  const objectiveMatch = new Set(objective === undefined ? [] : OBJECTIVE_CATEGORIES[objective]);
  const notInterestedSince = nowMs - settings.declinedCategoryDays * DAY_MS;
  const declinedSince = nowMs - DECLINE_REMEMBERED_DAYS * DAY_MS;

  const byCategory = new Map<ProductCategory, readonly AffinityReason[]>();
  for (const category of PRODUCT_CATEGORIES) {
    const answer = customer.answers[category];
    const answeredAt = answer === undefined ? Number.NaN : Date.parse(answer.at);
    // A decline within the exclusion window never reaches ranking (suitability excludes it).
    const declinedBefore =
      answer !== undefined &&
      answeredAt >= (answer.response === 'declined' ? declinedSince : notInterestedSince);
    const applies: Readonly<Record<AffinityReason, boolean>> = {
      'holds-category': held.has(category),
      'matured-in-category': matured.has(category),
      'segment-affinity': segment.has(category),
      'lifecycle-affinity': lifecycle.has(category),
      'objective-match': objectiveMatch.has(category),
      'declined-before': declinedBefore,
    };
    byCategory.set(
      category,
      AFFINITY_REASONS.filter((reason) => applies[reason]),
    );
  }
  return byCategory;
}

/**
 * Scores and orders the suitable products for one customer at `now`: score descending, then the
 * lower risk level first, then product id, so the same facts always give the same list.
 * @example rankProducts(suitable, { customer: view, catalogue }, now, DEFAULT_RECOMMENDATIONS_SETTINGS)
 */
export function rankProducts(
  suitable: readonly Product[],
  facts: RankingFacts,
  now: string,
  settings: RankingSettings,
): RankedProduct[] {
  const nowMs = Date.parse(now);
  if (Number.isNaN(nowMs)) throw new RangeError('now must be an ISO 8601 instant');
  const reasons = reasonsByCategory(facts, nowMs, settings);
  const ranked = suitable.map((product) => {
    const why = reasons.get(product.category) ?? [];
    const points = why.reduce((sum, reason) => sum + AFFINITY_POINTS[reason], BASE_SCORE);
    return {
      ranked: { productId: product.productId, score: Math.min(100, Math.max(0, points)), reasons: why },
      riskLevel: product.riskLevel,
    };
  });
  ranked.sort(
    (a, b) =>
      b.ranked.score - a.ranked.score ||
      compareText(a.riskLevel, b.riskLevel) ||
      compareText(a.ranked.productId, b.ranked.productId),
  );
  return ranked.map((entry) => entry.ranked);
}

// Code-unit order: the same everywhere, whatever the runtime's locale.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
