import { describe, expect, it } from 'vitest';
import {
  type ActivityAggregate,
  applyBalance,
  applyHolding,
  applyTransaction,
  emptyAggregate,
} from '../../../functions/activity/domain/aggregate.js';
import type { CustomerFacts } from '../../../functions/activity/domain/customer-facts.js';
import {
  type Grading,
  gradeCustomer,
  type SegmentState,
  segmentFactsOf,
} from '../../../functions/activity/domain/customer-grading.js';
import {
  DEFAULT_SEGMENTATION_CONFIG,
  type SegmentationConfig,
} from '../../../functions/activity/domain/segmentation/config.js';
import { SEGMENT_DIMENSIONS } from '../../../functions/activity/domain/segmentation/grading.js';
import type { TransactionFacts } from '../../../functions/activity/domain/transaction-delta.js';
import { customerId, holding, now, snapshot, tx } from './fixtures.js';

// `now` is 10 June 2026, 10:00 in Beijing (02:00Z): the last 3 full CST months are March–May.
const DAY = 86_400_000;
const daysAfter = (at: Date | string, days: number) => new Date(new Date(at).getTime() + days * DAY);
const daysBefore = (at: Date | string, days: number) => daysAfter(at, -days);

/** Onboarded more than 5 years before `now`: tenure is past its full share and `new` long over. */
const LONG_AGO = '2020-01-10T02:00:00.000Z';

function customer(overrides: Partial<CustomerFacts> = {}): CustomerFacts {
  return {
    customerId,
    customerType: 'individual',
    branch: '0101',
    rmId: 'rm-7',
    onboardedAt: LONG_AGO,
    relationship: 'active',
    profileVersion: 1,
    ...overrides,
  };
}

let sequence = 0;

/** The aggregate after `count` transactions posted at `postedAt`, each with its own id. */
function withTransactions(
  aggregate: ActivityAggregate,
  count: number,
  overrides: Partial<TransactionFacts>,
  at: Date = now,
): ActivityAggregate {
  let result = aggregate;
  for (let i = 0; i < count; i++) {
    sequence += 1;
    result = applyTransaction(result, tx({ transactionId: `txn-${sequence}`, ...overrides }), at);
  }
  return result;
}

interface GradeOptions {
  readonly aggregate?: ActivityAggregate;
  readonly facts?: CustomerFacts;
  readonly previous?: SegmentState;
  readonly config?: SegmentationConfig;
  readonly configVersion?: number;
  readonly at?: Date;
}

function grade(options: GradeOptions = {}): Grading {
  return gradeCustomer({
    aggregate: options.aggregate ?? emptyAggregate(customerId),
    facts: options.facts ?? customer(),
    previous: options.previous,
    config: options.config ?? DEFAULT_SEGMENTATION_CONFIG,
    configVersion: options.configVersion ?? 0,
    now: options.at ?? now,
  });
}

/** A customer active every month: 4 counted transactions a month and the same AUM throughout. */
function steadyCustomer(): ActivityAggregate {
  let aggregate = emptyAggregate(customerId);
  for (const month of ['2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12']) {
    aggregate = withTransactions(aggregate, 4, { postedAt: `${month}-15T02:00:00.000Z` });
  }
  for (const month of ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05']) {
    aggregate = withTransactions(aggregate, 4, { postedAt: `${month}-15T02:00:00.000Z` });
    aggregate = applyBalance(aggregate, snapshot({ asOf: `${month}-28T00:00:00.000Z` }), now);
  }
  return withTransactions(aggregate, 4, { postedAt: '2026-06-05T02:00:00.000Z' });
}

