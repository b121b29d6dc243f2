import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { CorruptItemError } from '../dynamodb/items.js';
import { logger } from '../observability/logger.js';
import { metrics } from '../observability/metrics.js';
import type { DeadLetterSink, FailedJobItem, JobItem } from './dead-letters.js';
import { type DeadLetterCode, UnprocessableEventError } from './rejection.js';

/** The code and reason of an item's failure: fields, rules and error names, never values. */
export function jobItemFailure(error: unknown): { code: DeadLetterCode; reason: string } {
  if (error instanceof UnprocessableEventError) return { code: error.code, reason: error.reason };
  if (error instanceof CorruptItemError) return { code: 'RECORD_UNREADABLE', reason: error.message };
  // The name only: an error's message may quote the values it met.
  return { code: 'JOB_ITEM_FAILED', reason: error instanceof Error ? error.name : 'Error' };
}

/**
 * Runs each item of one run of a per-item job (a customer to regrade, a review to open) so
 * that one item's failure never stops the others (docs/operations.md §5): the failure goes to
 * the dead-letter sink as `{code, reason, event: {job, item}}`, is logged (ids, code and
 * reason) and counted as `JobItemsFailed` (dimension `job`), and the run goes on. The item is
 * left as it was, so a job that picks due items picks it again next run. A dead letter that
 * cannot be sent is logged as an error and the run still goes on: one broken queue must not
 * leave every later customer unprocessed.
 * @example
 *   const items = new JobItems('regrade', deadLetters);
 *   for (const id of due) await items.run({ kind: 'customer', id }, () => regradeCustomer(deps, id));
 */
export class JobItems {
  private failures = 0;

  constructor(
    readonly job: string,
    private readonly deadLetters: DeadLetterSink,
  ) {}

  /** Items of this run that failed so far. */
  get failed(): number {
    return this.failures;
  }

  /** `work`'s result, or `{ failed: true }` when it threw (recorded as above). */
  async run<T>(item: JobItem, work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
    try {
      return { ok: true, value: await work() };
    } catch (error) {
      this.failures += 1;
      await this.record(item, error);
      return { ok: false };
    }
  }

  private async record(item: JobItem, error: unknown): Promise<void> {
    const { code, reason } = jobItemFailure(error);
    const event: FailedJobItem = { job: this.job, item };
    logger.warn('Job item failed and dead-lettered; the run goes on', {
      job: this.job,
      itemKind: item.kind,
      itemId: item.id,
      code,
      reason,
    });
    const failed = metrics.singleMetric();
    failed.addDimension('job', this.job);
    failed.addMetric('JobItemsFailed', MetricUnit.Count, 1);
    try {
      await this.deadLetters.send({ code, reason, fields: [], event });
    } catch (sinkError) {
      logger.error('A failed job item could not be dead-lettered', {
        job: this.job,
        itemKind: item.kind,
        itemId: item.id,
        code,
        errorName: sinkError instanceof Error ? sinkError.name : 'Error',
      });
    }
  }
}
