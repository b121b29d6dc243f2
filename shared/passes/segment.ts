import type { JobItem } from '../messaging/dead-letters.js';
import type { JobItems } from '../messaging/job-items.js';
import * as z from '../zod.js';

/**
 * One segment of a per-customer pass (docs/architecture.md, "Passes"): what the pass machine's
 * Distributed Map gives the capability's worker function for each segment, again with the
 * `cursor` the worker returned until it returns none. `startedAt` is the execution's start, so
 * every segment works "as of" the same instant however long the pass takes.
 */
export const passSegmentInputSchema = z.strictObject({
  pass: z.string().check(z.minLength(1), z.maxLength(64)),
  job: z.string().check(z.minLength(1), z.maxLength(64)),
  segment: z.number().check(z.int(), z.gte(0), z.lte(999)),
  totalSegments: z.number().check(z.int(), z.gte(1), z.lte(1000)),
  startedAt: z.iso.datetime({ offset: true }),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(4096))),
});

export type PassSegmentInput = z.infer<typeof passSegmentInputSchema>;

/** What the worker returns: counts for the logs and metrics, and where to go on (absent: done). */
export interface PassSegmentOutput {
  readonly processed: number;
  readonly failed: number;
  readonly cursor?: string;
}

/** One page of a segment's keys (a parallel scan's segment, or a due index's shards). */
export interface SegmentPage<K> {
  readonly keys: readonly K[];
  readonly cursor?: string;
}

export interface SegmentRun<K> {
  readonly input: PassSegmentInput;
  /** The next page of the segment from `cursor` (undefined: its start). */
  readonly page: (cursor: string | undefined) => Promise<SegmentPage<K>>;
  /** Processes one key; a throw is recorded by `items` (dead-lettered) and the segment goes on. */
  readonly process: (key: K) => Promise<void>;
  readonly itemOf: (key: K) => JobItem;
  readonly items: JobItems;
  /** Keys processed at once within the page. */
  readonly concurrency: number;
  /** False when the invocation must stop and hand its cursor back (time left below a margin). */
  readonly stillHasTime: () => boolean;
}

/**
 * Runs one segment page by page, `concurrency` keys at a time, until the segment ends or time
 * runs short; then returns the cursor of the first page not yet started. A page is always
 * finished once started, so a cursor never skips a key; a key may be processed twice only when
 * an invocation is retried, which every pass's work tolerates (it is idempotent).
 */
export async function runSegment<K>(run: SegmentRun<K>): Promise<PassSegmentOutput> {
  let cursor = run.input.cursor;
  let processed = 0;
  const failedBefore = run.items.failed;
  do {
    if (processed > 0 && !run.stillHasTime()) {
      return { processed, failed: run.items.failed - failedBefore, ...(cursor ? { cursor } : {}) };
    }
    const page = await run.page(cursor);
    await eachBounded(page.keys, run.concurrency, async (key) => {
      await run.items.run(run.itemOf(key), () => run.process(key));
    });
    processed += page.keys.length;
    cursor = page.cursor;
  } while (cursor !== undefined);
  return { processed, failed: run.items.failed - failedBefore };
}

/** Runs `work` over `items` with at most `concurrency` at once (never throws: `work` records its own failures). */
export async function eachBounded<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(0, Math.min(concurrency, items.length)) }, worker));
}