describe('gradeCustomer: first grading and re-grading', () => {
  it('reports every dimension from null at the first grading', () => {
    // Prepare
    const aggregate = steadyCustomer();

    // Act
    const first = grade({ aggregate });

    // Assess
    expect(first.changed).toBe(true);
    expect(first.changes.map((change) => change.dimension)).toEqual([...SEGMENT_DIMENSIONS]);
    for (const change of first.changes) {
      expect(change.from).toBeNull();
      expect(change.to).toBe(String(first.state[change.dimension]));
    }
    expect(first.state).toMatchObject({
      customerId,
      branch: '0101',
      gradedAt: now.toISOString(),
      configVersion: 0,
      assetTier: 'medium',
      activityTier: 'medium',
      lifecycleStage: 'mature',
      status: 'active',
    });
    expect(first.state.regradeAt > now.toISOString()).toBe(true);
  });

  it('changes nothing when graded again from the same inputs before its regrade time', () => {
    // Prepare
    const aggregate = steadyCustomer();
    const first = grade({ aggregate });

    // Act
    const again = grade({ aggregate, previous: first.state });

    // Assess
    expect(again.changed).toBe(false);
    expect(again.changes).toEqual([]);
    expect(again.state.regradeAt).toBe(first.state.regradeAt);
  });

  it('is changed, with no dimension change, when only the branch the customer is counted under moved', () => {
    // Prepare
    const aggregate = steadyCustomer();
    const first = grade({ aggregate });

    // Act
    const moved = grade({ aggregate, previous: first.state, facts: customer({ branch: '0102' }) });

    // Assess
    expect(moved.changed).toBe(true);
    expect(moved.changes).toEqual([]);
    expect(moved.state.branch).toBe('0102');
  });

  it('is changed, with no dimension change, when only the configuration version moved', () => {
    // Prepare
    const aggregate = steadyCustomer();
    const first = grade({ aggregate });

    // Act
    const regraded = grade({ aggregate, previous: first.state, configVersion: 3 });

    // Assess
    expect(regraded.changed).toBe(true);
    expect(regraded.changes).toEqual([]);
    expect(regraded.state.configVersion).toBe(3);
  });
});

describe('gradeCustomer: reactivation', () => {
  const lastSuccess = '2025-10-01T02:00:00.000Z';
  const dormantAggregate = withTransactions(emptyAggregate(customerId), 1, { postedAt: lastSuccess });
  const dormant = grade({ aggregate: dormantAggregate }).state;
  const revived = withTransactions(dormantAggregate, 1, { postedAt: now.toISOString() });

  it('grades a customer dormant after 180 days without a successful transaction', () => {
    // Assess (the precondition of the cases below)
    expect(dormant.lifecycleStage).toBe('dormant');
    expect(dormant.status).toBe('inactive');
  });

  it('reactivates a dormant customer on a successful transaction, from now', () => {
    // Act
    const result = grade({ aggregate: revived, previous: dormant });

    // Assess
    expect(result.state.lifecycleStage).toBe('reactivated');
    expect(result.state.status).toBe('active');
    expect(result.state.reactivatedAt).toBe(now.toISOString());
    expect(result.changes).toEqual(
      expect.arrayContaining([
        { dimension: 'lifecycleStage', from: 'dormant', to: 'reactivated' },
        { dimension: 'status', from: 'inactive', to: 'active' },
      ]),
    );
  });

  it('keeps a dormant customer dormant on a failed transaction', () => {
    // Prepare
    const failed = withTransactions(dormantAggregate, 1, { postedAt: now.toISOString(), status: 'failed' });

    // Act
    const result = grade({ aggregate: failed, previous: dormant });

    // Assess
    expect(result.state.lifecycleStage).toBe('dormant');
    expect(result.state.reactivatedAt).toBeUndefined();
  });

  it('stays reactivated, from the same time, for 89 days, and not on the 90th', () => {
    // Prepare
    const reactivated = grade({ aggregate: revived, previous: dormant }).state;

    // Act
    const day89 = grade({ aggregate: revived, previous: reactivated, at: daysAfter(now, 89) });
    const day90 = grade({ aggregate: revived, previous: day89.state, at: daysAfter(now, 90) });

    // Assess
    expect(day89.state.lifecycleStage).toBe('reactivated');
    expect(day89.state.reactivatedAt).toBe(now.toISOString());
    expect(day90.state.lifecycleStage).toBe('mature');
    expect(day90.state.reactivatedAt).toBeUndefined();
    expect(day90.changes).toContainEqual({ dimension: 'lifecycleStage', from: 'reactivated', to: 'mature' });
  });

  // Reactivation must not depend on when the daily job runs: a transaction arriving after
  // dormancy began, but before the job marked the customer dormant, still reactivates them.
  // Grading sees that the kept `regradeAt` has passed, records the dormancy at the time it
  // began, then the reactivation (docs/domain-rules.md §14.5, §14.6 "Unseen dormancy").
  it('reactivates a customer whose first transaction in 180 days arrives before the daily job regraded them', () => {
    // Prepare: graded at `now` with the last success 179 days before; dormancy began a day later.
    const last = daysBefore(now, 179);
    const quiet = withTransactions(emptyAggregate(customerId), 1, { postedAt: last.toISOString() });
    const kept = grade({ aggregate: quiet }).state;
    const backAt = daysAfter(now, 1.5);
    const back = withTransactions(quiet, 1, { postedAt: backAt.toISOString() }, backAt);

    // Act: the transaction is graded half a day after dormancy began, before any daily run.
    const result = grade({ aggregate: back, previous: kept, at: backAt });

    // Assess
    expect(kept.lifecycleStage).not.toBe('dormant');
    expect(result.state.lifecycleStage).toBe('reactivated');
    // The history shows both steps: dormant when it began, reactivated now.
    const lifecycle = result.changes.filter((change) => change.dimension === 'lifecycleStage');
    expect(lifecycle).toEqual([
      { dimension: 'lifecycleStage', from: kept.lifecycleStage, to: 'dormant', at: kept.regradeAt },
      { dimension: 'lifecycleStage', from: 'dormant', to: 'reactivated' },
    ]);
    expect(kept.regradeAt).toBe(daysAfter(last, 180).toISOString());
  });
});

