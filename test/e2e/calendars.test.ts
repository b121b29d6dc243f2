import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prcId } from '../support/customers-harness.js';
import { api, devToken, startTestCloud, type TestCloud } from '../support/local-cloud.js';

/** 2027 shaped like a real notice (dates illustrative, not the official notice). */
const year2027 = {
  holidays: [
    { name: "New Year's Day", from: '2027-01-01', to: '2027-01-03' },
    { name: '春节', from: '2027-02-06', to: '2027-02-13' },
    { name: 'National Day', from: '2027-10-01', to: '2027-10-07' },
  ],
  makeUpWorkingDays: ['2027-02-20', '2027-09-26', '2027-10-09'],
};

interface ReviewRow {
  readonly reviewId: string;
  readonly status: string;
  readonly rmDeadline: string;
  readonly supervisorDeadline: string;
  readonly rmDeadlineProvisional: boolean;
  readonly supervisorDeadlineProvisional: boolean;
  readonly missingCalendarYears: readonly number[];
}

/**
 * Calendars as data a bank can update, end to end in the local cloud: an admin loads 2027
 * through the API, the calendars capability announces it on the bus, the customers capability
 * mirrors it, and a review opened in December whose deadlines run into 2027 goes from
 * provisional to final, its waiting workflow re-timed to the corrected deadline.
 */
