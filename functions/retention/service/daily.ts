import type { JobItems } from '../../../shared/messaging/job-items.js';
import type { ScoringDeps } from './deps.js';
import { rescoreCustomer } from './rescore.js';

/** Stops a long job before the function's time runs out. */
export type StillHasTime = () => boolean;

export interface DailyPassOptions {
  /** Customers scored at once (each is a few reads and one transaction). */
  readonly concurrency?: number;
  /** Customers read per page of the byEntity index. */
  readonly pageSize?: number;
}

/** Default customers scored at once: enough to hide latency, well below the table's capacity. */
export const DAILY_CONCURRENCY = 8;
const DAILY_PAGE_SIZE = 100;

export interface DailyPassRun {
  /** Customers scored (and written). */
  readonly rescored: number;
  /** Customers not scored: erased, or not registered yet (no branch). */
  readonly skipped: number;
  /** Customers whose rescore failed: logged by id, dead-lettered, counted; the pass went on. */
  readonly failed: number;
  /** False when the run stopped for time with customers left (they keep yesterday's score). */
  readonly complete: boolean;
}

/** Runs `work` over `items` with at most `concurrency` at once. */
async function eachBounded<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      const item = items[index];
      if (item !== undefined) await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/**
 * The daily pass (docs/domain-rules.md §20.4): every customer with features (byEntity FEATURES,
 * page by page) scored again now, so the time-driven signals (inactivity, maturities, recent
 * complaints and surveys ageing out) move the score without an event and no score is older than
 * one day. Bounded concurrency; a customer whose rescore fails is recorded through `items`
 * (logged by id, dead-lettered, counted) and the pass goes on with everyone else.
 */
export async function dailyPass(
  deps: ScoringDeps,
  stillHasTime: StillHasTime,
  items: JobItems,
  options: DailyPassOptions = {},
): Promise<DailyPassRun> {
  const concurrency = options.concurrency ?? DAILY_CONCURRENCY;
  const pageSize = options.pageSize ?? DAILY_PAGE_SIZE;
  let rescored = 0;
  let skipped = 0;
  const failedBefore = items.failed;
  const run = (complete: boolean): DailyPassRun => ({
    rescored,
    skipped,
    failed: items.failed - failedBefore,
    complete,
  });
  let cursor: Record<string, unknown> | undefined;
  do {
    if (!stillHasTime()) return run(false);
    const page = await deps.scoring.featuresPage(cursor, pageSize);
    await eachBounded(page.customerIds, concurrency, async (customerId) => {
      const outcome = await items.run({ kind: 'customer', id: customerId }, () =>
        rescoreCustomer(deps, customerId),
      );
      if (!outcome.ok) return;
      if (outcome.value === undefined) skipped += 1;
      else rescored += 1;
    });
    cursor = page.next;
  } while (cursor !== undefined);
  return run(true);
}
