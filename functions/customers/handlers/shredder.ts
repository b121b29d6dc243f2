import { passSegmentHandler } from '../../../shared/lambda/pass-segment.js';
import { deadLetterSinkFromEnv } from '../../../shared/messaging/dead-letters.js';
import { JobItems } from '../../../shared/messaging/job-items.js';
import { logger, MetricUnit, metrics } from '../../../shared/observability/index.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import { SHRED_JOB, shredSegment } from '../service/privacy.js';
import { SENIOR_JOB, seniorsSegment } from '../service/senior-birthdays.js';
import { setup } from '../setup.js';
import { blindIndexKeyOnly } from '../setup-blind-index-key.js';

/**
 * The customers' daily record jobs, one function for both passes (each function costs
 * CloudFormation resources): `shred` (DailyShred) crypto-shreds every customer whose erasure
 * was requested and whose retention has ended; `senior` (DailySeniors) makes senior the
 * customers turning SENIOR_AGE that day (docs/domain-rules.md §19.3). A customer that fails
 * goes to this function's DLQ; the segment goes on.
 */
export function createHandler(runtime: Runtime) {
  const { deps } = setup(runtime, { keys: blindIndexKeyOnly });
  const deadLetters = deadLetterSinkFromEnv(runtime.env);
  return passSegmentHandler({
    [SHRED_JOB]: async (input, stillHasTime) => {
      const run = await shredSegment(deps, new JobItems(SHRED_JOB, deadLetters), input, stillHasTime);
      metrics.addMetric('CustomersShredded', MetricUnit.Count, run.shredded);
      logger.info('Retention shredding invocation finished', { shredded: run.shredded });
      return run.output;
    },
    [SENIOR_JOB]: async (input, stillHasTime) => {
      const run = await seniorsSegment(deps, new JobItems(SENIOR_JOB, deadLetters), input, stillHasTime);
      metrics.addMetric('CustomersMadeSenior', MetricUnit.Count, run.madeSenior);
      logger.info('Senior birthdays invocation finished', { madeSenior: run.madeSenior });
      return run.output;
    },
  });
}

export const handler = createHandler(lambdaRuntime());
