import { reportBranch } from '../../../shared/auth/report-branch.js';
import type { AuthContext } from '../../../shared/auth/types.js';
import { PRODUCT_CATEGORIES, type ProductCategory } from '../../products/events.js';
import type { KpiQuery } from '../domain/schemas.js';
import { EXCLUSION_REASONS, type ExclusionReason } from '../domain/suitability.js';
import { recommendationsPolicy } from '../policy.js';
import type { RecommendationsApiDeps } from './deps.js';
import type { KpiBucket } from './ports.js';

/**
 * The recommendation KPIs (docs/domain-rules.md §19.7), summed over the daily buckets of a range
 * of China Standard Time days: recommendations made, accepted, declined and not interested, the
 * conversion rate (accepted ÷ made, null when none were made), the same per product category
 * and per branch, and the exclusions shown to RMs and the refusals at recording, per reason.
 * Aggregates only: no customer in them.
 */

export interface Conversion {
  readonly made: number;
  readonly accepted: number;
  readonly declined: number;
  readonly notInterested: number;
  /** accepted ÷ made, to 4 decimals; null when none were made (nothing to measure). */
  readonly conversionRate: number | null;
}

export interface KpiAnswer extends Conversion {
  readonly from: string;
  readonly to: string;
  /** The branch the figures are of; absent: every branch. */
  readonly branch?: string | undefined;
  /** Every category, in catalogue order. */
  readonly byCategory: readonly (Conversion & { readonly category: ProductCategory })[];
  /** Every branch with a bucket in the range, in branch order. */
  readonly byBranch: readonly (Conversion & { readonly branch: string })[];
  readonly excluded: Readonly<Partial<Record<ExclusionReason, number>>>;
  readonly refused: Readonly<Partial<Record<ExclusionReason, number>>>;
}

type Tally = { made: number; accepted: number; declined: number; notInterested: number };
const emptyTally = (): Tally => ({ made: 0, accepted: 0, declined: 0, notInterested: 0 });

function addTally(into: Tally, counts: Readonly<Tally> | undefined): void {
  if (counts === undefined) return;
  into.made += counts.made;
  into.accepted += counts.accepted;
  into.declined += counts.declined;
  into.notInterested += counts.notInterested;
}

function conversionOf(tally: Readonly<Tally>): Conversion {
  return {
    ...tally,
    conversionRate: tally.made === 0 ? null : Math.round((tally.accepted / tally.made) * 10_000) / 10_000,
  };
}

/** The reasons with a count above 0, in EXCLUSION_REASONS order. */
function sumReasons(
  buckets: readonly KpiBucket[],
  kind: 'excluded' | 'refused',
): Partial<Record<ExclusionReason, number>> {
  const sums: Partial<Record<ExclusionReason, number>> = {};
  for (const reason of EXCLUSION_REASONS) {
    const total = buckets.reduce((sum, bucket) => sum + (bucket[kind][reason] ?? 0), 0);
    if (total > 0) sums[reason] = total;
  }
  return sums;
}

/** The KPIs of summed buckets. Pure. */
export function kpiFigures(buckets: readonly KpiBucket[]): Omit<KpiAnswer, 'from' | 'to' | 'branch'> {
  const total = emptyTally();
  const byCategory = new Map(PRODUCT_CATEGORIES.map((category) => [category, emptyTally()]));
  const byBranch = new Map<string, Tally>();
  for (const bucket of buckets) {
    const branch = byBranch.get(bucket.branch) ?? emptyTally();
    byBranch.set(bucket.branch, branch);
    for (const category of PRODUCT_CATEGORIES) {
      const counts = bucket.byCategory[category];
      addTally(total, counts);
      addTally(branch, counts);
      addTally(byCategory.get(category) ?? emptyTally(), counts);
    }
  }
  return {
    ...conversionOf(total),
    byCategory: PRODUCT_CATEGORIES.map((category) => ({
      category,
      ...conversionOf(byCategory.get(category) ?? emptyTally()),
    })),
    byBranch: [...byBranch.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([branch, tally]) => ({ branch, ...conversionOf(tally) })),
    excluded: sumReasons(buckets, 'excluded'),
    refused: sumReasons(buckets, 'refused'),
  };
}

/**
 * The KPIs of days `from`..`to`: a supervisor's own branch only (another branch is a 403
 * `branch-out-of-scope`), the roles that see all every branch or the one named.
 */
export async function readKpis(
  deps: Pick<RecommendationsApiDeps, 'store'>,
  auth: AuthContext,
  query: KpiQuery,
): Promise<KpiAnswer> {
  const branch = reportBranch(recommendationsPolicy, auth, 'recommendation:kpis', query.branch);
  const buckets = await deps.store.kpiBuckets(query.from, query.to, branch);
  return {
    from: query.from,
    to: query.to,
    ...(branch === undefined ? {} : { branch }),
    ...kpiFigures(buckets),
  };
}