describe('gradeCustomer: regradeAt, the next change time alone makes', () => {
  it('is the day a new customer’s tenure passes 90 whole days', () => {
    // Prepare: onboarded 85 days ago, at the same time of day as now.
    const onboardedAt = daysBefore(now, 85);
    const facts = customer({ onboardedAt: onboardedAt.toISOString() });

    // Act
    const result = grade({ facts });
    const regradeAt = new Date(result.state.regradeAt);
    const dayBefore = grade({ facts, previous: result.state, at: daysBefore(regradeAt, 1) });
    const thatDay = grade({ facts, previous: result.state, at: regradeAt });

    // Assess
    expect(result.state.lifecycleStage).toBe('new');
    expect(result.state.regradeAt).toBe(daysAfter(onboardedAt, 91).toISOString());
    expect(dayBefore.state.lifecycleStage).toBe('new');
    expect(thatDay.state.lifecycleStage).toBe('growing');
  });

  it('is the day dormancy starts for a customer whose last success was 179 days ago', () => {
    // Prepare
    const last = daysBefore(now, 179);
    const aggregate = withTransactions(emptyAggregate(customerId), 1, { postedAt: last.toISOString() });

    // Act
    const result = grade({ aggregate });
    const thatDay = grade({ aggregate, previous: result.state, at: new Date(result.state.regradeAt) });

    // Assess
    expect(result.state.lifecycleStage).not.toBe('dormant');
    expect(result.state.regradeAt).toBe(daysAfter(last, 180).toISOString());
    expect(thatDay.state.lifecycleStage).toBe('dormant');
    expect(thatDay.state.status).toBe('inactive');
  });

  // 9 counted transactions in March: `medium` while March is among the last 3 full months,
  // `low` (and declining) once July begins in Beijing.
  const marchOnly = (at: Date) =>
    withTransactions(emptyAggregate(customerId), 9, { postedAt: '2026-03-16T02:00:00.000Z' }, at);

  it('is the first step into the next CST month when a full month rolls out of the window', () => {
    // Prepare: 00:30 on 11 June in Beijing; 20 days on is 00:30 on 1 July there, still 30 June in UTC.
    const at = new Date('2026-06-10T16:30:00.000Z');

    // Act
    const result = grade({ aggregate: marchOnly(at), at });
    const july = grade({
      aggregate: marchOnly(at),
      previous: result.state,
      at: new Date(result.state.regradeAt),
    });

    // Assess
    expect(result.state.activityTier).toBe('medium');
    // Midnight in Beijing on 1 July, to the minute.
    expect(result.state.regradeAt).toBe('2026-06-30T16:00:00.000Z');
    expect(july.state.activityTier).toBe('low');
  });

  it('does not move at the UTC month end while Beijing is still in June', () => {
    // Prepare: 23:30 on 10 June in Beijing; 20 days on is 23:30 on 30 June there, 21 days on is 1 July.
    const at = new Date('2026-06-10T15:30:00.000Z');

    // Act
    const result = grade({ aggregate: marchOnly(at), at });

    // Assess
    expect(result.state.activityTier).toBe('medium');
    // Midnight in Beijing on 1 July (16:00 UTC on 30 June), not the UTC month end.
    expect(result.state.regradeAt).toBe('2026-06-30T16:00:00.000Z');
  });

  it('is the start of the next CST month when the segments would stay as they are: the activity summary turns then', () => {
    // Prepare
    const aggregate = steadyCustomer();

    // Act
    const result = grade({ aggregate });
    const minuteBefore = new Date(Date.parse(result.state.regradeAt) - 60_000);
    const justBefore = grade({ aggregate, previous: result.state, at: minuteBefore });
    const atTheTurn = grade({ aggregate, previous: result.state, at: new Date(result.state.regradeAt) });

    // Assess: midnight on 1 July in Beijing; the segments stay, June becomes a complete month.
    expect(result.state.regradeAt).toBe('2026-06-30T16:00:00.000Z');
    expect(justBefore.changed).toBe(false);
    expect(atTheTurn.changes).toEqual([]);
    expect(atTheTurn.summaryChanged).toBe(true);
    expect(atTheTurn.summary.months[0]).toEqual({
      month: '2026-06',
      transactions: 4,
      aum: null,
      outflows: 0,
    });
  });

  describe('whether the kept regrade time makes the grading worth saving', () => {
    const aggregate = steadyCustomer();
    const fresh = grade({ aggregate }).state;

    it('is changed when the kept regrade time has come', () => {
      // Act
      const result = grade({ aggregate, previous: { ...fresh, regradeAt: now.toISOString() } });

      // Assess
      expect(result.changed).toBe(true);
      expect(result.changes).toEqual([]);
      expect(result.state.regradeAt).toBe(fresh.regradeAt);
    });

    it('is changed when the new regrade time is earlier than the kept one', () => {
      // Act
      const later = daysAfter(fresh.regradeAt, 5).toISOString();
      const result = grade({ aggregate, previous: { ...fresh, regradeAt: later } });

      // Assess
      expect(result.changed).toBe(true);
      expect(result.state.regradeAt).toBe(fresh.regradeAt);
    });

    it('finds the same regrade time whenever it runs on the same data, so there is nothing to save', () => {
      // Act: graded again three hours later, nothing new.
      const later = new Date(now.getTime() + 3 * 3_600_000);
      const result = grade({ aggregate, previous: fresh, at: later });

      // Assess
      expect(result.state.regradeAt).toBe(fresh.regradeAt);
      expect(result.changed).toBe(false);
    });
  });
});

