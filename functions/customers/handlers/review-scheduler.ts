import { scheduledHandler } from '../../../shared/lambda/schedule.js';
import { logger, MetricUnit, metrics } from '../../../shared/observability/index.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import * as z from '../../../shared/zod.js';
import { openDueReviews } from '../service/reviews.js';
import { setup } from '../setup.js';
import { stepFunctions } from '../setup-workflows.js';

/** Daily: opens a periodic information review for every customer that is due. */
export function createHandler(runtime: Runtime) {
  const { deps } = setup(runtime, { workflows: stepFunctions });
  return scheduledHandler(z.strictObject({}), async () => {
    const result = await openDueReviews(deps);
    metrics.addMetric('ReviewsOpened', MetricUnit.Count, result.opened);
    metrics.addMetric('ReviewWorkflowsRestarted', MetricUnit.Count, result.restarted);
    logger.info('Periodic review scan finished', result);
    return result;
  });
}

export const handler = createHandler(lambdaRuntime());
