import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { awaitReviewStage } from '../../../functions/customers/service/reviews.js';
import { CorruptItemError } from '../../../shared/dynamodb/items.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import {
  type CustomersHarness,
  callers,
  customersHarness,
  individual,
} from '../../support/customers-harness.js';
import { openDueReviews } from '../../support/customers-passes.js';

const DAY = 86_400_000;

describe('the daily review scan', () => {
  let h: CustomersHarness;

  beforeAll(async () => {
    h = await customersHarness();
  });
  afterAll(() => h.close());
  afterEach(() => h.clock.reset());

  it('opens one review per due customer, once, and restarts a review whose workflow never started', async () => {
    // Prepare: a customer registered now is due for review in 6 months.
    const clock = new ControlledClock(new Date('2026-03-02T02:00:00Z'));
    h.clock.use(clock);
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body: individual() });
    const customerId = String(created.json.customerId);
    clock.advance(185 * DAY);
    const failingStart = h.deps.workflows.startReview.bind(h.deps.workflows);
    let startAttempts = 0;
    h.deps.workflows.startReview = async (reviewId: string) => {
      startAttempts += 1;
      if (startAttempts === 1) throw new Error('ThrottlingException');
      return failingStart(reviewId);
    };

    // Act: the first scan opens the review but cannot start its workflow: that customer is
    // dead-lettered with its reason and the scan finishes.
    const first = await openDueReviews(h.deps, h.jobItems('review-scan'));
    const afterFirst = await h.call(callers.rm, 'GET', '/v1/reviews', { query: { status: 'open' } });
    // The next day's scan: nothing new is due, but the stalled review is started again.
    clock.advance(DAY);
    const second = await openDueReviews(h.deps, h.jobItems('review-scan'));
    const third = await openDueReviews(h.deps, h.jobItems('review-scan'));

    // Assess
    expect(first).toEqual({ opened: 0, restarted: 0, provisional: 0, failed: 1 });
    expect(h.deadLetters).toEqual([
      {
        code: 'JOB_ITEM_FAILED',
        reason: 'Error',
        fields: [],
        event: { job: 'review-scan', item: { kind: 'customer', id: customerId } },
      },
    ]);
    const open = afterFirst.json.items as { reviewId: string; customerId: string }[];
    expect(open.filter((review) => review.customerId === customerId)).toHaveLength(1);
    const reviewId = open[0]?.reviewId ?? '';
    expect(second).toEqual({ opened: 0, restarted: 1, provisional: 0, failed: 0 });
    expect(h.workflows.started).toContain(reviewId);
    // Without a waiting step the review still looks stalled; the start is idempotent by name.
    expect(third.opened).toBe(0);
    const view = await h.call(callers.rm, 'GET', `/v1/customers/${customerId}`);
    expect(String(view.json.nextReviewAt) > clock.now().toISOString()).toBe(true);
  });

  it('opens the review of every other due customer when one cannot be opened, and dead-letters that one', async () => {
    // Prepare: two customers due; the store cannot open the first one's review (as if its
    // record were unreadable).
    const clock = new ControlledClock(new Date('2026-03-02T02:00:00Z'));
    h.clock.use(clock);
    const ids: string[] = [];
    for (let n = 0; n < 2; n++) {
      const created = await h.call(callers.rm, 'POST', '/v1/customers', { body: individual() });
      ids.push(String(created.json.customerId));
    }
    const [broken, fine] = ids;
    clock.advance(185 * DAY);
    const reviews = h.deps.reviews;
    const open = reviews.openForDueCustomer.bind(reviews);
    reviews.openForDueCustomer = async (review, ...rest) => {
      if (review.customerId === broken) throw new CorruptItemError('customer', ['nextReviewAt']);
      return open(review, ...rest);
    };
    const lettersBefore = h.deadLetters.length;

    // Act
    const run = await openDueReviews(h.deps, h.jobItems('review-scan')).finally(() => {
      reviews.openForDueCustomer = open;
    });
    const listed = await h.call(callers.rm, 'GET', '/v1/reviews', { query: { status: 'open' } });
    const next = await openDueReviews(h.deps, h.jobItems('review-scan'));
    const relisted = await h.call(callers.rm, 'GET', '/v1/reviews', { query: { status: 'open' } });

    // Assess
    const reviewed = (response: typeof listed) =>
      (response.json.items as { customerId: string }[]).map((review) => review.customerId);
    expect(run.failed).toBe(1);
    expect(h.deadLetters.slice(lettersBefore)).toEqual([
      {
        code: 'RECORD_UNREADABLE',
        reason: 'Stored customer item does not have the expected shape (nextReviewAt)',
        fields: [],
        event: { job: 'review-scan', item: { kind: 'customer', id: broken } },
      },
    ]);
    expect(reviewed(listed)).toContain(fine);
    expect(reviewed(listed)).not.toContain(broken);
    // Left as it was, the customer is still due: the next scan opens its review.
    expect(next.failed).toBe(0);
    expect(reviewed(relisted)).toContain(broken);
  });

  it('completes a review with the customer’s new version and a review.completed audit record keeping the evidence', async () => {
    // Prepare: a customer due for review, its review waiting on the RM.
    const clock = new ControlledClock(new Date('2026-03-02T02:00:00Z'));
    h.clock.use(clock);
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body: individual() });
    const customerId = String(created.json.customerId);
    clock.advance(185 * DAY);
    await openDueReviews(h.deps, h.jobItems('review-scan'));
    const open = await h.call(callers.rm, 'GET', '/v1/reviews', { query: { status: 'open', limit: '100' } });
    const review = (open.json.items as { reviewId: string; customerId: string }[]).find(
      (item) => item.customerId === customerId,
    );
    const reviewId = review?.reviewId ?? '';
    await awaitReviewStage(h.deps, reviewId, 'rm', `token-${reviewId}`);
    const before = await h.call(callers.rm, 'GET', `/v1/customers/${customerId}`);

    // Act
    clock.advance(DAY);
    const completed = await h.call(callers.rm, 'POST', `/v1/reviews/${reviewId}/complete`, {
      body: { outcome: 'confirmed', evidenceRef: 'call-note/2026-0917' },
    });
    const after = await h.call(callers.rm, 'GET', `/v1/customers/${customerId}`);
    const trail = await h.call(callers.compliance, 'GET', `/v1/customers/${customerId}/audit`);
    const stalePatch = await h.call(callers.rm, 'PATCH', `/v1/customers/${customerId}`, {
      body: { occupation: 'teacher' },
      headers: { 'if-match': before.headers.etag ?? '' },
    });

    // Assess
    expect(completed.status).toBe(200);
    expect(after.json.version).toBe(Number(before.json.version) + 1);
    expect(after.headers.etag).toBe(`"${after.json.version}"`);
    expect(after.json.lastReviewedAt).toBe(clock.now().toISOString());
    const records = trail.json.records as {
      action: string;
      fields: string[];
      purpose?: string;
      actor: string;
    }[];
    expect(trail.json.chain).toMatchObject({ valid: true });
    expect(records.at(-1)).toMatchObject({
      action: 'review.completed',
      actor: callers.rm.sub,
      fields: ['lastReviewedAt'],
      purpose: 'evidence:call-note/2026-0917',
    });
    expect(stalePatch.status).toBe(412);
  });

  it('completes a review although the customer changed between the read and the write', async () => {
    // Prepare
    const clock = new ControlledClock(new Date('2026-03-02T02:00:00Z'));
    h.clock.use(clock);
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body: individual() });
    const customerId = String(created.json.customerId);
    clock.advance(185 * DAY);
    await openDueReviews(h.deps, h.jobItems('review-scan'));
    const open = await h.call(callers.rm, 'GET', '/v1/reviews', { query: { status: 'open', limit: '100' } });
    const reviewId =
      (open.json.items as { reviewId: string; customerId: string }[]).find(
        (item) => item.customerId === customerId,
      )?.reviewId ?? '';
    // The first read of the customer is overtaken by a consent change (a concurrent request).
    const current = await h.call(callers.rm, 'GET', `/v1/customers/${customerId}`);
    const read = h.deps.store.get.bind(h.deps.store);
    let reads = 0;
    h.deps.store.get = async (id: string) => {
      const record = await read(id);
      reads += 1;
      if (reads === 1) {
        const changed = await h.call(callers.rm, 'PUT', `/v1/customers/${customerId}/consents/marketing`, {
          body: { granted: false },
          headers: { 'if-match': String(current.headers.etag) },
        });
        expect(changed.status).toBe(200);
      }
      return record;
    };

    // Act
    const completed = await h.call(callers.rm, 'POST', `/v1/reviews/${reviewId}/complete`, {
      body: { outcome: 'updated' },
    });
    h.deps.store.get = read;
    const trail = await h.call(callers.compliance, 'GET', `/v1/customers/${customerId}/audit`);

    // Assess
    expect(completed.status).toBe(200);
    expect(trail.json.chain).toMatchObject({ valid: true });
    const actions = (trail.json.records as { action: string; purpose?: string }[]).map(
      (record) => record.action,
    );
    expect(actions.slice(-2)).toEqual(['consent.changed', 'review.completed']);
    expect((trail.json.records as { purpose?: string }[]).at(-1)).not.toHaveProperty('purpose');
  });
});
