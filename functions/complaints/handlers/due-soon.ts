import { scheduledHandler } from '../../../shared/lambda/schedule.js';
import { logger, MetricUnit, metrics } from '../../../shared/observability/index.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import * as z from '../../../shared/zod.js';
import { countDueSoon } from '../service/due-soon.js';
import { setup } from '../setup.js';

/**
 * Hourly: counts the open complaints due within one working day and emits the level as
 * `ComplaintsDueSoon` (alarmed at a threshold, see the capability definition) and those past
 * due as `ComplaintsOverdue`. Dimension `service` only: no id of a complaint, a customer or a
 * branch. Reads the keys of the byDue index and the mirrored calendar years, nothing else: no
 * data keys, no workflows.
 */
export function createHandler(runtime: Runtime) {
  const { deps } = setup(runtime);
  return scheduledHandler(z.strictObject({}), async () => {
    const result = await countDueSoon(deps);
    metrics.addMetric('ComplaintsDueSoon', MetricUnit.Count, result.dueSoon);
    metrics.addMetric('ComplaintsOverdue', MetricUnit.Count, result.overdue);
    logger.info('Complaints due within one working day counted', { ...result });
    return result;
  });
}

export const handler = createHandler(lambdaRuntime());
