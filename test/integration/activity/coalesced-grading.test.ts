import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVITY_SOURCE } from '../../../functions/activity/events.js';
import { consumeEvent } from '../../../functions/activity/service/consume.js';
import type { IngestDeps } from '../../../functions/activity/service/deps.js';
import { regradeCustomer } from '../../../functions/activity/service/grade.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { type ActivityHarness, activityHarness } from '../../support/activity-harness.js';
import { localGrading } from '../../support/activity-local-grading.js';
import { inParallel } from './synthetic.js';

const NOW = new Date('2026-06-10T02:00:00.000Z');
const BURST = 40;

/** When the `index`th transaction was posted: a minute apart, the last a minute before NOW. */
const postedAtOf = (index: number) => new Date(NOW.getTime() - (BURST + 1 - index) * 60_000).toISOString();

function posted(customerId: string, index: number): ConsumedEvent {
  const postedAt = postedAtOf(index);
  return {
    source: 'core-banking',
    detailType: 'TransactionPosted',
    id: `evt-burst-${customerId}-${index}`,
    time: postedAt,
    detail: {
      transactionId: `txn-burst-${customerId}-${index}`,
      customerId,
      type: 'deposit',
      channel: 'mobile-banking',
      amount: 10_000,
      currency: 'CNY',
      status: 'success',
      postedAt,
    },
  };
}

/** A gate the grader waits at: closed until the test opens it. */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait: () => opened, open: () => open() };
}

describe('coalesced grading through the FIFO queue, on DynamoDB Local', () => {
  let h: ActivityHarness;
  const clock = new ControlledClock(NOW);

  beforeAll(async () => {
    h = await activityHarness();
    h.clock.use(clock);
  });
  afterAll(() => h.close());

  it('grades a burst of one customer’s events right, in a few gradings: one per batch of up to 10 requests', async () => {
    // Prepare: a customer onboarded long ago; the grader held until the whole burst is counted
    // (a backlog, as under load), then let go.
    const id = 'cus_01KDVDNA00BURSTBURSTBURST1';
    await h.register(id);
    const held = gate();
    const grading = localGrading(h.deps(clock), { clock, maxConcurrency: 4, beforeBatch: held.wait });
    const deps: IngestDeps = h.deps(clock, { gradingRequests: grading.requests });
    const events = Array.from({ length: BURST }, (_, i) => posted(id, i + 1));

    // Act: 8 in flight, as EventBridge invokes the consumer concurrently; one event twice.
    const outcomes = await inParallel([...events, events[7] as ConsumedEvent], 8, (event) =>
      consumeEvent(deps, event),
    );
    held.open();
    await grading.settled();

    // Assess: every event counted once and requested; SQS dropped the redelivery's repeat.
    expect(outcomes.filter((o) => o.outcome === 'applied')).toHaveLength(BURST);
    expect(grading.queue.stats).toMatchObject({ sent: BURST + 1, duplicates: 1, deadLettered: 0 });
    // The first batch took the first request alone (the queue was empty), the other 39 waited
    // behind it in the customer's group: 1 + 10 + 10 + 10 + 9 requests, one grading each.
    expect(grading.gradings()).toBe(5);
    const { segments, aggregate } = await h.grading.readCustomer(id, clock.now());
    expect(aggregate.months['2026-06']?.['success.count']).toBe(BURST);
    expect(aggregate.lastSuccessfulAt).toBe(postedAtOf(BURST));
    expect(segments?.state.lastActiveAt).toBe(postedAtOf(BURST));
    // The grade kept is the grade of everything counted: grading again changes nothing.
    await expect(regradeCustomer(deps, id)).resolves.toBe('unchanged');
    // The first grading saw the whole burst; the four after it found nothing changed and wrote
    // nothing: one CustomerSegmentChanged per dimension, none repeated.
    const dimensions = (await h.outboxItems())
      .filter((item) => item.source === ACTIVITY_SOURCE && item.detailType === 'CustomerSegmentChanged')
      .map((item) => JSON.parse(String(item.detail)) as { customerId: string; dimension: string })
      .filter((change) => change.customerId === id)
      .map((change) => change.dimension);
    expect(dimensions.length).toBeGreaterThan(0);
    expect(new Set(dimensions).size).toBe(dimensions.length);
  });

  it('ends with every customer graded from all its events when the grader runs alongside the consumer', async () => {
    // Prepare: two customers, their events interleaved, the grader free to run at any time.
    const ids = ['cus_01KDVDNA00BURSTBURSTBURST2', 'cus_01KDVDNA00BURSTBURSTBURST3'];
    await h.register(...ids);
    const grading = localGrading(h.deps(clock), { clock, maxConcurrency: 2 });
    const deps: IngestDeps = h.deps(clock, { gradingRequests: grading.requests });
    const events = Array.from({ length: 12 }, (_, i) => posted(ids[i % 2] ?? '', i + 1));

    // Act
    await inParallel(events, 8, (event) => consumeEvent(deps, event));
    await grading.settled();

    // Assess: whatever the interleaving, each customer is graded and its grade is that of
    // everything counted (grading again changes nothing).
    for (const id of ids) {
      const { segments } = await h.grading.readCustomer(id, clock.now());
      expect(segments?.state.customerId).toBe(id);
      await expect(regradeCustomer(deps, id)).resolves.toBe('unchanged');
    }
    expect(grading.queue.deadLetters).toEqual([]);
    expect(grading.deadLetters).toEqual([]);
  });
});
