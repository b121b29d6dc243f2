import { scheduledHandler } from '../../../shared/lambda/schedule.js';
import { deadLetterSinkFromEnv } from '../../../shared/messaging/dead-letters.js';
import { JobItems } from '../../../shared/messaging/job-items.js';
import { logger, MetricUnit, metrics } from '../../../shared/observability/index.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import * as z from '../../../shared/zod.js';
import { shredDue } from '../service/privacy.js';
import { setup } from '../setup.js';

/** Daily: crypto-shreds every customer whose erasure was requested and whose retention has ended. */
export function createHandler(runtime: Runtime) {
  const { deps } = setup(runtime);
  // A customer that cannot be shredded goes to this function's DLQ; the run goes on.
  const deadLetters = deadLetterSinkFromEnv(runtime.env);
  return scheduledHandler(z.strictObject({}), async () => {
    const shredded = await shredDue(deps, new JobItems('shred', deadLetters));
    metrics.addMetric('CustomersShredded', MetricUnit.Count, shredded);
    logger.info('Retention shredding finished', { shredded });
    return { shredded };
  });
}

export const handler = createHandler(lambdaRuntime());
