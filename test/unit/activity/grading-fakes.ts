import {
  type ActivityAggregate,
  applyDelta,
  emptyAggregate,
  pruneAggregate,
} from '../../../functions/activity/domain/aggregate.js';
import { balanceOrderKey } from '../../../functions/activity/domain/balances.js';
import type { CustomerFacts, FactsChange } from '../../../functions/activity/domain/customer-facts.js';
import type { SegmentState } from '../../../functions/activity/domain/customer-grading.js';
import { holdingOrderKey } from '../../../functions/activity/domain/holdings.js';
import { DEFAULT_SEGMENTATION_CONFIG } from '../../../functions/activity/domain/segmentation/config.js';
import { transactionAmountCaps } from '../../../functions/activity/domain/settings.js';
import { SEGMENT_DIMENSIONS } from '../../../functions/activity/events.js';
import type { IngestDeps } from '../../../functions/activity/service/deps.js';
import type { ConfigSource } from '../../../functions/activity/service/segmentation-config.js';
import type {
  ActivityStore,
  BalanceRecord,
  HoldingRecord,
  MergeOutcome,
  TransactionRecord,
  TransactionWriteResult,
} from '../../../functions/activity/store/activity-store.js';
import type { SegmentationConfigStore } from '../../../functions/activity/store/config-store.js';
import type {
  ActivitySummaryRecord,
  BranchSummary,
  CustomerPartition,
  FactsOutcome,
  GradingStore,
  Page,
  ParkedEvent,
  ParkOutcome,
  SegmentChangeRecord,
  StoredSegments,
} from '../../../functions/activity/store/grading-store.js';
import type { Clock } from '../../../shared/time/clock.js';
import { InMemoryGradingQueue } from '../../support/activity-grading-queue.js';
import { InMemoryConfigStore } from './config-fake-store.js';

/**
 * In-memory fakes of the activity capability's two store ports, with the DynamoDB adapters'
 * semantics: every activity write needs the customer's facts (else `unknown-customer`),
 * transactions count once per (transactionId, status), balances and holdings keep the greatest
 * order key, facts move forward only, and a grading saves only from the version it read.
 */

/** Whether the customer's facts exist: what makes a customer known to both stores. */
type KnownCheck = (customerId: string) => boolean;

/** The ActivityStore port in memory; `known` is answered by the grading fake's facts. */
export class InMemoryActivityStore implements ActivityStore {
  readonly aggregates = new Map<string, ActivityAggregate>();
  /** Idempotency records: `transactionId#status`. */
  readonly counted = new Set<string>();
  /** Calls that wrote something: a refused call must leave it unchanged. */
  writes = 0;

  constructor(private readonly known: KnownCheck) {}

  private aggregateOf(customerId: string): ActivityAggregate {
    return this.aggregates.get(customerId) ?? emptyAggregate(customerId);
  }

  async recordTransaction(record: TransactionRecord): Promise<TransactionWriteResult> {
    if (!this.known(record.customerId)) return { outcome: 'unknown-customer', writes: 1 };
    const key = `${record.transactionId}#${record.status}`;
    if (this.counted.has(key)) return { outcome: 'duplicate', writes: 1 };
    let counted: ReturnType<typeof applyDelta>;
    try {
      counted = applyDelta(this.aggregateOf(record.customerId), record.delta);
    } catch (error) {
      // As the DynamoDB store's condition: a total past 2^53 − 1 writes nothing.
      if (error instanceof RangeError) return { outcome: 'out-of-range', writes: 1 };
      throw error;
    }
    this.counted.add(key);
    this.aggregates.set(record.customerId, counted);
    this.writes += 1;
    return { outcome: 'accepted', writes: 1 };
  }

