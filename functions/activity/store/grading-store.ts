import type { EventDetail } from '../../../shared/events/index.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import type { ActivityAggregate } from '../domain/aggregate.js';
import type { CustomerFacts, FactsChange } from '../domain/customer-facts.js';
import type { SegmentState } from '../domain/customer-grading.js';
import type { ActivitySummaryChanged, CustomerSegmentChanged } from '../events.js';

/** The grading kept for a customer, with the version its next save is conditional on. */
export interface StoredSegments {
  readonly state: SegmentState;
  readonly version: number;
}

/** Everything grading reads of one customer: one query of its partition. */
export interface CustomerPartition {
  readonly aggregate: ActivityAggregate;
  /** Absent while the customer is unknown (not registered yet). */
  readonly facts?: CustomerFacts | undefined;
  readonly segments?: StoredSegments | undefined;
}

/**
 * `unknown`: the customer is not registered (yet); `stale`: what is kept is as new or newer;
 * `erased`: the customer was erased, nothing of it is kept again; `other-branch`: a newer
 * assignment that would move the customer to another branch, which no CRM change does
 * (docs/domain-rules.md §13.2), so it is not believed.
 */
export type FactsOutcome = 'accepted' | 'stale' | 'unknown' | 'erased' | 'other-branch';

/** An inbound event kept until its customer is registered. */
export interface ParkedEvent {
  readonly customerId: string;
  /** Unique per event (a transaction's id and status, else the event id). */
  readonly key: string;
  /** The event as delivered, minus anything never stored (the account reference). */
  readonly event: ConsumedEvent;
  readonly parkedAt: string;
  /** After this it goes to the dead-letter queue. */
  readonly expiresAt: string;
}

/**
 * `already-parked`: the same event (same customer and key) is held already; `erased`: the
 * customer was erased, the event is dropped. Nothing was written in either case.
 */
export type ParkOutcome = 'parked' | 'already-parked' | 'erased';

/** One recorded segment change (the detail of the CustomerSegmentChanged event). */
export type SegmentChangeRecord = Omit<EventDetail<typeof CustomerSegmentChanged>, 'eventId' | 'occurredAt'>;

/** A published activity summary (the detail of the ActivitySummaryChanged event). */
export type ActivitySummaryRecord = Omit<
  EventDetail<typeof ActivitySummaryChanged>,
  'eventId' | 'occurredAt'
>;

/** One branch's counts: dimension → value → customers. */
export interface BranchSummary {
  readonly branch: string;
  readonly counts: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** A page of a long read, with the cursor of the next one. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly next?: Record<string, unknown> | undefined;
}

/** Persistence port of the grading side: mirrored facts, segments, history, parked events, summary. */
export interface GradingStore {
  /** The customer's aggregate, facts and grading as of `now` (one consistent query). */
  readCustomer(customerId: string, now: Date): Promise<CustomerPartition>;
  /** Applies a change to the mirrored facts if it is newer than what is kept. */
  applyFacts(customerId: string, change: FactsChange): Promise<FactsOutcome>;
  /**
   * Removes everything kept about the customer (facts, grading, history, activity, parked
   * events), takes it out of the summary counts and keeps only the erasure marker, so a late or
   * replayed event never brings anything back. Idempotent.
   */
  eraseCustomer(customerId: string, erasedAt: string): Promise<void>;
  /**
   * Replaces the grading (with the activity summary it carries), conditional on `previous` still
   * being the one kept, and writes the history entries, the summary counters, the
   * CustomerSegmentChanged events and, given `summaryChange`, the ActivitySummaryChanged event
   * with it, in one transaction. `conflict`: another grading got there first (read again and
   * regrade); nothing was written, so nothing is announced twice.
   */
  saveGrading(
    previous: StoredSegments | undefined,
    state: SegmentState,
    changes: readonly SegmentChangeRecord[],
    now: Date,
    summaryChange?: ActivitySummaryRecord,
  ): Promise<'saved' | 'conflict'>;
  /**
   * Keeps an event for an unknown customer; parking the same event twice keeps one (the first,
   * whose expiry stands) and says so.
   */
  park(parked: ParkedEvent): Promise<ParkOutcome>;
  parkedFor(customerId: string): Promise<ParkedEvent[]>;
  unpark(customerId: string, key: string): Promise<void>;
  /** Parked events whose time ran out, one index shard at a time. */
  expiredParked(shard: number, now: Date, cursor?: Record<string, unknown>): Promise<Page<ParkedEvent>>;
  /** Customers whose `regradeAt` has come, one index shard at a time. */
  dueForRegrade(shard: number, now: Date, cursor?: Record<string, unknown>): Promise<Page<string>>;
  /** The customer's segment changes, newest first. */
  segmentHistory(customerId: string, limit: number): Promise<SegmentChangeRecord[]>;
  /** Customers per dimension and value, per branch (one branch, or all). */
  segmentSummary(branch?: string): Promise<BranchSummary[]>;
}
