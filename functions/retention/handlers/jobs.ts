import { requiredEnv } from '../../../shared/config/env.js';
import { documentClient } from '../../../shared/dynamodb/client.js';
import { scheduledHandler } from '../../../shared/lambda/schedule.js';
import { deadLetterSinkFromEnv } from '../../../shared/messaging/dead-letters.js';
import { JobItems } from '../../../shared/messaging/job-items.js';
import { logger, MetricUnit, metrics } from '../../../shared/observability/index.js';
import { passSegmentInputSchema } from '../../../shared/passes/segment.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import * as z from '../../../shared/zod.js';
import { CHURN_RESCORE_JOB, dailyPassSegment } from '../service/daily.js';
import { setup } from '../setup.js';
import { DynamoFeaturesSegments } from '../store/features-segments.js';

/** A segment of the daily pass (from the pass machine), or the hourly count (from its schedule). */
const inputSchema = z.union([passSegmentInputSchema, z.strictObject({ job: z.literal('uncontacted') })]);

/** Leave this much of the function's time unused: the customers in flight must finish. */
const SAFETY_MS = 30_000;

/**
 * The retention capability's jobs (docs/domain-rules.md §20.4, §20.9):
 * - a segment of the `DailyChurnRescore` pass (00:15 CST, fanned out by the capability's pass
 *   machine): every customer of the segment scored again (service/daily.ts); a failed customer
 *   is logged by id, dead-lettered and counted, and the segment goes on; the segment returns its
 *   cursor when time runs short and the machine invokes it again from there;
 * - `uncontacted` (hourly): the open cases whose outreach is past due, as the gauge
 *   `RetentionCasesUncontacted` (alarmed at 1, see the capability definition).
 * Dimension `service` only: no id of a customer, a case or a branch on a metric.
 */
export function createHandler(runtime: Runtime) {
  const deps = setup(runtime);
  const deadLetters = deadLetterSinkFromEnv(runtime.env);
  const segments = new DynamoFeaturesSegments(documentClient(), requiredEnv(runtime.env, 'RETENTION_TABLE'));
  return scheduledHandler(inputSchema, async (input, context): Promise<Record<string, unknown>> => {
    logger.appendKeys({ job: input.job });
    if ('pass' in input) {
      if (input.job !== CHURN_RESCORE_JOB) throw new Error('Unknown pass job');
      const stillHasTime = () => context.getRemainingTimeInMillis() > SAFETY_MS;
      const run = await dailyPassSegment(
        deps,
        segments,
        new JobItems(CHURN_RESCORE_JOB, deadLetters),
        input,
        stillHasTime,
      );
      metrics.addMetric('ChurnCustomersRescored', MetricUnit.Count, run.processed - run.failed);
      metrics.addMetric('ChurnRescoreFailed', MetricUnit.Count, run.failed);
      logger.info('Daily churn rescoring segment worked', {
        segment: input.segment,
        totalSegments: input.totalSegments,
        processed: run.processed,
        failed: run.failed,
        done: run.cursor === undefined,
      });
      return { ...run };
    }
    const uncontacted = await deps.countUncontacted(deps.clock.now());
    metrics.addMetric('RetentionCasesUncontacted', MetricUnit.Count, uncontacted);
    logger.info('Retention cases past their outreach due time counted', { uncontacted });
    return { uncontacted };
  });
}

export const handler = createHandler(lambdaRuntime());
