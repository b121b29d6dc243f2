import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHRED_JOB, shredSegment } from '../../../functions/customers/service/privacy.js';
import { REVIEW_SCAN_JOB, reviewScanSegment } from '../../../functions/customers/service/reviews.js';
import { SENIOR_JOB, seniorsSegment } from '../../../functions/customers/service/senior-birthdays.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import {
  type CustomersHarness,
  callers,
  customersHarness,
  individual,
  prcId,
} from '../../support/customers-harness.js';
import { runPassToEnd } from '../../support/pass-runner.js';

const DAY = 86_400_000;

/** Time for one page per invocation: every invocation after its first page hands its cursor back. */
function onePagePerInvocation(): () => boolean {
  return () => false;
}

/**
 * The customers capability's daily passes as the pass machine runs them (docs/architecture.md,
 * "Passes"): a pass declared over 3 segments, every segment invoked again from its cursor
 * until done, each invocation stopping after one page. The due set of each lives in one index
 * partition, so segment 0 takes it and the others nothing; together they work every due
 * customer exactly once however often the segment stops and resumes.
 */
describe('the customers daily passes, segment by segment', () => {
  let h: CustomersHarness;
  let sequence = 400;
  const clock = new ControlledClock(new Date('2026-03-02T02:00:00.000Z'));

  beforeAll(async () => {
    h = await customersHarness();
    h.clock.use(clock);
  });
  afterAll(() => {
    h.clock.reset();
    return h.close();
  });

  async function register(body: Record<string, unknown> = individual()): Promise<string> {
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body });
    expect(created.status).toBe(201);
    return String(created.json.customerId);
  }

  it('DailyReviewScan opens one review per due customer across 3 segments and resumed cursors', async () => {
    const ids = [await register(), await register(), await register(), await register(), await register()];
    clock.advance(185 * DAY);
    const startedBefore = h.workflows.started.length;

    const runs = await runPassToEnd(
      (input, stillHasTime) => reviewScanSegment(h.deps, h.jobItems(REVIEW_SCAN_JOB), input, stillHasTime, 2),
      { pass: 'DailyReviewScan', job: REVIEW_SCAN_JOB, startedAt: clock.now(), totalSegments: 3 },
      onePagePerInvocation(),
    );

    // Segment 0 took three pages of due customers, in as many invocations, then the open reviews.
    expect(runs.filter((run) => run.output.cursor !== undefined).length).toBeGreaterThanOrEqual(2);
    expect(runs.reduce((sum, run) => sum + run.opened, 0)).toBe(ids.length);
    const started = h.workflows.started.slice(startedBefore);
    expect(new Set(started).size).toBe(ids.length);
    expect(started).toHaveLength(ids.length);
    const listed = await h.call(callers.rm, 'GET', '/v1/reviews', { query: { status: 'open' } });
    const reviewed = (listed.json.items as { customerId: string }[]).map((review) => review.customerId);
    expect([...reviewed].sort()).toEqual([...ids].sort());
  });

  it('DailySeniors makes each customer turning 65 senior once, across resumed cursors', async () => {
    clock.set(new Date('2026-12-04T10:00:00.000Z'));
    const turning: string[] = [];
    for (let n = 0; n < 3; n += 1) {
      sequence += 1;
      turning.push(
        await register(individual({ birthDate: '1961-12-05', idNumber: prcId('1961-12-05', sequence) })),
      );
    }
    clock.set(new Date('2026-12-04T16:05:00.000Z'));

    const pass = () =>
      runPassToEnd(
        (input, stillHasTime) => seniorsSegment(h.deps, h.jobItems(SENIOR_JOB), input, stillHasTime, 1),
        { pass: 'DailySeniors', job: SENIOR_JOB, startedAt: clock.now(), totalSegments: 3 },
        onePagePerInvocation(),
      );
    const first = await pass();
    const again = await pass();

    expect(first.reduce((sum, run) => sum + run.madeSenior, 0)).toBe(turning.length);
    expect(again.reduce((sum, run) => sum + run.madeSenior, 0)).toBe(0);
    for (const customerId of turning) {
      expect((await h.deps.store.get(customerId))?.senior).toBe(true);
      const changes = (await h.outboxEvents(customerId)).filter(
        (event) => event.detailType === 'CustomerProfileChanged',
      );
      expect(changes).toHaveLength(1);
    }
  });

  it('DailyShred shreds each due customer once across resumed cursors', async () => {
    clock.set(new Date('2027-02-01T02:00:00.000Z'));
    const erased: string[] = [];
    for (let n = 0; n < 3; n += 1) {
      const id = await register();
      await h.call(callers.rm, 'POST', `/v1/customers/${id}/erasure-requests`, { body: {} });
      const current = await h.call(callers.rm, 'GET', `/v1/customers/${id}`);
      await h.call(callers.rm, 'PATCH', `/v1/customers/${id}`, {
        headers: { 'if-match': `"${current.json.version}"` },
        body: { relationship: 'closed' },
      });
      erased.push(id);
    }
    clock.advance((10 * 366 + 1) * DAY);

    const runs = await runPassToEnd(
      (input, stillHasTime) => shredSegment(h.deps, h.jobItems(SHRED_JOB), input, stillHasTime, 1),
      { pass: 'DailyShred', job: SHRED_JOB, startedAt: clock.now(), totalSegments: 3 },
      onePagePerInvocation(),
    );

    expect(runs.reduce((sum, run) => sum + run.shredded, 0)).toBe(erased.length);
    expect(runs.reduce((sum, run) => sum + run.output.failed, 0)).toBe(0);
    for (const customerId of erased) {
      const events = (await h.outboxEvents(customerId)).filter(
        (event) => event.detailType === 'CustomerErased',
      );
      expect(events).toHaveLength(1);
    }
  });
});
