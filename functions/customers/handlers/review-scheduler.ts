import { passSegmentHandler } from '../../../shared/lambda/pass-segment.js';
import { deadLetterSinkFromEnv } from '../../../shared/messaging/dead-letters.js';
import { JobItems } from '../../../shared/messaging/job-items.js';
import { logger, MetricUnit, metrics } from '../../../shared/observability/index.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import { REVIEW_SCAN_JOB, reviewScanSegment } from '../service/reviews.js';
import { setup } from '../setup.js';
import { stepFunctions } from '../setup-workflows.js';

/**
 * The DailyReviewScan pass's worker: opens a periodic information review for every customer
 * that is due, and starts again the reviews whose workflow start was lost (service/reviews.ts).
 * Reviews opened with a provisional deadline are counted as `ProvisionalDeadlines`.
 */
export function createHandler(runtime: Runtime) {
  const { deps } = setup(runtime, { workflows: stepFunctions });
  // A customer whose review cannot be opened goes to this function's DLQ; the scan goes on.
  const deadLetters = deadLetterSinkFromEnv(runtime.env);
  return passSegmentHandler({
    [REVIEW_SCAN_JOB]: async (input, stillHasTime) => {
      const run = await reviewScanSegment(
        deps,
        new JobItems(REVIEW_SCAN_JOB, deadLetters),
        input,
        stillHasTime,
      );
      metrics.addMetric('ReviewsOpened', MetricUnit.Count, run.opened);
      metrics.addMetric('ReviewWorkflowsRestarted', MetricUnit.Count, run.restarted);
      // An SLA-breach metric (alarmed at the first): a deadline counted over a year without
      // calendar data may be wrong by a holiday. Counted until an admin loads the year.
      if (run.provisional > 0) metrics.addMetric('ProvisionalDeadlines', MetricUnit.Count, run.provisional);
      logger.info('Periodic review scan invocation finished', {
        opened: run.opened,
        restarted: run.restarted,
        provisional: run.provisional,
      });
      return run.output;
    },
  });
}

export const handler = createHandler(lambdaRuntime());
