import type { JobItems } from '../../../shared/messaging/job-items.js';
import {
  type PassSegmentInput,
  type PassSegmentOutput,
  runSegment,
  type SegmentPage,
} from '../../../shared/passes/segment.js';
import type { ScoringDeps } from './deps.js';
import { rescoreCustomer } from './rescore.js';

/** The job name of the daily churn rescoring in the pass's segment input. */
export const CHURN_RESCORE_JOB = 'churn-rescore';

/** Where the daily pass finds its customers: one segment of the whole book at a time. */
export interface FeaturesSegments {
  /** The next page of customer ids of the segment from `cursor` (undefined: its start). */
  page(
    segment: { readonly segment: number; readonly totalSegments: number },
    cursor: string | undefined,
    limit: number,
  ): Promise<SegmentPage<string>>;
}

export interface DailyPassOptions {
  /** Customers scored at once (each is a few reads and one transaction). */
  readonly concurrency?: number;
  /** Items read per page of the segment's scan. */
  readonly pageSize?: number;
}

/** Default customers scored at once: enough to hide latency, well below the table's capacity. */
export const DAILY_CONCURRENCY = 8;
const DAILY_PAGE_SIZE = 100;

/**
 * One segment of the daily pass (docs/domain-rules.md §20.4): every customer of the segment
 * with features scored again, so the time-driven signals (inactivity, maturities, recent
 * complaints and surveys ageing out) move the score without an event and no stored score is
 * more than a day behind its customer. A score that did not move is not written
 * (service/rescore.ts `unchangedScore`): most customers cost the pass two reads and no write.
 * The pass machine runs the segments in parallel and hands each its cursor back until it is
 * done (shared/passes/segment.ts). A customer whose rescore fails is recorded
 * through `items` (logged by id, dead-lettered, counted) and the segment goes on; an erased or
 * unregistered customer is counted as processed and nothing is written.
 *
 * The score is computed at the moment of scoring, not at the pass's `startedAt`: every customer
 * is in the pass whatever the time, so the start decides nothing here, and a score never goes
 * back behind what an event's rescore wrote a moment earlier.
 */
export function dailyPassSegment(
  deps: ScoringDeps,
  segments: FeaturesSegments,
  items: JobItems,
  input: PassSegmentInput,
  stillHasTime: () => boolean,
  options: DailyPassOptions = {},
): Promise<PassSegmentOutput> {
  const pageSize = options.pageSize ?? DAILY_PAGE_SIZE;
  return runSegment({
    input,
    page: (cursor) => segments.page(input, cursor, pageSize),
    process: async (customerId) => {
      await rescoreCustomer(deps, customerId);
    },
    itemOf: (customerId) => ({ kind: 'customer', id: customerId }),
    items,
    concurrency: options.concurrency ?? DAILY_CONCURRENCY,
    stillHasTime,
  });
}