describe('a calendar year loaded by an admin, in the local cloud', () => {
  let cloud: TestCloud;
  let rm: ReturnType<typeof api>;
  let supervisor: ReturnType<typeof api>;
  let admin: ReturnType<typeof api>;

  beforeAll(async () => {
    // 13 June 2026, 09:00 in Beijing: a customer registered now is due on 13 December.
    cloud = await startTestCloud({ now: new Date('2026-06-13T01:00:00Z') });
    rm = api(
      cloud,
      await devToken(cloud, { sub: 'e2e-rm', role: 'relationship-manager', branch: 'BJ01', rmId: 'rm-e2e' }),
    );
    supervisor = api(cloud, await devToken(cloud, { sub: 'e2e-sup', role: 'supervisor', branch: 'BJ01' }));
    admin = api(cloud, await devToken(cloud, { sub: 'e2e-admin', role: 'admin' }));
  });
  afterAll(async () => {
    await cloud?.stop();
  });

  function executionFor(reviewId: string) {
    const execution = cloud.stepFunctions.listExecutions('PeriodicReview').find((e) => e.name === reviewId);
    if (execution === undefined) throw new Error(`no execution for ${reviewId}`);
    return execution;
  }

  async function onlyReview(client: ReturnType<typeof api>, status: string): Promise<ReviewRow> {
    const page = await client.get(`/v1/reviews?status=${status}`);
    expect(page.status).toBe(200);
    const items = page.json.items as ReviewRow[];
    expect(items).toHaveLength(1);
    const [review] = items;
    if (review === undefined) throw new Error('no review');
    return review;
  }

  it('turns a review’s provisional deadlines final when 2027 is loaded, and its workflow waits for the corrected one', async () => {
    // Prepare: a customer due for review; six months later, on Monday 14 December, the scan
    // opens the review. Its deadlines run past the last week of 2026 into 2027, which has no data.
    const registered = await rm.post('/v1/customers', {
      type: 'individual',
      name: '诸葛孔明',
      idType: 'prc-id',
      idNumber: prcId('1981-07-23', 601),
      mobile: '13912340601',
      branch: 'BJ01',
      rmId: 'rm-e2e',
    });
    expect(registered.status).toBe(201);
    cloud.clock.set(new Date('2026-12-04T01:00:00Z'));
    const check = await cloud.scheduler.runNow('DailyCalendarCheck');
    const before2027 = await admin.get('/v1/config/calendars/2027');
    cloud.clock.set(new Date('2026-12-14T01:00:00Z'));
    await cloud.scheduler.runNow('DailyReviewScan');
    await cloud.settle();
    const provisional = await onlyReview(rm, 'open');
    await cloud.stepFunctions.waitForExecution(executionFor(provisional.reviewId).executionArn, (e) =>
      e.history.includes('AwaitRelationshipManager'),
    );

    // Act: an admin loads 2027; the outbox is relayed, the bus delivers, the mirror recounts.
    const loaded = await admin.put('/v1/config/calendars/2027', year2027, { headers: { 'if-match': '"0"' } });
    await cloud.settle();
    const retimed = await cloud.stepFunctions.waitForExecution(
      executionFor(provisional.reviewId).executionArn,
      (e) => e.history.filter((state) => state === 'AwaitRelationshipManager').length === 2,
    );
    const final = await onlyReview(rm, 'open');
    const after2027 = await admin.get('/v1/config/calendars/2027');
    const checkAfter = await cloud.scheduler.runNow('DailyCalendarCheck');

    // Assess: before, 2027 was missing and the deadlines provisional.
    expect(check).toEqual({ checked: true, year: 2027, missing: true });
    expect(before2027.status).toBe(404);
    expect(before2027.json.code).toBe('calendar-year-missing');
    expect(provisional).toMatchObject({
      rmDeadline: '2026-12-28T15:59:59.999Z',
      supervisorDeadline: '2027-01-04T15:59:59.999Z',
      rmDeadlineProvisional: true,
      supervisorDeadlineProvisional: true,
      missingCalendarYears: [2027],
    });
    // The admin's version 1, announced on the bus and mirrored.
    expect(loaded.status).toBe(200);
    expect(loaded.headers.etag).toBe('"1"');
    expect(after2027.json).toMatchObject({ year: 2027, source: 'loaded', version: 1 });
    const announced = cloud.bus.recentEvents.find(
      (event) => event['detail-type'] === 'WorkingCalendarChanged',
    );
    expect(announced?.source).toBe('crm.calendars');
    expect(announced?.detail).toMatchObject({ year: 2027, version: 1, ...year2027 });
    expect(cloud.bus.deadLetters).toEqual([]);
    // After: final, and the supervisor's 5th working day skips New Year's Day (01-01 to 01-03).
    expect(final).toMatchObject({
      reviewId: provisional.reviewId,
      rmDeadline: '2026-12-28T15:59:59.999Z',
      supervisorDeadline: '2027-01-05T15:59:59.999Z',
      rmDeadlineProvisional: false,
      supervisorDeadlineProvisional: false,
      missingCalendarYears: [],
    });
    // The waiting step was failed and caught: timeouts computed again, the RM waits anew.
    expect(retimed.status).toBe('RUNNING');
    expect(retimed.history).toEqual([
      'ComputeDeadlines',
      'AwaitRelationshipManager',
      'ComputeDeadlines',
      'AwaitRelationshipManager',
    ]);
    expect(checkAfter).toEqual({ checked: true, year: 2027, missing: false });
  });

  it('escalates at the RM deadline and is not overdue at the provisional supervisor deadline, only at the corrected one', async () => {
    // Prepare
    const review = await onlyReview(rm, 'open');
    const execution = executionFor(review.reviewId).executionArn;

    // Act: past the RM deadline, then past the deadline as it was counted without 2027.
    cloud.clock.set(new Date(Date.parse(review.rmDeadline) + 60_000));
    await cloud.stepFunctions.waitForExecution(execution, (e) => e.history.includes('AwaitSupervisor'));
    await cloud.settle();
    cloud.clock.set(new Date(Date.parse('2027-01-04T15:59:59.999Z') + 60_000));
    // Timers fire as the clock moves: a step still waiting now was not timed out.
    const stillWaiting = cloud.stepFunctions.pendingTasks(execution);
    await cloud.settle();
    const stillEscalated = await onlyReview(supervisor, 'escalated');
    cloud.clock.set(new Date(Date.parse(review.supervisorDeadline) + 60_000));
    const overdue = await cloud.stepFunctions.waitForExecution(execution);
    await cloud.settle();

    // Assess
    expect(stillWaiting).toHaveLength(1);
    expect(stillEscalated).toMatchObject({ reviewId: review.reviewId, status: 'escalated' });
    expect(overdue.status).toBe('SUCCEEDED');
    expect(overdue.history.slice(-3)).toEqual(['AwaitSupervisor', 'MarkOverdue', 'Overdue']);
    expect((await onlyReview(supervisor, 'overdue')).reviewId).toBe(review.reviewId);
    const escalations = cloud.bus.recentEvents.filter((event) => event['detail-type'] === 'ReviewEscalated');
    expect(escalations.map((event) => event.detail)).toEqual([
      expect.objectContaining({ deadline: '2027-01-05T15:59:59.999Z', deadlineProvisional: false }),
    ]);
  });
});
