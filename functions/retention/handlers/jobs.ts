import { scheduledHandler } from '../../../shared/lambda/schedule.js';
import { deadLetterSinkFromEnv } from '../../../shared/messaging/dead-letters.js';
import { JobItems } from '../../../shared/messaging/job-items.js';
import { logger, MetricUnit, metrics } from '../../../shared/observability/index.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import * as z from '../../../shared/zod.js';
import { dailyPass } from '../service/daily.js';
import { setup } from '../setup.js';

const jobSchema = z.strictObject({ job: z.enum(['daily', 'uncontacted']) });

/** Leave this much of the function's time unused: the customers in flight must finish. */
const SAFETY_MS = 30_000;

/**
 * The retention capability's scheduled jobs (docs/domain-rules.md §20.4, §20.9):
 * - `daily` (00:15 CST): every customer scored again (service/daily.ts); EMF
 *   `ChurnCustomersRescored` and `ChurnRescoreFailed` (a failed customer is logged by id,
 *   dead-lettered and counted, and the pass goes on);
 * - `uncontacted` (hourly): the open cases whose outreach is past due, as the gauge
 *   `RetentionCasesUncontacted` (alarmed at 1, see the capability definition).
 * Dimension `service` only: no id of a customer, a case or a branch on a metric.
 */
export function createHandler(runtime: Runtime) {
  const deps = setup(runtime);
  const deadLetters = deadLetterSinkFromEnv(runtime.env);
  return scheduledHandler(jobSchema, async ({ job }, context): Promise<Record<string, unknown>> => {
    logger.appendKeys({ job });
    if (job === 'daily') {
      const stillHasTime = () => context.getRemainingTimeInMillis() > SAFETY_MS;
      const run = await dailyPass(deps, stillHasTime, new JobItems('churn-rescore', deadLetters));
      metrics.addMetric('ChurnCustomersRescored', MetricUnit.Count, run.rescored);
      metrics.addMetric('ChurnRescoreFailed', MetricUnit.Count, run.failed);
      logger.info('Daily churn rescoring finished', { ...run });
      return { ...run };
    }
    const uncontacted = await deps.countUncontacted(deps.clock.now());
    metrics.addMetric('RetentionCasesUncontacted', MetricUnit.Count, uncontacted);
    logger.info('Retention cases past their outreach due time counted', { uncontacted });
    return { uncontacted };
  });
}

export const handler = createHandler(lambdaRuntime());
