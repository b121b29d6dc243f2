import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { passSegmentHandler } from '../../../shared/lambda/pass-segment.js';
import { deadLetterSinkFromEnv } from '../../../shared/messaging/dead-letters.js';
import { JobItems } from '../../../shared/messaging/job-items.js';
import { logger } from '../../../shared/observability/logger.js';
import { metrics } from '../../../shared/observability/metrics.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import * as z from '../../../shared/zod.js';
import { expireParked, regradeSegment } from '../service/housekeeping.js';
import { setup } from '../setup.js';

const scheduledJobSchema = z.strictObject({ job: z.literal('expire-parked') });

/**
 * The capability's jobs: the segments of the `DailyRegrade` pass (time-driven transitions such
 * as dormancy; the pass machine hands each segment here, again with its cursor until done) and
 * the hourly `expire-parked` schedule (events whose customer never registered go to the DLQ).
 * Each customer or event is processed on its own: one that fails goes to the DLQ with its
 * reason (`JobItems`) and the run goes on.
 */
export function createHandler(runtime: Runtime) {
  const { deps } = setup(runtime);
  const deadLetters = deadLetterSinkFromEnv(runtime.env);
  return passSegmentHandler(
    {
      regrade: (input, stillHasTime) =>
        regradeSegment(deps, input, stillHasTime, new JobItems('regrade', deadLetters)),
    },
    {
      schema: scheduledJobSchema,
      run: async () => {
        logger.appendKeys({ job: 'expire-parked' });
        const expired = await expireParked(deps, deadLetters, new JobItems('expire-parked', deadLetters));
        logger.info('Parked events expired', { expired });
        // Each one is an event lost to the aggregates until someone redrives it from the DLQ.
        if (expired > 0) metrics.addMetric('ParkedEventsExpired', MetricUnit.Count, expired);
        return { expired };
      },
    },
  );
}

export const handler = createHandler(lambdaRuntime());