describe('gradeCustomer: the activity summary, announced when it changes materially', () => {
  it('announces a new last day once: a second transaction the same CST day changes nothing', () => {
    // Prepare: the steady customer last transacted on 5 June; now two more on 10 June in Beijing.
    const kept = grade({ aggregate: steadyCustomer() }).state;
    const morning = withTransactions(steadyCustomer(), 1, { postedAt: '2026-06-10T01:00:00.000Z' });
    const evening = withTransactions(morning, 1, { postedAt: '2026-06-10T01:30:00.000Z' });

    // Act
    const first = grade({ aggregate: morning, previous: kept });
    const second = grade({
      aggregate: evening,
      previous: first.state,
      at: new Date('2026-06-10T02:30:00.000Z'),
    });

    // Assess
    expect(kept.activitySummary?.lastTransactionDay).toBe('2026-06-05');
    expect(first.changes).toEqual([]);
    expect(first.summaryChanged).toBe(true);
    expect(first.changed).toBe(true);
    expect(first.summary.lastTransactionDay).toBe('2026-06-10');
    expect(second.summaryChanged).toBe(false);
    expect(second.changed).toBe(false);
  });

  it('announces the summary of a grading kept from before summaries were published', () => {
    // Prepare: the same grading, without the summary it would now carry.
    const aggregate = steadyCustomer();
    const { activitySummary: _published, ...older } = grade({ aggregate }).state;

    // Act
    const result = grade({ aggregate, previous: older });

    // Assess
    expect(result.changes).toEqual([]);
    expect(result.summaryChanged).toBe(true);
    expect(result.changed).toBe(true);
    expect(result.state.activitySummary).toEqual(result.summary);
  });

  it('summarises in the configuration’s currency', () => {
    // Act
    const result = grade({
      aggregate: steadyCustomer(),
      config: { ...DEFAULT_SEGMENTATION_CONFIG, currency: 'USD' },
    });

    // Assess: the CNY snapshots are unknown in USD, not zero.
    expect(result.summary.currency).toBe('USD');
    expect(result.summary.months.map((m) => m.aum)).toEqual([null, null, null, null, null, null]);
    expect(result.summary.months.map((m) => m.transactions)).toEqual([4, 4, 4, 4, 4, 4]);
  });
});

