import { logger, MetricUnit, metrics } from '../../../shared/observability/index.js';
import type { ExclusionReason } from '../domain/suitability.js';
import { kpiDayOf } from '../store/kpi-counters.js';
import type { RecommendationsApiDeps } from './deps.js';

/** How many times each reason occurs in `reasonLists` (reasons with no occurrence left out). */
export function countReasons(
  reasonLists: readonly (readonly ExclusionReason[])[],
): Partial<Record<ExclusionReason, number>> {
  const counts: Partial<Record<ExclusionReason, number>> = {};
  for (const reasons of reasonLists) {
    for (const reason of reasons) counts[reason] = (counts[reason] ?? 0) + 1;
  }
  return counts;
}

/**
 * Adds a list's exclusions or a refusal's reasons to the day's KPI bucket of the customer's branch
 * (docs/domain-rules.md §19.7). The RM's answer does not wait on a counter: a failed count is
 * logged (no id beyond the branch) and counted as `RecommendationKpiCountFailed`, and the list or
 * the 422 is answered all the same; the KPI then undercounts that one list.
 */
export async function countExclusions(
  deps: Pick<RecommendationsApiDeps, 'store'>,
  now: Date,
  branch: string,
  kind: 'excluded' | 'refused',
  reasonLists: readonly (readonly ExclusionReason[])[],
): Promise<void> {
  const counts = countReasons(reasonLists);
  if (Object.keys(counts).length === 0) return;
  try {
    await deps.store.countExclusions(kpiDayOf(now.toISOString()), branch, kind, counts);
  } catch (error) {
    logger.error('Counting exclusions for the KPIs failed; the answer is given all the same', {
      kind,
      errorName: error instanceof Error ? error.name : 'Error',
    });
    metrics.addMetric('RecommendationKpiCountFailed', MetricUnit.Count, 1);
  }
}