  async recordBalance(record: BalanceRecord): Promise<MergeOutcome> {
    if (!this.known(record.customerId)) return 'unknown-customer';
    const aggregate = this.aggregateOf(record.customerId);
    const kept = Object.hasOwn(aggregate.balances, record.month)
      ? aggregate.balances[record.month]
      : undefined;
    if (kept !== undefined && balanceOrderKey(kept) >= record.orderKey) return 'stale';
    this.aggregates.set(record.customerId, {
      ...aggregate,
      balances: { ...aggregate.balances, [record.month]: record.point },
    });
    this.writes += 1;
    return 'accepted';
  }

  async recordHolding(record: HoldingRecord): Promise<MergeOutcome> {
    if (!this.known(record.customerId)) return 'unknown-customer';
    const aggregate = this.aggregateOf(record.customerId);
    const kept = Object.hasOwn(aggregate.holdings, record.productId)
      ? aggregate.holdings[record.productId]
      : undefined;
    if (kept !== undefined && holdingOrderKey(kept) >= record.orderKey) return 'stale';
    this.aggregates.set(record.customerId, {
      ...aggregate,
      holdings: { ...aggregate.holdings, [record.productId]: record.state },
    });
    this.writes += 1;
    return 'accepted';
  }

  async getAggregate(customerId: string, now: Date): Promise<ActivityAggregate> {
    return pruneAggregate(this.aggregateOf(customerId), now);
  }
}

/** The summary as the adapter's counters give it: per branch, dimension → value → customers. */
function summarise(states: Iterable<SegmentState>, branch: string | undefined): BranchSummary[] {
  const byBranch = new Map<string, Record<string, Record<string, number>>>();
  for (const state of states) {
    if (branch !== undefined && state.branch !== branch) continue;
    const counts = byBranch.get(state.branch) ?? {};
    for (const dimension of SEGMENT_DIMENSIONS) {
      const value = String(state[dimension]);
      const values = counts[dimension] ?? {};
      values[value] = (values[value] ?? 0) + 1;
      counts[dimension] = values;
    }
    byBranch.set(state.branch, counts);
  }
  return [...byBranch.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, counts]) => ({ branch: name, counts }));
}

/** The GradingStore port in memory, reading aggregates from an {@link InMemoryActivityStore}. */
export class InMemoryGradingStore implements GradingStore {
  readonly facts = new Map<string, CustomerFacts>();
  readonly segments = new Map<string, StoredSegments>();
  /** Every recorded segment change, oldest first. */
  readonly history: SegmentChangeRecord[] = [];
  /** Every ActivitySummaryChanged detail a saved grading announced, oldest first. */
  readonly summaries: ActivitySummaryRecord[] = [];
  readonly parked = new Map<string, ParkedEvent>();
  readonly erased = new Set<string>();
  readonly activity: InMemoryActivityStore;

  constructor() {
    this.activity = new InMemoryActivityStore((customerId) => this.facts.has(customerId));
  }

  /** Seeds a registered customer's facts directly (what CustomerRegistered would leave). */
  register(facts: CustomerFacts): void {
    this.facts.set(facts.customerId, facts);
  }

  async readCustomer(customerId: string, now: Date): Promise<CustomerPartition> {
    return {
      aggregate: await this.activity.getAggregate(customerId, now),
      facts: this.facts.get(customerId),
      segments: this.segments.get(customerId),
    };
  }

  async applyFacts(customerId: string, change: FactsChange): Promise<FactsOutcome> {
    const kept = this.facts.get(customerId);
    if (change.kind === 'registered' && this.erased.has(customerId)) return 'erased';
    if (change.kind === 'registered') {
      if (kept !== undefined) return 'stale';
      const { kind: _kind, ...registered } = change;
      this.register({ customerId, ...registered, relationship: 'active', profileVersion: 1 });
      return 'accepted';
    }
    if (kept === undefined) return 'unknown';
    switch (change.kind) {
      case 'assignment':
        if (kept.profileVersion >= change.version) return 'stale';
        if (kept.branch !== change.branch) return 'other-branch';
        this.facts.set(customerId, {
          ...kept,
          branch: change.branch,
          rmId: change.rmId,
          relationship: change.relationship,
          profileVersion: change.version,
        });
        return 'accepted';
      case 'credit':
        if (kept.creditAt !== undefined && kept.creditAt >= change.at) return 'stale';
        this.facts.set(customerId, { ...kept, creditGrade: change.grade, creditAt: change.at });
        return 'accepted';
      case 'compliance':
        if (kept.complianceAt !== undefined && kept.complianceAt >= change.at) return 'stale';
        this.facts.set(customerId, { ...kept, complianceStatus: change.status, complianceAt: change.at });
        return 'accepted';
    }
  }