describe('gradeCustomer: churn by closed accounts', () => {
  const active = withTransactions(emptyAggregate(customerId), 3, { postedAt: '2026-05-20T02:00:00.000Z' });

  it('churns a customer, inactive, when every product held has been closed', () => {
    // Prepare
    const opened = applyHolding(active, holding({ productId: 'WM-01', at: '2026-03-01T00:00:00.000Z' }));
    const closed = applyHolding(
      opened,
      holding({ productId: 'WM-01', action: 'closed', at: '2026-05-01T00:00:00.000Z' }),
    );

    // Act
    const result = grade({ aggregate: closed });

    // Assess
    expect(
      segmentFactsOf(closed, customer(), undefined, DEFAULT_SEGMENTATION_CONFIG, now).allAccountsClosed,
    ).toBe(true);
    expect(result.state.lifecycleStage).toBe('churned');
    expect(result.state.status).toBe('inactive');
  });

  it('does not churn a customer who still holds one product', () => {
    // Prepare
    let aggregate = applyHolding(active, holding({ productId: 'WM-01' }));
    aggregate = applyHolding(aggregate, holding({ productId: 'WM-02' }));
    aggregate = applyHolding(
      aggregate,
      holding({ productId: 'WM-02', action: 'closed', at: '2026-05-01T00:00:00.000Z' }),
    );

    // Act
    const result = grade({ aggregate });

    // Assess
    expect(result.state.lifecycleStage).not.toBe('churned');
    expect(result.state.status).toBe('active');
  });

  it('does not churn a customer with no holdings reported at all', () => {
    // Act
    const result = grade({ aggregate: active });

    // Assess
    expect(
      segmentFactsOf(active, customer(), undefined, DEFAULT_SEGMENTATION_CONFIG, now).allAccountsClosed,
    ).toBe(false);
    expect(result.state.lifecycleStage).not.toBe('churned');
    expect(result.state.status).toBe('active');
  });

  it('churns a customer whose relationship is closed', () => {
    // Act
    const result = grade({ aggregate: active, facts: customer({ relationship: 'closed' }) });

    // Assess
    expect(result.state.lifecycleStage).toBe('churned');
    expect(result.state.status).toBe('inactive');
  });
});

describe('gradeCustomer: assets in the configured currency only', () => {
  // 7,000,000.00: above the high tier and the private-banking threshold, in CNY.
  const aum = 700_000_000;

  it('counts AUM in the configuration’s currency', () => {
    // Prepare
    const aggregate = applyBalance(emptyAggregate(customerId), snapshot({ aum, currency: 'CNY' }), now);

    // Act
    const result = grade({ aggregate });

    // Assess
    expect(result.state.assetTier).toBe('high');
    expect(result.state.privateBanking).toBe(true);
  });

  it('does not count AUM reported in another currency', () => {
    // Prepare
    const aggregate = applyBalance(emptyAggregate(customerId), snapshot({ aum, currency: 'HKD' }), now);

    // Act
    const result = grade({ aggregate });

    // Assess
    expect(segmentFactsOf(aggregate, customer(), undefined, DEFAULT_SEGMENTATION_CONFIG, now).aumNow).toBe(0);
    expect(result.state.assetTier).toBe('low');
    expect(result.state.privateBanking).toBe(false);
  });
});

