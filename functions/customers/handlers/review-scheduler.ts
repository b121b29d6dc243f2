import { scheduledHandler } from '../../../shared/lambda/schedule.js';
import { deadLetterSinkFromEnv } from '../../../shared/messaging/dead-letters.js';
import { JobItems } from '../../../shared/messaging/job-items.js';
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
  // A customer whose review cannot be opened goes to this function's DLQ; the scan goes on.
  const deadLetters = deadLetterSinkFromEnv(runtime.env);
  return scheduledHandler(z.strictObject({}), async () => {
    const result = await openDueReviews(deps, new JobItems('review-scan', deadLetters));
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
