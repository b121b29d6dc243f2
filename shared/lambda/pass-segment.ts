import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import { parseWith } from '../http/validation.js';
import { logger } from '../observability/logger.js';
import { metrics } from '../observability/metrics.js';
import { type PassSegmentInput, type PassSegmentOutput, passSegmentInputSchema } from '../passes/segment.js';
import type * as z from '../zod.js';
import { withPowertools } from './middleware.js';

/** False once the invocation must stop and hand its cursor back to the pass machine. */
export type StillHasTime = () => boolean;

/** One job's segment worker: works a segment from `input.cursor` while `stillHasTime()`. */
export type PassWorker = (input: PassSegmentInput, stillHasTime: StillHasTime) => Promise<PassSegmentOutput>;

/** The other scheduled jobs of a function that also serves pass segments. */
export interface ScheduledJobs<I, R> {
  readonly schema: z.core.$ZodType<I>;
  readonly run: (input: I, context: Context) => Promise<R>;
}

export interface PassSegmentHandlerOptions {
  /**
   * Time left to the function's timeout under which a worker starts no new page (default 30 s):
   * a page once started is finished, so this must exceed the longest page.
   */
  readonly safetyMs?: number;
}

/** A segment input naming a job this function does not serve: a wiring defect, never retried into success. */
export class UnknownPassJobError extends Error {
  override readonly name = 'UnknownPassJobError';
  constructor(job: string) {
    super(`This function serves no pass job named ${job}`);
  }
}

const DEFAULT_SAFETY_MS = 30_000;

/**
 * The handler of a pass machine's segment task (docs/architecture.md, "Passes"): the input
 * validated as a `PassSegmentInput` (strict: ids, counts and the cursor only), then the
 * worker of its `job`, given `stillHasTime` from the invocation's remaining time; the worker's
 * counts are logged and emitted as `PassCustomersProcessed` and `PassCustomersFailed`
 * (dimension `pass`), and its output (with the cursor to go on from, if any) returned to the
 * machine. A malformed input or an unknown job fails the invocation, which the machine's
 * Catch records as a failed segment.
 *
 * A function that also runs other scheduled jobs passes them as `scheduled`: an input shaped
 * like a segment (it has `segment`) goes to the pass workers, any other to `scheduled`.
 * @example export const handler = passSegmentHandler({ regrade: (input, stillHasTime) => regradeSegment(deps, input, stillHasTime) });
 */
export function passSegmentHandler<I = never, R = never>(
  workers: Readonly<Record<string, PassWorker>>,
  scheduled?: ScheduledJobs<I, R>,
  options: PassSegmentHandlerOptions = {},
): MiddyfiedHandler<unknown, PassSegmentOutput | R> {
  const safetyMs = options.safetyMs ?? DEFAULT_SAFETY_MS;
  return withPowertools<unknown, PassSegmentOutput | R>(
    async (event, context) => {
      if (scheduled !== undefined && !isSegmentShaped(event)) {
        return scheduled.run(parseWith(scheduled.schema, event ?? {}, 'body'), context);
      }
      const input = parseWith(passSegmentInputSchema, event, 'body');
      return runSegmentInvocation(workers, input, () => context.getRemainingTimeInMillis() > safetyMs);
    },
    (_event, context) => context.awsRequestId,
  );
}

async function runSegmentInvocation(
  workers: Readonly<Record<string, PassWorker>>,
  input: PassSegmentInput,
  stillHasTime: StillHasTime,
): Promise<PassSegmentOutput> {
  const worker = Object.hasOwn(workers, input.job) ? workers[input.job] : undefined;
  if (worker === undefined) throw new UnknownPassJobError(input.job);
  const where = {
    pass: input.pass,
    job: input.job,
    segment: input.segment,
    totalSegments: input.totalSegments,
    resumed: input.cursor !== undefined,
  };
  logger.appendKeys(where);
  const output = await worker(input, stillHasTime);
  logger.info('Pass segment invocation finished', {
    processed: output.processed,
    failed: output.failed,
    more: output.cursor !== undefined,
  });
  countPerPass('PassCustomersProcessed', input.pass, output.processed);
  countPerPass('PassCustomersFailed', input.pass, output.failed);
  return output.cursor === undefined
    ? { processed: output.processed, failed: output.failed }
    : { processed: output.processed, failed: output.failed, cursor: output.cursor };
}

/** One data point with the pass as its only extra dimension (a single metric is flushed at once, dimensions and all). */
function countPerPass(name: string, pass: string, value: number): void {
  const metric = metrics.singleMetric();
  metric.addDimension('pass', pass);
  metric.addMetric(name, MetricUnit.Count, value);
}

function isSegmentShaped(event: unknown): boolean {
  return typeof event === 'object' && event !== null && 'segment' in event;
}
