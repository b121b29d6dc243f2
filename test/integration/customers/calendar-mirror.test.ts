import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { reviewListPageSchema } from '../../../functions/customers/api/review-responses.js';
import { processCalendarEvent } from '../../../functions/customers/service/calendar-events.js';
import { awaitReviewStage } from '../../../functions/customers/service/reviews.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import { UnprocessableEventError } from '../../../shared/messaging/rejection.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { expectSchema } from '../../support/contract.js';
import {
  type CustomersHarness,
  callers,
  customersHarness,
  individual,
} from '../../support/customers-harness.js';
import { openDueReviews } from '../../support/customers-passes.js';

/** 2027 shaped like a real notice (dates illustrative, not the official notice). */
const year2027 = {
  holidays: [
    { name: "New Year's Day", from: '2027-01-01', to: '2027-01-03' },
    { name: '春节', from: '2027-02-06', to: '2027-02-13' },
  ],
  makeUpWorkingDays: ['2027-02-20'],
};

/** WorkingCalendarChanged as EventBridge delivers it from the calendars capability. */
function calendarEvent(detail: Record<string, unknown>): ConsumedEvent {
  return {
    source: 'crm.calendars',
    detailType: 'WorkingCalendarChanged',
    id: randomUUID(),
    time: '2026-12-15T02:00:00Z',
    detail: {
      eventId: `evt_${randomUUID().replaceAll('-', '').slice(0, 26)}`,
      occurredAt: '2026-12-15T02:00:00.000Z',
      ...detail,
    },
  };
}

const v1 = calendarEvent({ year: 2027, version: 1, ...year2027 });

