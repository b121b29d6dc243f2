import { scheduledHandler } from '../../../shared/lambda/schedule.js';
import { logger, MetricUnit, metrics } from '../../../shared/observability/index.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import * as z from '../../../shared/zod.js';
import { shredDue } from '../service/privacy.js';
import { setup } from '../setup.js';

/** Daily: crypto-shreds every customer whose erasure was requested and whose retention has ended. */
export function createHandler(runtime: Runtime) {
  const { deps } = setup(runtime);
  return scheduledHandler(z.strictObject({}), async () => {
    const shredded = await shredDue(deps);
    metrics.addMetric('CustomersShredded', MetricUnit.Count, shredded);
    logger.info('Retention shredding finished', { shredded });
    return { shredded };
  });
}

export const handler = createHandler(lambdaRuntime());
