import { scheduledHandler } from '../../../shared/lambda/schedule.js';
import { logger, MetricUnit, metrics } from '../../../shared/observability/index.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import * as z from '../../../shared/zod.js';
import { openDueReviews } from '../service/reviews.js';
import { setup } from '../setup.js';
import { stepFunctions } from '../setup-workflows.js';

/**
 * Daily: opens a periodic information review for every customer that is due. Reviews opened
 * with a provisional deadline are counted as `ProvisionalDeadlines`.
 */
export function createHandler(runtime: Runtime) {
  const { deps } = setup(runtime, { workflows: stepFunctions });
  return scheduledHandler(z.strictObject({}), async () => {
    const result = await openDueReviews(deps);
    metrics.addMetric('ReviewsOpened', MetricUnit.Count, result.opened);
    metrics.addMetric('ReviewWorkflowsRestarted', MetricUnit.Count, result.restarted);
    // An SLA-breach metric (alarmed at the first): a deadline counted over a year without
    // calendar data may be wrong by a holiday. Counted until an admin loads the year.
    if (result.provisional > 0)
      metrics.addMetric('ProvisionalDeadlines', MetricUnit.Count, result.provisional);
    logger.info('Periodic review scan finished', result);
    return result;
  });
}

export const handler = createHandler(lambdaRuntime());
