import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { scheduledHandler } from '../../../shared/lambda/schedule.js';
import { deadLetterSinkFromEnv } from '../../../shared/messaging/dead-letters.js';
import { JobItems } from '../../../shared/messaging/job-items.js';
import { logger } from '../../../shared/observability/logger.js';
import { metrics } from '../../../shared/observability/metrics.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import * as z from '../../../shared/zod.js';
import { expireParked, regradeDue } from '../service/housekeeping.js';
import { setup } from '../setup.js';

const jobSchema = z.strictObject({ job: z.enum(['regrade', 'expire-parked']) });

/** Leave this much of the function's time unused: a regrade in flight must finish. */
const SAFETY_MS = 30_000;

/**
 * The capability's scheduled jobs: `regrade` (daily: time-driven transitions such as
 * dormancy) and `expire-parked` (hourly: events whose customer never registered go to the DLQ).
 * Each customer or event is processed on its own: one that fails goes to the DLQ with its
 * reason (`JobItems`) and the run goes on.
 */
export function createHandler(runtime: Runtime) {
  const { deps } = setup(runtime);
  const deadLetters = deadLetterSinkFromEnv(runtime.env);
  return scheduledHandler(jobSchema, async ({ job }, context): Promise<Record<string, unknown>> => {
    logger.appendKeys({ job });
    if (job === 'regrade') {
      const stillHasTime = () => context.getRemainingTimeInMillis() > SAFETY_MS;
      const run = await regradeDue(deps, stillHasTime, new JobItems('regrade', deadLetters));
      logger.info('Regrade run finished', { ...run });
      return { ...run };
    }
    const expired = await expireParked(deps, deadLetters, new JobItems('expire-parked', deadLetters));
    logger.info('Parked events expired', { expired });
    // Each one is an event lost to the aggregates until someone redrives it from the DLQ.
    if (expired > 0) metrics.addMetric('ParkedEventsExpired', MetricUnit.Count, expired);
    return { expired };
  });
}

export const handler = createHandler(lambdaRuntime());
