import { scheduledHandler } from '../../../shared/lambda/schedule.js';
import { deadLetterSinkFromEnv } from '../../../shared/messaging/dead-letters.js';
import { JobItems } from '../../../shared/messaging/job-items.js';
import { logger, MetricUnit, metrics } from '../../../shared/observability/index.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import * as z from '../../../shared/zod.js';
import { shredDue } from '../service/privacy.js';
import { makeSeniorsOfToday } from '../service/senior-birthdays.js';
import { setup } from '../setup.js';
import { blindIndexKeyOnly } from '../setup-blind-index-key.js';

/**
 * Which daily job a schedule runs: `shred` (the DailyShred schedule; also a schedule without
 * input, as DailyShred had before it named its job) or `senior` (DailySeniors).
 */
const jobSchema = z.strictObject({ job: z._default(z.enum(['shred', 'senior']), 'shred') });

/**
 * The customers' daily record jobs, one function for both (each function costs CloudFormation
 * resources): `shred` crypto-shreds every customer whose erasure was requested and whose
 * retention has ended; `senior` makes senior the customers turning SENIOR_AGE today
 * (docs/domain-rules.md §19.3). A customer that fails goes to this function's DLQ; the run
 * goes on.
 */
export function createHandler(runtime: Runtime) {
  const { deps } = setup(runtime, { keys: blindIndexKeyOnly });
  const deadLetters = deadLetterSinkFromEnv(runtime.env);
  return scheduledHandler(jobSchema, async ({ job }): Promise<Record<string, number>> => {
    logger.appendKeys({ job });
    if (job === 'senior') {
      const madeSenior = await makeSeniorsOfToday(deps, new JobItems('senior', deadLetters));
      metrics.addMetric('CustomersMadeSenior', MetricUnit.Count, madeSenior);
      logger.info('Senior birthdays finished', { madeSenior });
      return { madeSenior };
    }
    const shredded = await shredDue(deps, new JobItems('shred', deadLetters));
    metrics.addMetric('CustomersShredded', MetricUnit.Count, shredded);
    logger.info('Retention shredding finished', { shredded });
    return { shredded };
  });
}

export const handler = createHandler(lambdaRuntime());