describe('the customers capability’s calendar mirror', () => {
  const harnesses: CustomersHarness[] = [];
  afterEach(() => {
    for (const h of harnesses.splice(0)) h.close();
  });

  /** A harness whose one customer falls due on Sunday 2026-12-13, scanned Monday 12-14. */
  async function dueInDecember() {
    const h = await customersHarness();
    harnesses.push(h);
    const clock = new ControlledClock(new Date('2026-06-13T01:00:00.000Z'));
    h.clock.use(clock);
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body: individual() });
    clock.set(new Date('2026-12-14T01:00:00.000Z'));
    return { h, clock, customerId: String(created.json.customerId) };
  }

  async function openReviews(h: CustomersHarness) {
    const page = await h.call(callers.rm, 'GET', '/v1/reviews', { query: { status: 'open' } });
    expect(page.status).toBe(200);
    return expectSchema(reviewListPageSchema, page.body).items;
  }

  it('opens a review whose deadlines run past a year without data as provisional: stored, listed, announced, counted', async () => {
    // Prepare
    const { h, customerId } = await dueInDecember();

    // Act
    const scan = await openDueReviews(h.deps, h.jobItems('review-scan'));
    const [review] = await openReviews(h);

    // Assess
    expect(scan).toMatchObject({ opened: 1, provisional: 1 });
    expect(review).toMatchObject({
      customerId,
      rmDeadline: '2026-12-28T15:59:59.999Z',
      supervisorDeadline: '2027-01-04T15:59:59.999Z',
      rmDeadlineProvisional: true,
      supervisorDeadlineProvisional: true,
      missingCalendarYears: [2027],
    });
    const due = (await h.outboxEvents(customerId)).find((event) => event.detailType === 'ReviewDue');
    expect(due?.detail).toMatchObject({ deadline: '2026-12-28T15:59:59.999Z', deadlineProvisional: true });
  });

  it('mirrors the year, counts the waiting review again, final now, and re-times its workflow step once', async () => {
    // Prepare
    const { h } = await dueInDecember();
    await openDueReviews(h.deps, h.jobItems('review-scan'));
    const [opened] = await openReviews(h);
    const reviewId = opened?.reviewId ?? '';
    await awaitReviewStage(h.deps, reviewId, 'rm', 'token-rm-1');

    // Act
    const first = await processCalendarEvent(h.deps, v1, h.jobItems('review-recount'));
    const redelivered = await processCalendarEvent(h.deps, v1, h.jobItems('review-recount'));
    const [review] = await openReviews(h);

    // Assess
    expect(first).toMatchObject({ year: 2027, version: 1, mirror: 'applied', recounted: 1, retimed: 1 });
    expect(redelivered).toMatchObject({ mirror: 'unchanged', candidates: 0, recounted: 0 });
    expect(review).toMatchObject({
      reviewId,
      rmDeadline: '2026-12-28T15:59:59.999Z',
      // New Year's Day to 01-03 is now a holiday: the supervisor's 5th working day is 01-05.
      supervisorDeadline: '2027-01-05T15:59:59.999Z',
      rmDeadlineProvisional: false,
      supervisorDeadlineProvisional: false,
      missingCalendarYears: [],
    });
    expect(h.workflows.retimed).toEqual(['token-rm-1']);
  });

  it('counts new reviews with the mirrored year: nothing provisional once 2027 is loaded', async () => {
    // Prepare
    const { h } = await dueInDecember();
    await processCalendarEvent(h.deps, v1, h.jobItems('review-recount'));

    // Act
    const scan = await openDueReviews(h.deps, h.jobItems('review-scan'));
    const [review] = await openReviews(h);

    // Assess
    expect(scan).toMatchObject({ opened: 1, provisional: 0 });
    expect(review).toMatchObject({
      supervisorDeadline: '2027-01-05T15:59:59.999Z',
      rmDeadlineProvisional: false,
      supervisorDeadlineProvisional: false,
    });
  });

  it('keeps the newest version whatever order they arrive in', async () => {
    // Prepare: a corrected notice makes Monday 2027-01-04 a holiday too.
    const { h } = await dueInDecember();
    await openDueReviews(h.deps, h.jobItems('review-scan'));
    const v2 = calendarEvent({
      year: 2027,
      version: 2,
      holidays: [{ name: "New Year's Day", from: '2027-01-01', to: '2027-01-04' }, year2027.holidays[1]],
      makeUpWorkingDays: year2027.makeUpWorkingDays,
    });

    // Act: version 2 first, then the late version 1.
    const newer = await processCalendarEvent(h.deps, v2, h.jobItems('review-recount'));
    const older = await processCalendarEvent(h.deps, v1, h.jobItems('review-recount'));
    const years = await h.deps.calendarMirror.years();
    const [review] = await openReviews(h);

    // Assess
    expect([newer.mirror, older.mirror]).toEqual(['applied', 'unchanged']);
    expect(years.map((year) => [year.year, year.version])).toEqual([[2027, 2]]);
    expect(review?.supervisorDeadline).toBe('2027-01-06T15:59:59.999Z');
  });

  it('counts only the supervisor’s deadline of an escalated review again, and announces the escalation once', async () => {
    // Prepare: the review reached the supervisor at its provisional RM deadline.
    const { h, clock, customerId } = await dueInDecember();
    await openDueReviews(h.deps, h.jobItems('review-scan'));
    const [opened] = await openReviews(h);
    const reviewId = opened?.reviewId ?? '';
    await awaitReviewStage(h.deps, reviewId, 'rm', 'token-rm-1');
    clock.set(new Date('2026-12-29T01:00:00.000Z'));
    const escalated = await awaitReviewStage(h.deps, reviewId, 'supervisor', 'token-sup-1');

    // Act: 2027 arrives; the workflow then waits again on the supervisor's step.
    const result = await processCalendarEvent(h.deps, v1, h.jobItems('review-recount'));
    const waitingAgain = await awaitReviewStage(h.deps, reviewId, 'supervisor', 'token-sup-2');
    const page = await h.call(callers.supervisor, 'GET', '/v1/reviews', { query: { status: 'escalated' } });

    // Assess
    expect(escalated).toEqual({ waiting: true, escalated: true });
    expect(result).toMatchObject({ recounted: 1, retimed: 1 });
    expect(h.workflows.retimed).toEqual(['token-sup-1']);
    expect(waitingAgain).toEqual({ waiting: true, escalated: false });
    expect(expectSchema(reviewListPageSchema, page.body).items[0]).toMatchObject({
      rmDeadline: '2026-12-28T15:59:59.999Z',
      rmDeadlineProvisional: true,
      supervisorDeadline: '2027-01-05T15:59:59.999Z',
      supervisorDeadlineProvisional: false,
      missingCalendarYears: [],
    });
    const escalations = (await h.outboxEvents(customerId)).filter(
      (event) => event.detailType === 'ReviewEscalated',
    );
    expect(escalations.map((event) => event.detail.deadlineProvisional)).toEqual([true]);
  });

  it('dead-letters a malformed or misrouted event, and mirrors nothing', async () => {
    // Prepare
    const h = await customersHarness();
    harnesses.push(h);
    const notWeekend = calendarEvent({
      year: 2027,
      version: 1,
      holidays: [],
      makeUpWorkingDays: ['2027-02-22'],
    });
    const noVersion = calendarEvent({ year: 2027, ...year2027 });
    const misrouted = { ...v1, detailType: 'CalendarDeleted' };

    // Act
    const errors = await Promise.all(
      [notWeekend, noVersion, misrouted].map((event) =>
        processCalendarEvent(h.deps, event, h.jobItems('review-recount')).catch((error: unknown) => error),
      ),
    );

    // Assess
    for (const error of errors) expect(error).toBeInstanceOf(UnprocessableEventError);
    expect(errors.map((error) => (error as UnprocessableEventError).code)).toEqual([
      'EVENT_INVALID',
      'EVENT_INVALID',
      'EVENT_UNSUPPORTED',
    ]);
    expect((errors[0] as UnprocessableEventError).reason).toMatch(/^makeUpWorkingDays\.0: /);
    expect(await h.deps.calendarMirror.years()).toEqual([]);
  });
});