describe('gradeCustomer: activity over the last 3 full CST months', () => {
  const inEach = (
    aggregate: ActivityAggregate,
    perMonth: number,
    overrides: Partial<TransactionFacts> = {},
  ) =>
    ['2026-03', '2026-04', '2026-05'].reduce(
      (result, month) =>
        withTransactions(result, perMonth, { postedAt: `${month}-15T02:00:00.000Z`, ...overrides }),
      aggregate,
    );
  const tierOf = (aggregate: ActivityAggregate, config?: SegmentationConfig) =>
    grade({ aggregate, ...(config === undefined ? {} : { config }) }).state.activityTier;

  it('grades medium from an average of 3 a month, low below', () => {
    // Prepare
    const nine = inEach(emptyAggregate(customerId), 3);
    const eight = withTransactions(inEach(emptyAggregate(customerId), 2), 2, {
      postedAt: '2026-04-16T02:00:00.000Z',
    });

    // Act / Assess
    expect(tierOf(nine)).toBe('medium');
    expect(tierOf(eight)).toBe('low');
  });

  it('grades high from an average of 10 a month, medium below', () => {
    // Prepare
    const thirty = inEach(emptyAggregate(customerId), 10);
    const twentyNine = withTransactions(inEach(emptyAggregate(customerId), 9), 2, {
      postedAt: '2026-05-16T02:00:00.000Z',
    });

    // Act / Assess
    expect(tierOf(thirty)).toBe('high');
    expect(tierOf(twentyNine)).toBe('medium');
  });

  it('counts neither the current month nor the month before the window', () => {
    // Prepare: 3 in April and May, 3 in February (out of the window) and 30 this month.
    let aggregate = withTransactions(emptyAggregate(customerId), 3, { postedAt: '2026-02-15T02:00:00.000Z' });
    aggregate = withTransactions(aggregate, 3, { postedAt: '2026-04-15T02:00:00.000Z' });
    aggregate = withTransactions(aggregate, 3, { postedAt: '2026-05-15T02:00:00.000Z' });
    aggregate = withTransactions(aggregate, 30, { postedAt: '2026-06-02T02:00:00.000Z' });

    // Act
    const facts = segmentFactsOf(aggregate, customer(), undefined, DEFAULT_SEGMENTATION_CONFIG, now);

    // Assess
    expect(facts.monthlySuccessfulCounts).toEqual([0, 3, 3]);
    expect(facts.activityPrevious3Months).toBe(3);
    expect(tierOf(aggregate)).toBe('low');
  });

  it('counts by the month in Beijing: 00:30 on 1 March there is March', () => {
    // Prepare: 3 a month in April and May, and 3 on either side of midnight, 28 Feb → 1 Mar CST.
    const base = withTransactions(
      withTransactions(emptyAggregate(customerId), 3, { postedAt: '2026-04-15T02:00:00.000Z' }),
      3,
      { postedAt: '2026-05-15T02:00:00.000Z' },
    );
    const firstOfMarch = withTransactions(base, 3, { postedAt: '2026-02-28T16:30:00.000Z' });
    const lastOfFebruary = withTransactions(base, 3, { postedAt: '2026-02-28T15:30:00.000Z' });

    // Act / Assess
    expect(tierOf(firstOfMarch)).toBe('medium');
    expect(tierOf(lastOfFebruary)).toBe('low');
  });

  it('counts only the configured types: fees not by default, and only successful transactions', () => {
    // Prepare
    const fees = inEach(emptyAggregate(customerId), 3, { type: 'fee' });
    const failed = inEach(emptyAggregate(customerId), 3, { status: 'failed' });
    const withFees = structuredClone(DEFAULT_SEGMENTATION_CONFIG);
    withFees.activity.countedTypes = [...withFees.activity.countedTypes, 'fee'];

    // Act / Assess
    expect(tierOf(fees)).toBe('low');
    expect(tierOf(fees, withFees)).toBe('medium');
    expect(tierOf(failed)).toBe('low');
  });
});
