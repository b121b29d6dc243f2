import type { JobItems } from '../../../shared/messaging/job-items.js';
import type { WorkingDayCalendar } from '../../../shared/time/calendar.js';
import { mirroredCalendar } from '../../../shared/time/calendar-mirror.js';
import { isProvisionalFor, recountReviewDeadlines, sameDeadlines } from '../domain/review-deadlines.js';
import type { ReviewRecord, ReviewStatus } from '../store/review-store.js';
import type { CustomerDeps } from './deps.js';

/** What a recount needs: no keys, no customer records. */
export type RecountDeps = Pick<CustomerDeps, 'reviews' | 'calendarMirror' | 'policies' | 'workflows'>;

export interface RecountResult {
  /** Waiting reviews whose deadlines were provisional for the year. */
  readonly candidates: number;
  /** Of those, the ones whose deadlines or flags changed and were stored. */
  readonly recounted: number;
  /** Of those, the ones whose waiting workflow step was told to wait anew. */
  readonly retimed: number;
}

/** The statuses in which a workflow step waits on a review's deadline. */
const WAITING: readonly ReviewStatus[] = ['open', 'escalated'];
const PAGE_SIZE = 100;
/** How often one review is read again when it moved between the read and the write. */
const ATTEMPTS = 3;

type OneOutcome = 'unchanged' | 'recounted' | 'retimed' | 'gone';

/**
 * Counts again, with the calendar as now mirrored, the deadlines of every waiting review that
 * was provisional for `year`; stores those that changed (flags included) and fails the step
 * waiting on each with Review.DeadlinesChanged, so that its workflow waits until the corrected
 * deadline. Idempotent: a review already counted with the year changes nothing. Open reviews
 * are few (one per customer due, for 15 working days), so they are listed whole. Each review is
 * recounted on its own through `items`: one that fails is dead-lettered with its reason and the
 * others are recounted all the same.
 *
 * What remains approximate: a review whose workflow is between computing its timeouts and
 * storing its next task token when the year arrives keeps its old timeout, although the
 * corrected deadline is stored and shown; and a review whose RM step already timed out was
 * escalated at its provisional RM deadline (only the supervisor's deadline is counted again).
 */
export async function recountProvisionalDeadlines(
  deps: RecountDeps,
  year: number,
  items: JobItems,
): Promise<RecountResult> {
  const calendar = await mirroredCalendar(deps.calendarMirror);
  let candidates = 0;
  let recounted = 0;
  let retimed = 0;
  for (const status of WAITING) {
    let cursor: string | undefined;
    do {
      const page = await deps.reviews.list({ kind: 'all' }, status, PAGE_SIZE, cursor);
      for (const review of page.items) {
        if (!isProvisionalFor(review, year)) continue;
        candidates += 1;
        const one = await items.run({ kind: 'review', id: review.reviewId }, () =>
          recountOne(deps, calendar, review),
        );
        if (!one.ok) continue;
        if (one.value === 'recounted' || one.value === 'retimed') recounted += 1;
        if (one.value === 'retimed') retimed += 1;
      }
      cursor = page.cursor;
    } while (cursor !== undefined);
  }
  return { candidates, recounted, retimed };
}

async function recountOne(
  deps: RecountDeps,
  calendar: WorkingDayCalendar,
  first: ReviewRecord,
): Promise<OneOutcome> {
  let review: ReviewRecord | undefined = first;
  for (let attempt = 0; attempt < ATTEMPTS && review !== undefined; attempt += 1) {
    if (review.status !== 'open' && review.status !== 'escalated') return 'gone';
    const deadlines = recountReviewDeadlines(review, calendar, deps.policies);
    if (sameDeadlines(review, deadlines)) return 'unchanged';
    if (await deps.reviews.reschedule(review, deadlines)) {
      // Stored first, then the step is failed: the workflow reads the stored deadlines again.
      // No token yet: the workflow has not computed its timeouts, and will read these.
      if (review.taskToken === undefined) return 'recounted';
      return (await deps.workflows.retimeTask(review.taskToken)) ? 'retimed' : 'recounted';
    }
    // The workflow moved on (a new step, a completion) between the read and the write.
    review = await deps.reviews.get(review.reviewId);
  }
  if (review === undefined) return 'gone';
  throw new Error('A review kept changing while its deadlines were counted again');
}
