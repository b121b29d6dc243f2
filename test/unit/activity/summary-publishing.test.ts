import { describe, expect, it } from 'vitest';
import type { SegmentState } from '../../../functions/activity/domain/customer-grading.js';
import { transactionDelta } from '../../../functions/activity/domain/transaction-delta.js';
import { regradeCustomer } from '../../../functions/activity/service/grade.js';
import type {
  ActivitySummaryRecord,
  SegmentChangeRecord,
  StoredSegments,
} from '../../../functions/activity/store/grading-store.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { customerId, tx } from './fixtures.js';
import { InMemoryGradingStore, inMemoryActivityDeps } from './grading-fakes.js';

/** 10 June 2026, 10:00 in Beijing. */
const NOW = new Date('2026-06-10T02:00:00.000Z');

/**
 * A grading store where another grading of the same customer saves first, once: the first save
 * this store is asked for is made twice, the racing grading's (which publishes) and then ours,
 * which finds the version moved, as two consumers racing on DynamoDB do.
 */
class RacedGradingStore extends InMemoryGradingStore {
  raced = false;

  override async saveGrading(
    previous: StoredSegments | undefined,
    state: SegmentState,
    changes: readonly SegmentChangeRecord[],
    now: Date,
    summaryChange?: ActivitySummaryRecord,
  ): Promise<'saved' | 'conflict'> {
    if (!this.raced) {
      this.raced = true;
      await super.saveGrading(previous, state, changes, now, summaryChange);
    }
    return super.saveGrading(previous, state, changes, now, summaryChange);
  }
}

function world() {
  const clock = new ControlledClock(NOW);
  const built = inMemoryActivityDeps(clock);
  const grading = new RacedGradingStore();
  grading.register({
    customerId,
    customerType: 'individual',
    branch: '0101',
    rmId: 'rm-7',
    onboardedAt: '2024-01-10T02:00:00.000Z',
    relationship: 'active',
    profileVersion: 1,
  });
  const deps = { ...built.deps, grading, activity: grading.activity };
  return { deps, grading };
}

describe('regradeCustomer: ActivitySummaryChanged with the grading that keeps it', () => {
  it('publishes nothing more when a racing grading published the same summary first', async () => {
    // Prepare
    const { deps, grading } = world();

    // Act: our save loses the race, we read again and find the summary published.
    const outcome = await regradeCustomer(deps, customerId);

    // Assess
    expect(outcome).toBe('unchanged');
    expect(grading.summaries).toHaveLength(1);
    expect(grading.segments.get(customerId)?.version).toBe(1);
  });

  it('announces the summary the grading keeps, with the grading time and nothing personal', async () => {
    // Prepare: a first grading, then a transaction that moves the last day.
    const { deps, grading } = world();
    await regradeCustomer(deps, customerId);
    await grading.activity.recordTransaction({
      customerId,
      transactionId: 'txn-pub-1',
      status: 'success',
      delta: transactionDelta(tx({ transactionId: 'txn-pub-1', postedAt: '2026-06-10T01:00:00.000Z' })),
    });

    // Act
    const outcome = await regradeCustomer(deps, customerId);
    const again = await regradeCustomer(deps, customerId);

    // Assess
    expect(outcome).toBe('changed');
    expect(again).toBe('unchanged');
    expect(grading.summaries).toHaveLength(2);
    const published = grading.summaries[1];
    expect(Object.keys(published ?? {}).sort()).toEqual([
      'at',
      'currency',
      'customerId',
      'lastTransactionDay',
      'months',
    ]);
    expect(published).toMatchObject({ customerId, lastTransactionDay: '2026-06-10', at: NOW.toISOString() });
    expect(grading.segments.get(customerId)?.state.activitySummary).toEqual({
      lastTransactionDay: published?.lastTransactionDay,
      months: published?.months,
      currency: published?.currency,
    });
  });
});
