import { createHash } from 'node:crypto';
import type { AuthContext } from '../../../shared/auth/types.js';
import { buildEvent } from '../../../shared/events/index.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../shared/http/problem.js';
import type { JobItems } from '../../../shared/messaging/job-items.js';
import { singleShardPages } from '../../../shared/passes/chained-pages.js';
import {
  type PassSegmentInput,
  type PassSegmentOutput,
  runSegment,
  type SegmentPage,
} from '../../../shared/passes/segment.js';
import { mirroredCalendar } from '../../../shared/time/calendar-mirror.js';
import type { CustomerRecord } from '../domain/customer.js';
import { nextReviewAt } from '../domain/policies.js';
import { countReviewDeadlines } from '../domain/review-deadlines.js';
import type { CompleteReviewInput, ListReviewsQuery } from '../domain/schemas.js';
import { ReviewCompleted, ReviewDue, ReviewEscalated, ReviewOverdue } from '../events.js';
import { customersPolicy } from '../policy.js';
import type { CustomerChange, Page } from '../store/customer-store.js';
import type { ReviewRecord, ReviewStage } from '../store/review-store.js';
import { auditEntry } from './audit-entry.js';
import type { Actor, CustomerDeps } from './deps.js';

/** A review's id follows from the customer and the due date, so a repeated scan opens nothing twice. */
export function reviewIdFor(customerId: string, dueAt: string): string {
  return `rev_${createHash('sha256').update(`${customerId}\u0000${dueAt}`).digest('hex').slice(0, 26)}`;
}

/** The job name of the review scan in the DailyReviewScan pass's segment input. */
export const REVIEW_SCAN_JOB = 'review-scan';

/** What one invocation of the review scan did, beside the segment's output. */
export interface ReviewScanRun {
  readonly output: PassSegmentOutput;
  readonly opened: number;
  readonly restarted: number;
  /** Reviews opened with a deadline counted over a year without calendar data. */
  readonly provisional: number;
}

/** A due customer to open a review for, or an open review whose workflow start was lost. */
type ReviewScanKey =
  | { readonly kind: 'due'; readonly customer: CustomerRecord }
  | { readonly kind: 'stalled'; readonly reviewId: string };

/**
 * The daily scan, a pass: every customer whose review was due when the pass started
 * (`startedAt`, however long it runs) gets a review (RM deadline 10 working days, supervisor 5
 * more, counted with the built-in and the mirrored calendar years) and a workflow execution;
 * the customer's next due date moves on. Then the open reviews whose workflow start was lost
 * are started again. Page by page of the byDue index (the due customers, then the open
 * reviews; the cursor names which), handing the cursor back to the pass machine when time
 * runs short. Each customer (each stalled review) goes on its own through `items`: one whose
 * review cannot be opened or started is dead-lettered with its reason, and the scan goes on.
 */
export async function reviewScanSegment(
  deps: CustomerDeps,
  items: JobItems,
  input: PassSegmentInput,
  stillHasTime: () => boolean,
  pageSize = 100,
): Promise<ReviewScanRun> {
  const asOf = new Date(input.startedAt);
  let calendar: Promise<Awaited<ReturnType<typeof mirroredCalendar>>> | undefined;
  let opened = 0;
  let restarted = 0;
  let provisional = 0;
  const due = async (cursor: string | undefined): Promise<SegmentPage<ReviewScanKey>> => {
    const page = await deps.store.dueForReview(asOf, pageSize, cursor);
    const keys = page.items.map((customer) => ({ kind: 'due' as const, customer }));
    return page.cursor === undefined ? { keys } : { keys, cursor: page.cursor };
  };
  const stalled = async (cursor: string | undefined): Promise<SegmentPage<ReviewScanKey>> => {
    const page = await deps.reviews.list({ kind: 'all' }, 'open', pageSize, cursor);
    const keys = page.items
      .filter((review) => isStalled(review, asOf))
      .map((review) => ({ kind: 'stalled' as const, reviewId: review.reviewId }));
    return page.cursor === undefined ? { keys } : { keys, cursor: page.cursor };
  };
  const output = await runSegment<ReviewScanKey>({
    input,
    page: singleShardPages(input.segment, [due, stalled]),
    process: async (key) => {
      if (key.kind === 'stalled') {
        await deps.workflows.startReview(key.reviewId);
        restarted += 1;
        return;
      }
      // One read of the mirror per invocation: its reviews count with the same calendar.
      calendar ??= mirroredCalendar(deps.calendarMirror);
      const outcome = await openOne(deps, await calendar, deps.clock.now(), key.customer);
      if (outcome === 'skipped') return;
      opened += 1;
      if (outcome === 'opened-provisional') provisional += 1;
    },
    itemOf: (key) =>
      key.kind === 'due'
        ? { kind: 'customer', id: key.customer.customerId }
        : { kind: 'review', id: key.reviewId },
    items,
    // One at a time: each opening is a transaction and a workflow start, a few thousand a day at
    // ten million customers.
    concurrency: 1,
    stillHasTime,
  });
  return { output, opened, restarted, provisional };
}

