import type { CrmEvent } from '../../../shared/events/index.js';
import type { ListScope, Page } from './customer-store.js';

export type ReviewStatus = 'open' | 'escalated' | 'completed' | 'overdue';
export type ReviewStage = 'rm' | 'supervisor';

/** A periodic information review (REFERENCE.md §9). Ids and dates only. */
export interface ReviewRecord {
  readonly reviewId: string;
  readonly customerId: string;
  readonly branch: string;
  readonly rmId: string;
  readonly status: ReviewStatus;
  readonly stage: ReviewStage;
  /** When the review fell due. */
  readonly dueAt: string;
  readonly createdAt: string;
  /** End of the RM's 10 working days, and of the supervisor's 5 more. */
  readonly rmDeadline: string;
  readonly supervisorDeadline: string;
  /** The token of the workflow's waiting step; stored with the record it waits for. */
  readonly taskToken?: string | undefined;
  readonly outcome?: 'confirmed' | 'updated' | undefined;
  readonly completedAt?: string | undefined;
  readonly completedBy?: string | undefined;
  /** When the review was marked overdue (neither the RM nor the supervisor completed it). */
  readonly overdueAt?: string | undefined;
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
  /** Completes an open or escalated review and stamps the customer; false if it was not open. */
  complete(
    review: ReviewRecord,
    outcome: 'confirmed' | 'updated',
    by: string,
    at: Date,
    events: readonly CrmEvent[],
  ): Promise<boolean>;
  /** Marks a review overdue unless it was completed meanwhile; false if it was. */
  markOverdue(reviewId: string, at: Date, events: readonly CrmEvent[]): Promise<boolean>;
  list(scope: ListScope, status: ReviewStatus, limit: number, cursor?: string): Promise<Page<ReviewRecord>>;
}
