import { pageOf } from '../../../shared/http/params.js';
import * as z from '../../../shared/zod.js';
import { codeSchema } from '../domain/schemas.js';
import { REVIEW_OUTCOMES } from '../events.js';
import { customerId, instant, nonEmpty } from './responses.js';

/**
 * Response schemas of the customers API's periodic reviews, with examples; built as
 * responses.ts builds them (strict, lazy, synthetic examples).
 */

/** `rev_` + 26 hex digits: derived from the customer and the due date (`reviewIdFor`). */
const reviewId = () => z.string().check(z.regex(/^rev_[0-9a-f]{26}$/, 'must be a review id (rev_<hex>)'));

// ---------------------------------------------------------------------------------------------
// Periodic reviews: GET /v1/reviews, POST /v1/reviews/{reviewId}/complete

function reviewCommon() {
  return {
    reviewId: reviewId(),
    customerId: customerId(),
    branch: codeSchema,
    rmId: codeSchema,
    /** Whose step it is: the RM's, or the supervisor's once escalated. */
    stage: z.enum(['rm', 'supervisor']),
    /** When the review fell due. */
    dueAt: instant(),
    createdAt: instant(),
    /** End of the RM's 10 working days, and of the supervisor's 5 more. */
    rmDeadline: instant(),
    supervisorDeadline: instant(),
    /**
     * The deadline was counted over a year the working-day calendar has no data for (weekends
     * only as rest days): it may move by a holiday, and is counted again when the year is loaded.
     */
    rmDeadlineProvisional: z.boolean(),
    /** As `rmDeadlineProvisional`; also true while the RM deadline it counts from is provisional. */
    supervisorDeadlineProvisional: z.boolean(),
    /** The years whose calendar data the provisional deadlines wait for, ascending; empty when none. */
    missingCalendarYears: z.array(z.number().check(z.int(), z.gte(2000), z.lte(2100))),
  };
}

/** Who completed a review, how and when: present exactly when it is completed. */
function completion() {
  return {
    status: z.literal('completed'),
    outcome: z.enum(REVIEW_OUTCOMES),
    completedAt: instant(),
    /** The completer's subject (`sub`). */
    completedBy: nonEmpty(),
  };
}

/**
 * A periodic information review (docs/domain-rules.md §10), by status: `open` (the RM's step)
 * and `escalated` (the supervisor's), `completed` (with its outcome), `overdue` (neither
 * completed it in time; `overdueAt` says when it was marked). Ids and dates only.
 */
export const reviewSchema = z.lazy(() =>
  z.discriminatedUnion('status', [
    z.strictObject({ ...reviewCommon(), status: z.enum(['open', 'escalated']) }),
    z.strictObject({ ...reviewCommon(), ...completion() }),
    z.strictObject({ ...reviewCommon(), status: z.literal('overdue'), overdueAt: instant() }),
  ]),
);

/**
 * `GET /v1/reviews` (200): a page of the reviews in one status (`?status=`, default `open`) in
 * the caller's scope, earliest deadline first. `cursor` is present while more may follow.
 */
export const reviewListPageSchema = z.lazy(() =>
  pageOf(reviewSchema).check(z.describe('A page of periodic reviews in one status')),
);

/** Example: an open review, the RM's 10 working days running. */
export const reviewExample = {
  reviewId: 'rev_82f3e9c695dc6b8d1b11818d57',
  customerId: 'cus_01KJP4C580F6T0QN8DTSSA53J3',
  branch: 'BJ01',
  rmId: 'rm-bj01-1',
  status: 'open',
  stage: 'rm',
  dueAt: '2026-09-02T02:00:00.000Z',
  createdAt: '2026-09-02T01:00:00.000Z',
  rmDeadline: '2026-09-16T01:00:00.000Z',
  supervisorDeadline: '2026-09-23T01:00:00.000Z',
  rmDeadlineProvisional: false,
  supervisorDeadlineProvisional: false,
  missingCalendarYears: [],
} satisfies z.input<typeof reviewSchema>;

/**
 * Example: a review opened on 2026-12-14 before 2027 was loaded: the RM's 10th working day
 * falls on 2026-12-28, within the week before a year without data, and the supervisor's 5 more
 * run into 2027: both provisional.
 */
export const provisionalReviewExample = {
  reviewId: 'rev_5b0c81d2e9a4f07c3d6e1a9b24',
  customerId: 'cus_01KJP4NA70R64P88G2EQX4HR9B',
  branch: 'BJ01',
  rmId: 'rm-bj01-1',
  status: 'open',
  stage: 'rm',
  dueAt: '2026-12-14T00:30:00.000Z',
  createdAt: '2026-12-14T01:00:00.000Z',
  rmDeadline: '2026-12-28T15:59:59.999Z',
  supervisorDeadline: '2027-01-04T15:59:59.999Z',
  rmDeadlineProvisional: true,
  supervisorDeadlineProvisional: true,
  missingCalendarYears: [2027],
} satisfies z.input<typeof reviewSchema>;

/** Example: a first page of open reviews, one of them with provisional deadlines. */
export const reviewListPageExample = {
  items: [reviewExample, provisionalReviewExample],
} satisfies z.input<typeof reviewListPageSchema>;

/**
 * `POST /v1/reviews/{reviewId}/complete` (200): the review as completed by this call (the
 * workflow waiting for it is told). `stage` is the step it was completed at.
 */
export const reviewCompletionSchema = z.lazy(() =>
  z
    .strictObject({ ...reviewCommon(), ...completion() })
    .check(z.describe('The review, completed by this call')),
);

/** Example: the RM confirmed the customer's details within the deadline. */
export const reviewCompletionExample = {
  ...reviewExample,
  status: 'completed',
  outcome: 'confirmed',
  completedAt: '2026-09-08T03:20:00.000Z',
  completedBy: 'user-rm-bj01-1',
} satisfies z.input<typeof reviewCompletionSchema>;