/** Opens the review of one due customer and starts its workflow. */
async function openOne(
  deps: CustomerDeps,
  calendar: Awaited<ReturnType<typeof mirroredCalendar>>,
  now: Date,
  customer: CustomerRecord,
): Promise<'skipped' | 'opened' | 'opened-provisional'> {
  if (
    customer.nextReviewAt === undefined ||
    customer.relationship !== 'active' ||
    customer.shreddedAt !== undefined
  ) {
    return 'skipped';
  }
  const deadlines = countReviewDeadlines(calendar, now, deps.policies);
  const review: ReviewRecord = {
    reviewId: reviewIdFor(customer.customerId, customer.nextReviewAt),
    customerId: customer.customerId,
    branch: customer.branch,
    rmId: customer.rmId,
    status: 'open',
    stage: 'rm',
    dueAt: customer.nextReviewAt,
    createdAt: now.toISOString(),
    ...deadlines,
  };
  const result = await deps.reviews.openForDueCustomer(
    review,
    {
      customerId: customer.customerId,
      expectedNextReviewAt: customer.nextReviewAt,
      nextReviewAt: nextReviewAt(now, customer.complianceStatus, deps.policies).toISOString(),
    },
    [
      buildEvent(
        ReviewDue,
        {
          reviewId: review.reviewId,
          customerId: review.customerId,
          branch: review.branch,
          rmId: review.rmId,
          dueAt: review.dueAt,
          deadline: review.rmDeadline,
          deadlineProvisional: review.rmDeadlineProvisional,
        },
        deps.clock.now(),
      ),
    ],
  );
  if (result !== 'opened') return 'skipped';
  await deps.workflows.startReview(review.reviewId);
  return review.rmDeadlineProvisional || review.supervisorDeadlineProvisional
    ? 'opened-provisional'
    : 'opened';
}

/** A review opened this long ago that still has no waiting step has lost its workflow start. */
const STALLED_AFTER_MS = 15 * 60_000;

/**
 * A review is opened in DynamoDB before its execution is started; if the start failed (a
 * throttle, a timeout), the review would wait for a workflow that never runs. The daily scan
 * starts those again: the execution name is the review id, so a start that did happen is not
 * repeated. Counted from the pass's start, so a review the same pass opened is never one.
 */
function isStalled(review: ReviewRecord, asOf: Date): boolean {
  return review.taskToken === undefined && asOf.getTime() - Date.parse(review.createdAt) > STALLED_AFTER_MS;
}

/** Seconds until each stage's deadline, as the workflow's task timeouts (at least 1). */
export async function reviewDeadlines(
  deps: CustomerDeps,
  reviewId: string,
): Promise<{ rmTimeoutSeconds: number; supervisorTimeoutSeconds: number }> {
  const review = await deps.reviews.get(reviewId);
  if (review === undefined) throw new Error('Unknown review');
  const now = deps.clock.now().getTime();
  const rm = Date.parse(review.rmDeadline);
  const supervisor = Date.parse(review.supervisorDeadline);
  return {
    rmTimeoutSeconds: Math.max(1, Math.ceil((rm - now) / 1000)),
    supervisorTimeoutSeconds: Math.max(1, Math.ceil((supervisor - Math.max(rm, now)) / 1000)),
  };
}

/**
 * The workflow reached a human step: store its task token with the review. If the review
 * was completed meanwhile (the RM finished just as the deadline passed), the new step is
 * completed at once so the workflow ends instead of waiting for nothing. ReviewEscalated is
 * announced when the review first reaches the supervisor (`escalated`), not when the
 * supervisor's step waits again after its deadline moved.
 */
export async function awaitReviewStage(
  deps: CustomerDeps,
  reviewId: string,
  stage: ReviewStage,
  taskToken: string,
): Promise<{ waiting: boolean; escalated: boolean }> {
  const current = await deps.reviews.get(reviewId);
  if (current === undefined) throw new Error('Unknown review');
  const escalating = stage === 'supervisor' && current.stage !== 'supervisor';
  const events = escalating
    ? [
        buildEvent(
          ReviewEscalated,
          {
            reviewId,
            customerId: current.customerId,
            branch: current.branch,
            deadline: current.supervisorDeadline,
            deadlineProvisional: current.supervisorDeadlineProvisional,
          },
          deps.clock.now(),
        ),
      ]
    : [];
  const updated = await deps.reviews.awaitStage(reviewId, stage, taskToken, events);
  if (updated === undefined) {
    await deps.workflows.completeTask(taskToken, { outcome: current.outcome ?? 'confirmed', late: true });
    return { waiting: false, escalated: false };
  }
  return { waiting: true, escalated: escalating };
}

