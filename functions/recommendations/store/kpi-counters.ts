import { cstDayOf, isoDateOfDay } from '../../../shared/time/civil-day.js';
import { PRODUCT_CATEGORIES, type ProductCategory } from '../../products/events.js';
import { EXCLUSION_REASONS, type ExclusionReason } from '../domain/suitability.js';
import type { RecommendationResponse } from '../events.js';
import type { KpiBucket } from '../service/ports.js';

/**
 * The recommendations KPI counters (docs/domain-rules.md §19.7): whole numbers per branch and
 * China Standard Time day, in the buckets every capability lays out alike
 * (shared/dynamodb/day-buckets.ts). A recommendation counts `made:<category>` on the day it was
 * made, an answer `accepted|declined|notInterested:<category>` on the day it was given, both in
 * the same transaction as what they count (so exactly once); the exclusions a list shows and the
 * reasons of a refused recording count `excluded:<reason>` / `refused:<reason>`.
 */
const OUTCOMES = ['made', 'accepted', 'declined', 'notInterested'] as const;
type Outcome = (typeof OUTCOMES)[number];

const categoryCounter = (outcome: Outcome, category: ProductCategory) => `${outcome}:${category}` as const;
const reasonCounter = (kind: 'excluded' | 'refused', reason: ExclusionReason) => `${kind}:${reason}` as const;

/** Every counter a bucket may hold. */
export const KPI_COUNTERS = [
  ...OUTCOMES.flatMap((outcome) => PRODUCT_CATEGORIES.map((category) => categoryCounter(outcome, category))),
  ...EXCLUSION_REASONS.map((reason) => reasonCounter('excluded', reason)),
  ...EXCLUSION_REASONS.map((reason) => reasonCounter('refused', reason)),
];

/** The CST day (`yyyy-mm-dd`) an instant is counted in (the KPI route's dates are CST dates). */
export const kpiDayOf = (at: string): string => isoDateOfDay(cstDayOf(new Date(at)));

/** The counter a recommendation (made) or an answer adds to. */
export function outcomeCounter(category: ProductCategory, outcome: 'made' | RecommendationResponse): string {
  return categoryCounter(outcome === 'not-interested' ? 'notInterested' : outcome, category);
}

/** The increments of a list's exclusions or a refusal's reasons. */
export function reasonIncrements(
  kind: 'excluded' | 'refused',
  reasons: Readonly<Partial<Record<ExclusionReason, number>>>,
): Record<string, number> {
  return Object.fromEntries(
    EXCLUSION_REASONS.flatMap((reason) => {
      const count = reasons[reason];
      return count === undefined || count === 0 ? [] : [[reasonCounter(kind, reason), count]];
    }),
  );
}

/** A bucket item's counters as the port's KpiBucket (zero counters left out). */
export function kpiBucketFromCounters(
  day: string,
  branch: string,
  counters: Readonly<Partial<Record<string, number>>>,
): KpiBucket {
  const byCategory: Partial<
    Record<ProductCategory, { made: number; accepted: number; declined: number; notInterested: number }>
  > = {};
  for (const category of PRODUCT_CATEGORIES) {
    const [made, accepted, declined, notInterested] = OUTCOMES.map(
      (outcome) => counters[categoryCounter(outcome, category)] ?? 0,
    );
    if (made || accepted || declined || notInterested) {
      byCategory[category] = {
        made: made ?? 0,
        accepted: accepted ?? 0,
        declined: declined ?? 0,
        notInterested: notInterested ?? 0,
      };
    }
  }
  const perReason = (kind: 'excluded' | 'refused') =>
    Object.fromEntries(
      EXCLUSION_REASONS.flatMap((reason) => {
        const count = counters[reasonCounter(kind, reason)];
        return count === undefined || count === 0 ? [] : [[reason, count]];
      }),
    );
  return { day, branch, byCategory, excluded: perReason('excluded'), refused: perReason('refused') };
}
