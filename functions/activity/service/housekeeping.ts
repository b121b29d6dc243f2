import { type DeadLetterSink, deadLetteredEvent } from '../../../shared/messaging/dead-letters.js';
import type { JobItems } from '../../../shared/messaging/job-items.js';
import { SHARDS } from '../store/grading-keys.js';
import type { ActivityDeps } from './deps.js';
import { regradeCustomer } from './grade.js';

/** Stops a long job before the function's time runs out; what is left stays due for the next run. */
export type StillHasTime = () => boolean;

export interface RegradeRun {
  readonly regraded: number;
  readonly changed: number;
  /** Customers whose regrade failed: dead-lettered with the reason, still due for the next run. */
  readonly failed: number;
  /** False when the run stopped for time with customers still due. */
  readonly complete: boolean;
}

/**
 * The daily job: regrades every customer whose `regradeAt` has come, so transitions that
 * only time makes (a month rolling over, dormancy after 180 days, `new` ending after 90)
 * happen without an event. Regrading moves `regradeAt` on, so a customer leaves the index
 * range once done and a run cut short resumes where it stopped. A customer whose regrade fails
 * (a record that cannot be read, a write that keeps failing) is dead-lettered with its reason
 * through `items` and the run goes on with everyone after it.
 */
export async function regradeDue(
  deps: ActivityDeps,
  stillHasTime: StillHasTime,
  items: JobItems,
): Promise<RegradeRun> {
  let regraded = 0;
  let changed = 0;
  const failedBefore = items.failed;
  const run = (complete: boolean): RegradeRun => ({
    regraded,
    changed,
    failed: items.failed - failedBefore,
    complete,
  });
  const now = deps.clock.now();
  for (let shard = 0; shard < SHARDS; shard++) {
    let cursor: Record<string, unknown> | undefined;
    do {
      if (!stillHasTime()) return run(false);
      const page = await deps.grading.dueForRegrade(shard, now, cursor);
      for (const customerId of page.items) {
        const outcome = await items.run({ kind: 'customer', id: customerId }, () =>
          regradeCustomer(deps, customerId),
        );
        if (!outcome.ok) continue;
        if (outcome.value === 'changed') changed++;
        regraded++;
      }
      cursor = page.next;
    } while (cursor !== undefined);
  }
  return run(true);
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
