import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddyfiedHandler } from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import {
  failedMessageIds,
  groupBatch,
  lateRequests,
  type MalformedRequest,
  oldestRequestedAt,
  type RequestGroup,
} from '../coalescing/batch.js';
import { type DeadLetterSink, deadLetterSinkFromEnv } from '../messaging/dead-letters.js';
import { logger } from '../observability/logger.js';
import { metrics } from '../observability/metrics.js';
import type { Env } from '../runtime/runtime.js';
import type { Clock } from '../time/clock.js';
import { errorSummary } from './error-summary.js';
import { withPowertools } from './middleware.js';

/** The metric of requests that waited longer than the work's bound (dimension `work`). */
export const COALESCED_WORK_LATE_METRIC = 'CoalescedWorkLate';

export interface CoalescedWorkOptions {
  /** The coalesced work's id (`CoalescedWorkSpec.id`): the `work` dimension and the dead letters' job. */
  readonly workId: string;
  /**
   * Does `key`'s work once for every request of the batch: it reads the latest state, so it
   * covers each request queued before it. `oldestRequestedAt` is when the longest-waiting of
   * them was made. Throwing fails every request of the key (SQS gives them out again).
   */
  readonly work: (key: string, oldestRequestedAt: Date) => Promise<void>;
  /** The bound a request should wait at most (the spec's `maxDelaySetting`, read at cold start). */
  readonly maxDelaySeconds: number;
  readonly clock: Clock;
  /** Where malformed messages go. Default: the SQS queue in the environment's `DEAD_LETTER_QUEUE_URL`. */
  readonly deadLetters?: DeadLetterSink;
  /** The function's environment (for the default dead-letter sink). */
  readonly env?: Env;
}

/**
 * The handler of a coalesced work's FIFO queue (docs/architecture.md, "Coalesced work"), in the
 * common middleware (correlation id: the invocation's request id). For one batch (up to 10
 * messages, grouped by key in FIFO order):
 * - `work` runs once per key, the keys of the batch at once (SQS never hands out two batches
 *   of one group together, so a key's work never races itself);
 * - requests that waited longer than `maxDelaySeconds` when the batch started are counted as
 *   `CoalescedWorkLate` (dimension `work`);
 * - a message that is not a request goes to the function's dead-letter sink (`REQUEST_INVALID`,
 *   paths and rules only) and is deleted: retrying it could never help;
 * - failures are reported per message (`ReportBatchItemFailures`): every message of a key whose
 *   work threw, and every later message of its group in the batch, so SQS keeps the group's
 *   order; after the queue's receive limit SQS moves them to the queue's dead-letter queue.
 * @example
 *   export const createHandler = (runtime: Runtime) =>
 *     coalescedWorkHandler({ workId: 'Grading', work: (id) => grade(deps, id), maxDelaySeconds, clock: runtime.clock, env: runtime.env });
 */
export function coalescedWorkHandler(
  options: CoalescedWorkOptions,
): MiddyfiedHandler<SQSEvent, SQSBatchResponse> {
  if (!Number.isInteger(options.maxDelaySeconds) || options.maxDelaySeconds < 1) {
    throw new RangeError(`${options.workId}: the longest delay is a whole number of seconds above 0`);
  }
  const deadLetters = options.deadLetters ?? deadLetterSinkFromEnv(options.env);
  return withPowertools<SQSEvent, SQSBatchResponse>(
    async (event) => workBatch(options, deadLetters, event),
    (_event, context) => context.awsRequestId,
  );
}

async function workBatch(
  options: CoalescedWorkOptions,
  deadLetters: DeadLetterSink,
  event: SQSEvent,
): Promise<SQSBatchResponse> {
  const { workId } = options;
  const groups = groupBatch(event.Records);
  const late = lateRequests(groups, options.clock.now(), options.maxDelaySeconds);
  if (late > 0) {
    const metric = metrics.singleMetric();
    metric.addDimension('work', workId);
    metric.addMetric(COALESCED_WORK_LATE_METRIC, MetricUnit.Count, late);
  }
  const undelivered = await deadLetterMalformed(workId, deadLetters, groups);
  const outcomes = await Promise.all(groups.map(async (group) => runGroup(options, group)));
  const failedKeys = new Set(outcomes.filter((outcome) => outcome.failed).map((outcome) => outcome.key));
  const failed = failedMessageIds(groups, failedKeys, undelivered);
  logger.info('Coalesced work batch done', {
    work: workId,
    messages: event.Records.length,
    keys: groups.length,
    late,
    failedKeys: failedKeys.size,
    failedMessages: failed.length,
  });
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
}

async function runGroup(
  options: CoalescedWorkOptions,
  group: RequestGroup,
): Promise<{ key: string; failed: boolean }> {
  const oldest = oldestRequestedAt(group);
  if (oldest === undefined) return { key: group.key, failed: false };
  try {
    await options.work(group.key, oldest);
    return { key: group.key, failed: false };
  } catch (error) {
    // The key is an id (a customer id), never personal data; the error by name and message.
    logger.error('Coalesced work failed; its requests will be given out again', {
      work: options.workId,
      key: group.key,
      ...errorSummary(error),
    });
    return { key: group.key, failed: true };
  }
}

/** Dead-letters each malformed message; returns those that could not be sent (to be retried). */
async function deadLetterMalformed(
  workId: string,
  deadLetters: DeadLetterSink,
  groups: readonly RequestGroup[],
): Promise<Set<string>> {
  const undelivered = new Set<string>();
  const malformed = groups.flatMap((group) =>
    group.messages.filter((message): message is MalformedRequest => message.kind === 'malformed'),
  );
  for (const message of malformed) {
    logger.warn('Not a work request; dead-lettered', {
      work: workId,
      messageId: message.messageId,
      reason: message.reason,
    });
    try {
      await deadLetters.send({
        code: 'REQUEST_INVALID',
        reason: message.reason,
        fields: message.fields,
        event: { job: workId, item: { kind: 'work-request', id: message.messageId } },
      });
    } catch (error) {
      logger.error('A malformed work request could not be dead-lettered; it will be given out again', {
        work: workId,
        messageId: message.messageId,
        ...errorSummary(error),
      });
      undelivered.add(message.messageId);
    }
  }
  return undelivered;
}