  async saveGrading(
    previous: StoredSegments | undefined,
    state: SegmentState,
    changes: readonly SegmentChangeRecord[],
    _now: Date,
    summaryChange?: ActivitySummaryRecord,
  ): Promise<'saved' | 'conflict'> {
    const kept = this.segments.get(state.customerId);
    if (kept?.version !== previous?.version) return 'conflict';
    this.segments.set(state.customerId, { state, version: (previous?.version ?? 0) + 1 });
    this.history.push(...changes);
    if (summaryChange !== undefined) this.summaries.push(summaryChange);
    return 'saved';
  }

  async eraseCustomer(customerId: string): Promise<void> {
    this.erased.add(customerId);
    this.facts.delete(customerId);
    this.segments.delete(customerId);
    for (const [key, item] of this.parked) if (item.customerId === customerId) this.parked.delete(key);
  }

  async park(parked: ParkedEvent): Promise<ParkOutcome> {
    if (this.erased.has(parked.customerId)) return 'erased';
    const key = `${parked.customerId}#${parked.key}`;
    // The first parking sets the expiry; a redelivery must not extend it.
    if (this.parked.has(key)) return 'already-parked';
    this.parked.set(key, parked);
    return 'parked';
  }

  async parkedFor(customerId: string): Promise<ParkedEvent[]> {
    return [...this.parked.values()].filter((item) => item.customerId === customerId);
  }

  async unpark(customerId: string, key: string): Promise<void> {
    this.parked.delete(`${customerId}#${key}`);
  }

  async expiredParked(_shard: number, now: Date): Promise<Page<ParkedEvent>> {
    const at = now.toISOString();
    return { items: [...this.parked.values()].filter((item) => item.expiresAt <= at) };
  }

  async dueForRegrade(_shard: number, now: Date): Promise<Page<string>> {
    const at = now.toISOString();
    return {
      items: [...this.segments.values()]
        .filter((s) => s.state.regradeAt <= at)
        .map((s) => s.state.customerId),
    };
  }

  async segmentHistory(customerId: string, limit: number): Promise<SegmentChangeRecord[]> {
    return this.history
      .filter((change) => change.customerId === customerId)
      .reverse()
      .slice(0, limit);
  }

  async segmentSummary(branch?: string): Promise<BranchSummary[]> {
    return summarise(
      [...this.segments.values()].map((s) => s.state),
      branch,
    );
  }
}

/** The configuration source the grader reads: the defaults as version 0. */
export const defaultConfigSource: ConfigSource = {
  current: async () => ({ version: 0, config: DEFAULT_SEGMENTATION_CONFIG }),
};

/**
 * Activity deps over the in-memory stores and the given clock (and configuration store), their
 * gradings requested from `gradings` (`gradings.drain(deps)` grades them).
 */
export function inMemoryActivityDeps(
  clock: Clock,
  configStore: SegmentationConfigStore = new InMemoryConfigStore(),
): { deps: IngestDeps; grading: InMemoryGradingStore; gradings: InMemoryGradingQueue } {
  const grading = new InMemoryGradingStore();
  const gradings = new InMemoryGradingQueue();
  return {
    grading,
    gradings,
    deps: {
      activity: grading.activity,
      grading,
      configStore,
      config: defaultConfigSource,
      clock,
      parkingHours: 72,
      postedAtSkewSeconds: 300,
      amountCaps: transactionAmountCaps({}),
      gradingRequests: gradings,
    },
  };
}