export async function markReviewOverdue(deps: CustomerDeps, reviewId: string): Promise<{ overdue: boolean }> {
  const review = await deps.reviews.get(reviewId);
  if (review === undefined) throw new Error('Unknown review');
  const now = deps.clock.now();
  const overdue = await deps.reviews.markOverdue(reviewId, now, [
    buildEvent(
      ReviewOverdue,
      {
        reviewId,
        customerId: review.customerId,
        branch: review.branch,
        deadline: review.supervisorDeadline,
        at: now.toISOString(),
      },
      deps.clock.now(),
    ),
  ]);
  return { overdue };
}

export async function listReviews(
  deps: CustomerDeps,
  auth: AuthContext,
  query: ListReviewsQuery,
): Promise<Page<ReviewRecord>> {
  const scope = customersPolicy.scopeFilter(auth, 'review:list');
  if (scope.kind === 'none')
    throw new ForbiddenError('Your role has no review list', { code: 'access-denied' });
  const page = await deps.reviews.list(scope, query.status, query.limit, query.cursor);
  // An RM's list is read by RM id: a review of the same RM id in another branch is not theirs.
  const visible = page.items.filter((review) => customersPolicy.decide(auth, 'review:list', review).allowed);
  // Task tokens are credentials of the workflow: never handed to clients.
  return { items: visible.map(({ taskToken: _token, ...review }) => review), cursor: page.cursor };
}

/** How often a completion is tried again when the customer changed under it. */
const COMPLETION_ATTEMPTS = 3;

/**
 * The customer's side of a completion: `lastReviewedAt` stamped, the version bumped (the record
 * a client holds an ETag of has changed) and a `review.completed` audit record. The evidence
 * the completer cites is kept as the record's purpose (`evidence:<ref>`), as updates and
 * consents keep theirs: inside the hash chain, so it cannot be changed or dropped afterwards.
 */
function completionChange(
  record: CustomerRecord,
  actor: Actor,
  at: Date,
  evidenceRef: string | undefined,
): CustomerChange {
  const audit = auditEntry(
    at,
    record.customerId,
    record.audit,
    actor,
    'review.completed',
    ['lastReviewedAt'],
    evidenceRef === undefined ? undefined : `evidence:${evidenceRef}`,
  );
  return {
    customerId: record.customerId,
    base: record,
    expectedAuditSeq: record.audit?.seq ?? 0,
    bumpVersion: true,
    set: [
      [['lastReviewedAt'], at.toISOString()],
      [['updatedAt'], at.toISOString()],
    ],
    audit,
    events: [],
  };
}

/**
 * The RM (or, once escalated, the supervisor) completes a review: the review, the customer's
 * stamp, version and audit record, and ReviewCompleted in one transaction; then the workflow
 * is told. A concurrent change of the customer is absorbed by building the change again.
 */
export async function completeReview(
  deps: CustomerDeps,
  auth: AuthContext,
  actor: Actor,
  reviewId: string,
  input: CompleteReviewInput,
): Promise<ReviewRecord> {
  const review = await deps.reviews.get(reviewId);
  if (review === undefined || !customersPolicy.decide(auth, 'review:list', review).allowed) {
    throw new NotFoundError('No review with this id is visible to you');
  }
  if (!customersPolicy.decide(auth, 'review:complete', review).allowed)
    throw new ForbiddenError('You may not complete this review', { code: 'access-denied' });
  if (review.status !== 'open' && review.status !== 'escalated') {
    throw new ConflictError(`The review is ${review.status}`, { code: 'review-not-open' });
  }
  const now = deps.clock.now();
  const completed = buildEvent(
    ReviewCompleted,
    { reviewId, customerId: review.customerId, outcome: input.outcome, at: now.toISOString() },
    now,
  );
  for (let attempt = 0; attempt < COMPLETION_ATTEMPTS; attempt += 1) {
    const customer = await deps.store.get(review.customerId);
    if (customer === undefined) {
      throw new ConflictError('The customer of this review no longer exists', { code: 'customer-missing' });
    }
    const outcome = await deps.reviews.complete(
      review,
      {
        outcome: input.outcome,
        by: auth.sub,
        at: now,
        customer: completionChange(customer, actor, now, input.evidenceRef),
      },
      [completed],
    );
    if (outcome === 'not-open') {
      throw new ConflictError('The review is no longer open', { code: 'review-not-open' });
    }
    if (outcome === 'customer-changed') continue;
    // A token that timed out meanwhile is fine: the next step sees the review completed and ends.
    if (review.taskToken !== undefined)
      await deps.workflows.completeTask(review.taskToken, { outcome: input.outcome });
    const { taskToken: _token, ...rest } = review;
    return {
      ...rest,
      status: 'completed',
      outcome: input.outcome,
      completedAt: now.toISOString(),
      completedBy: auth.sub,
    };
  }
  throw new Error('The customer kept changing while the review was completed');
}
