import { type DeadLetterSink, deadLetteredEvent } from '../../../shared/messaging/dead-letters.js';
import type { JobItems } from '../../../shared/messaging/job-items.js';
import { type PassSegmentInput, type PassSegmentOutput, runSegment } from '../../../shared/passes/segment.js';
import { SHARDS } from '../store/grading-keys.js';
import { regradePages } from '../store/regrade-pages.js';
import type { ActivityDeps } from './deps.js';
import { regradeCustomer } from './grade.js';

/** Stops a long job before the function's time runs out; what is left stays due for the next run. */
export type StillHasTime = () => boolean;

/**
 * Customers of a page regraded at once by one worker. Each regrade is a few round trips
 * (the customer's partition, then one transaction when something changed), so a worker
 * waits on DynamoDB most of the time; 16 at once keeps it busy without making one page a
 * burst on its index partition (bench/passes.ts measures the rate it gives).
 */
export const REGRADE_CONCURRENCY = 16;

export interface RegradeRun {
  readonly regraded: number;
  readonly changed: number;
  /** Customers whose regrade failed: dead-lettered with the reason, still due for the next run. */
  readonly failed: number;
  /** False when the run stopped for time with customers still due. */
  readonly complete: boolean;
}

/**
 * One segment of the daily regrade pass (docs/architecture.md, "Passes"): regrades every
 * customer of the segment's shards of the regrade index whose `regradeAt` has come by the
 * pass's start (`input.startedAt`, the same instant for every segment however long the pass
 * takes), so transitions that only time makes (a month rolling over, dormancy after 180 days,
 * `new` ending after 90) happen without an event. Regrading moves `regradeAt` on, so a
 * customer leaves the index range once done. A customer whose regrade fails (a record that
 * cannot be read, a write that keeps failing) is dead-lettered with its reason through `items`
 * and the segment goes on. When time runs short the output carries the cursor to go on from.
 */
export async function regradeSegment(
  deps: ActivityDeps,
  input: PassSegmentInput,
  stillHasTime: StillHasTime,
  items: JobItems,
): Promise<PassSegmentOutput> {
  return (await regradeOver(deps, input, stillHasTime, items)).output;
}

/**
 * The whole regrade as one segment, due as of now: every customer due, until done or time runs
 * short (what the pass machine does over its segments, in one call).
 */
export async function regradeDue(
  deps: ActivityDeps,
  stillHasTime: StillHasTime,
  items: JobItems,
): Promise<RegradeRun> {
  const input: PassSegmentInput = {
    pass: 'DailyRegrade',
    job: 'regrade',
    segment: 0,
    totalSegments: 1,
    startedAt: deps.clock.now().toISOString(),
  };
  const { output, changed } = await regradeOver(deps, input, stillHasTime, items);
  return {
    regraded: output.processed - output.failed,
    changed,
    failed: output.failed,
    complete: output.cursor === undefined,
  };
}

async function regradeOver(
  deps: ActivityDeps,
  input: PassSegmentInput,
  stillHasTime: StillHasTime,
  items: JobItems,
): Promise<{ output: PassSegmentOutput; changed: number }> {
  let changed = 0;
  const output = await runSegment<string>({
    input,
    page: regradePages(deps.grading, input.segment, input.totalSegments, new Date(input.startedAt)),
    process: async (customerId) => {
      if ((await regradeCustomer(deps, customerId)) === 'changed') changed += 1;
    },
    itemOf: (customerId) => ({ kind: 'customer', id: customerId }),
    items,
    concurrency: REGRADE_CONCURRENCY,
    stillHasTime,
  });
  return { output, changed };
}

/**
 * Sends the events parked longer than the configured time to the dead-letter queue (with
 * CUSTOMER_UNKNOWN) and removes them. Sent before removed: a failure in between sends the
 * event twice rather than losing it. One event that cannot be sent or removed is recorded
 * through `items` and stays parked for the next run; the others go on.
 */
export async function expireParked(
  deps: ActivityDeps,
  deadLetters: DeadLetterSink,
  items: JobItems,
): Promise<number> {
  const now = deps.clock.now();
  let expired = 0;
  for (let shard = 0; shard < SHARDS; shard++) {
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await deps.grading.expiredParked(shard, now, cursor);
      for (const parked of page.items) {
        const outcome = await items.run({ kind: 'parked-event', id: parked.key }, async () => {
          await deadLetters.send({
            code: 'CUSTOMER_UNKNOWN',
            reason: `No customer with this customerId was registered within ${deps.parkingHours} hours`,
            fields: ['customerId'],
            event: deadLetteredEvent(parked.event),
          });
          await deps.grading.unpark(parked.customerId, parked.key);
        });
        if (outcome.ok) expired++;
      }
      cursor = page.next;
    } while (cursor !== undefined);
  }
  return expired;
}
