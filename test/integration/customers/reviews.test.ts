import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDueReviews } from '../../../functions/customers/service/reviews.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import {
  type CustomersHarness,
  callers,
  customersHarness,
  individual,
} from '../../support/customers-harness.js';

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

    // Act: the first scan opens the review but cannot start its workflow.
    const first = await openDueReviews(h.deps).catch((error: unknown) => error);
    const afterFirst = await h.call(callers.rm, 'GET', '/v1/reviews', { query: { status: 'open' } });
    // The next day's scan: nothing new is due, but the stalled review is started again.
    clock.advance(DAY);
    const second = await openDueReviews(h.deps);
    const third = await openDueReviews(h.deps);

    // Assess
    expect(first).toBeInstanceOf(Error);
    const open = afterFirst.json.items as { reviewId: string; customerId: string }[];
    expect(open.filter((review) => review.customerId === customerId)).toHaveLength(1);
    const reviewId = open[0]?.reviewId ?? '';
    expect(second).toEqual({ opened: 0, skipped: 0, restarted: 1 });
    expect(h.workflows.started).toContain(reviewId);
    // Without a waiting step the review still looks stalled; the start is idempotent by name.
    expect(third.opened).toBe(0);
    const view = await h.call(callers.rm, 'GET', `/v1/customers/${customerId}`);
    expect(String(view.json.nextReviewAt) > clock.now().toISOString()).toBe(true);
  });
});
