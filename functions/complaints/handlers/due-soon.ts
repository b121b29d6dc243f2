import { requiredEnv } from '../../../shared/config/env.js';
import { documentClient } from '../../../shared/dynamodb/client.js';
import { scheduledHandler } from '../../../shared/lambda/schedule.js';
import { logger, MetricUnit, metrics } from '../../../shared/observability/index.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import { DynamoCalendarMirror } from '../../../shared/time/dynamo-calendar-mirror.js';
import * as z from '../../../shared/zod.js';
import { countDueSoon, type DueSoonDeps } from '../service/due-soon.js';
import { DynamoDueCount } from '../store/due-count.js';

/**
 * Hourly: counts the open complaints due within one working day and emits the level as
 * `ComplaintsDueSoon` (alarmed at a threshold, see the capability definition) and those past
 * due as `ComplaintsOverdue`. Dimension `service` only: no id of a complaint, a customer or a
 * branch. It reads the keys of the byDue index and the mirrored calendar years, nothing else,
 * so it builds only those two readers rather than the capability's whole setup.
 */
export function createHandler(runtime: Runtime) {
  const db = documentClient();
  const table = requiredEnv(runtime.env, 'COMPLAINTS_TABLE');
  const deps: DueSoonDeps = {
    store: new DynamoDueCount(db, table),
    calendarMirror: new DynamoCalendarMirror(db, table, runtime.clock),
    clock: runtime.clock,
  };
  return scheduledHandler(z.strictObject({}), async () => {
    const result = await countDueSoon(deps);
    metrics.addMetric('ComplaintsDueSoon', MetricUnit.Count, result.dueSoon);
    metrics.addMetric('ComplaintsOverdue', MetricUnit.Count, result.overdue);
    logger.info('Complaints due within one working day counted', { ...result });
    return result;
  });
}

export const handler = createHandler(lambdaRuntime());
