import { logger, MetricUnit, metrics } from '../../../shared/observability/index.js';
import { customerDepsFromEnv } from '../runtime.js';
import { stepFunctionsFromEnv } from '../runtime-workflows.js';
import { openDueReviews } from '../service/reviews.js';

const deps = customerDepsFromEnv(process.env, { workflows: stepFunctionsFromEnv });

/** Daily: opens a periodic information review for every customer that is due (REFERENCE.md §9). */
export async function handler(): Promise<{ opened: number; skipped: number; restarted: number }> {
  const result = await openDueReviews(deps);
  metrics.addMetric('ReviewsOpened', MetricUnit.Count, result.opened);
  metrics.addMetric('ReviewWorkflowsRestarted', MetricUnit.Count, result.restarted);
  metrics.publishStoredMetrics();
  logger.info('Periodic review scan finished', result);
  return result;
}
