import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { deadLetterSinkFromEnv } from '../../../shared/messaging/dead-letters.js';
import { logger } from '../../../shared/observability/logger.js';
import { metrics } from '../../../shared/observability/metrics.js';
import * as z from '../../../shared/zod.js';
import { activityRuntimeFromEnv } from '../runtime.js';
import { expireParked, regradeDue } from '../service/housekeeping.js';

const { deps } = activityRuntimeFromEnv(process.env);
const deadLetters = deadLetterSinkFromEnv(process.env);

const jobSchema = z.strictObject({ job: z.enum(['regrade', 'expire-parked']) });

/** Leave this much of the function's time unused: a regrade in flight must finish. */
const SAFETY_MS = 30_000;

interface LambdaContextLike {
  getRemainingTimeInMillis?: () => number;
}

/**
 * The capability's scheduled jobs: `regrade` (daily: time-driven transitions such as
 * dormancy) and `expire-parked` (hourly: events whose customer never registered go to the DLQ).
 */
export async function handler(event: unknown, context?: LambdaContextLike): Promise<Record<string, unknown>> {
  const { job } = jobSchema.parse(event);
  logger.appendKeys({ job });
  if (job === 'regrade') {
    const stillHasTime = () =>
      (context?.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY) > SAFETY_MS;
    const run = await regradeDue(deps, stillHasTime);
    logger.info('Regrade run finished', { ...run });
    return { ...run };
  }
  const expired = await expireParked(deps, deadLetters);
  logger.info('Parked events expired', { expired });
  if (expired > 0) {
    // Each one is an event lost to the aggregates until someone redrives it from the DLQ.
    metrics.addMetric('ParkedEventsExpired', MetricUnit.Count, expired);
    metrics.publishStoredMetrics();
  }
  return { expired };
}
