import type { CustomerDeps } from '../../functions/customers/service/deps.js';
import { SHRED_JOB, shredSegment } from '../../functions/customers/service/privacy.js';
import { REVIEW_SCAN_JOB, reviewScanSegment } from '../../functions/customers/service/reviews.js';
import { SENIOR_JOB, seniorsSegment } from '../../functions/customers/service/senior-birthdays.js';
import type { JobItems } from '../../shared/messaging/job-items.js';
import { runPassToEnd } from './pass-runner.js';

/**
 * The customers capability's daily passes run whole, in process, started at the deps' clock:
 * what the pass machine does with the workers, for the tests that need a pass done (the review
 * scan before a review is worked, a shredding before an erased record is read).
 */
const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

/** DailyReviewScan: the reviews opened and restarted, the provisional ones, the items that failed. */
export async function openDueReviews(deps: CustomerDeps, items: JobItems) {
  const runs = await runPassToEnd(
    (input, stillHasTime) => reviewScanSegment(deps, items, input, stillHasTime),
    {
      pass: 'DailyReviewScan',
      job: REVIEW_SCAN_JOB,
      startedAt: deps.clock.now(),
    },
  );
  return {
    opened: sum(runs.map((run) => run.opened)),
    restarted: sum(runs.map((run) => run.restarted)),
    provisional: sum(runs.map((run) => run.provisional)),
    failed: sum(runs.map((run) => run.output.failed)),
  };
}

/** DailyShred: how many customers were shredded. */
export async function shredDue(deps: CustomerDeps, items: JobItems): Promise<number> {
  const runs = await runPassToEnd((input, stillHasTime) => shredSegment(deps, items, input, stillHasTime), {
    pass: 'DailyShred',
    job: SHRED_JOB,
    startedAt: deps.clock.now(),
  });
  return sum(runs.map((run) => run.shredded));
}

/** DailySeniors: how many customers were made senior. */
export async function makeSeniorsOfToday(deps: CustomerDeps, items: JobItems): Promise<number> {
  const runs = await runPassToEnd((input, stillHasTime) => seniorsSegment(deps, items, input, stillHasTime), {
    pass: 'DailySeniors',
    job: SENIOR_JOB,
    startedAt: deps.clock.now(),
  });
  return sum(runs.map((run) => run.madeSenior));
}
