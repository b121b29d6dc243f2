import type { CrmEvent } from '../../../shared/events/index.js';
import type { ReviewDeadlines } from '../domain/review-deadlines.js';
import type { CustomerChange, ListScope, Page } from './customer-store.js';

export type ReviewStatus = 'open' | 'escalated' | 'completed' | 'overdue';
export type ReviewStage = 'rm' | 'supervisor';

/**
 * A periodic information review (docs/domain-rules.md §10). Ids and dates only. Its deadlines
 * (and whether each is provisional) are those of `ReviewDeadlines`.
 */
export interface ReviewRecord extends ReviewDeadlines {
  readonly reviewId: string;
  readonly customerId: string;
  readonly branch: string;
  readonly rmId: string;
  readonly status: ReviewStatus;
  readonly stage: ReviewStage;
  /** When the review fell due. */
  readonly dueAt: string;
  readonly createdAt: string;
  /** The token of the workflow's waiting step; stored with the record it waits for. */
  readonly taskToken?: string | undefined;
  readonly outcome?: 'confirmed' | 'updated' | undefined;
  readonly completedAt?: string | undefined;
  readonly completedBy?: string | undefined;
  /** When the review was marked overdue (neither the RM nor the supervisor completed it). */
  readonly overdueAt?: string | undefined;
}

/** What completing a review writes: its outcome, and the change it makes to the customer. */
export interface ReviewCompletion {
  readonly outcome: 'confirmed' | 'updated';
  readonly by: string;
  readonly at: Date;
  /**
   * `lastReviewedAt` stamped, the version bumped and the `review.completed` audit record, as any
   * customer change (its conditions included), written in the review's transaction.
   */
  readonly customer: CustomerChange;
}

export interface ReviewStore {
  /**
   * Opens a review for a due customer and moves the customer's next due date, atomically:
   * a customer whose due date already moved (another scan got there first) is skipped.
   */
  openForDueCustomer(
    review: ReviewRecord,
    customer: {
      readonly customerId: string;
      readonly expectedNextReviewAt: string;
      readonly nextReviewAt: string;
    },
    events: readonly CrmEvent[],
  ): Promise<'opened' | 'already-moved'>;
  get(reviewId: string): Promise<ReviewRecord | undefined>;
  /** Records the waiting step's token; refused (undefined) once the review is completed or overdue. */
  awaitStage(
    reviewId: string,
    stage: ReviewStage,
    taskToken: string,
    events: readonly CrmEvent[],
  ): Promise<ReviewRecord | undefined>;
  /**
   * Completes an open or escalated review and applies `completion.customer`, in one transaction.
   * `not-open`: the review was completed or marked overdue meanwhile. `customer-changed`: the
   * customer moved on (a concurrent change took the audit position) or is gone; nothing was
   * written.
   */
  complete(
    review: ReviewRecord,
    completion: ReviewCompletion,
    events: readonly CrmEvent[],
  ): Promise<'completed' | 'not-open' | 'customer-changed'>;
  /**
   * Replaces a waiting review's deadlines (counted again with a newly loaded calendar year) if it
   * is still in the status, deadlines and task token it was read with; false otherwise.
   */
  reschedule(review: ReviewRecord, deadlines: ReviewDeadlines): Promise<boolean>;
  /** Marks a review overdue unless it was completed meanwhile; false if it was. */
  markOverdue(reviewId: string, at: Date, events: readonly CrmEvent[]): Promise<boolean>;
  list(scope: ListScope, status: ReviewStatus, limit: number, cursor?: string): Promise<Page<ReviewRecord>>;
}
