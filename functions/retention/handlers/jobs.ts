import { requiredEnv } from '../../../shared/config/env.js';
import { documentClient } from '../../../shared/dynamodb/client.js';
import { passSegmentHandler } from '../../../shared/lambda/pass-segment.js';
import { deadLetterSinkFromEnv } from '../../../shared/messaging/dead-letters.js';
import { JobItems } from '../../../shared/messaging/job-items.js';
import { logger, MetricUnit, metrics } from '../../../shared/observability/index.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import * as z from '../../../shared/zod.js';
import { CHURN_RESCORE_JOB, dailyPassSegment } from '../service/daily.js';
import { setup } from '../setup.js';
import { DynamoFeaturesSegments } from '../store/features-segments.js';

/**
 * The retention capability's jobs (docs/domain-rules.md §20.4, §20.9):
 * - `churn-rescore`, a segment of the `DailyChurnRescore` pass (00:15 CST, fanned out by the
 *   capability's pass machine): every customer of the segment scored again (service/daily.ts);
 *   a failed customer is logged by id, dead-lettered and counted, and the segment goes on; the
 *   segment hands its cursor back when time runs short and the machine invokes it again;
 *   `PassCustomersProcessed` / `PassCustomersFailed` (dimension `pass`) count them;
 * - `uncontacted` (hourly): the open cases whose outreach is past due, as the gauge
 *   `RetentionCasesUncontacted` (alarmed at 1, see the capability definition).
 * No id of a customer, a case or a branch on a metric.
 */
export function createHandler(runtime: Runtime) {
  const deps = setup(runtime);
  const deadLetters = deadLetterSinkFromEnv(runtime.env);
  const segments = new DynamoFeaturesSegments(documentClient(), requiredEnv(runtime.env, 'RETENTION_TABLE'));
  return passSegmentHandler(
    {
      [CHURN_RESCORE_JOB]: (input, stillHasTime) =>
        dailyPassSegment(deps, segments, new JobItems(CHURN_RESCORE_JOB, deadLetters), input, stillHasTime),
    },
    {
      schema: z.strictObject({ job: z.literal('uncontacted') }),
      run: async () => {
        const uncontacted = await deps.countUncontacted(deps.clock.now());
        metrics.addMetric('RetentionCasesUncontacted', MetricUnit.Count, uncontacted);
        logger.info('Retention cases past their outreach due time counted', { uncontacted });
        return { uncontacted };
      },
    },
  );
}

export const handler = createHandler(lambdaRuntime());
