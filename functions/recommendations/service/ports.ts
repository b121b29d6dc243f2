import type { HOLDING_ACTIONS } from '../../../shared/events/external.js';
import type { OutboxEvent } from '../../../shared/outbox/index.js';
import type * as z from '../../../shared/zod.js';
import type { CUSTOMER_TYPES, suitabilityFactsField } from '../../customers/events.js';
import type {
  AnnouncedProduct as Product,
  ProductCategory,
  ProductRiskLevel,
} from '../../products/events.js';
import type { AffinityReason } from '../domain/ranking-reasons.js';
import type { ExclusionReason, SatisfiedRule, SeniorConfirmation } from '../domain/suitability.js';
import type { RecommendationChannel, RecommendationResponse } from '../events.js';

/**
 * The recommendations capability's stores, as its use cases see them (docs/domain-rules.md §19).
 * The consumer keeps the mirrors from events; the API reads them and writes recommendations,
 * answers and KPI counts. DynamoDB adapters in store/, in-memory fakes in the tests.
 */

/** The suitability facts as the customers capability announces them (C1). */
export type SuitabilityFacts = z.infer<typeof suitabilityFactsField>;

/** One product holding as core banking last reported it. */
export interface HoldingFact {
  readonly productId: string;
  readonly riskLevel: ProductRiskLevel;
  readonly action: (typeof HOLDING_ACTIONS)[number];
  readonly at: string;
}

/** A customer's latest answer in one category that keeps it out or ranks it lower. */
export interface CategoryAnswer {
  readonly response: Exclude<RecommendationResponse, 'accepted'>;
  readonly at: string;
}

/** Segment values mirrored from CustomerSegmentChanged (the dimensions recommendations subscribes to). */
export type MirroredSegments = Readonly<
  Partial<Record<'compositeGrade' | 'creditGrade' | 'assetTier' | 'lifecycleStage', string>>
>;

/** What recommendations knows of one customer: C1 facts only. */
export interface CustomerView {
  readonly customerId: string;
  readonly customerType: (typeof CUSTOMER_TYPES)[number];
  /** Scope: the record's branch and RM, for the policy. */
  readonly branch: string;
  readonly rmId: string;
  readonly relationship: 'active' | 'closed';
  /** Absent until an event with suitability facts arrived: no assessment, not senior. */
  readonly suitability?: SuitabilityFacts | undefined;
  /** Some restriction reason is active (erasure requested, compliance risk). */
  readonly restricted: boolean;
  readonly erased: boolean;
  readonly segments: MirroredSegments;
  readonly holdings: readonly HoldingFact[];
  /** The latest decline or not-interested answer per category. */
  readonly answers: Readonly<Partial<Record<ProductCategory, CategoryAnswer>>>;
  /**
   * Changes with every write to the customer's facts or answers: a recommendation is recorded
   * only if it is unchanged since the facts were read (the write guard; see `record`).
   */
  readonly revision: number;
}

/** A recommendation as recorded. */
export interface RecommendationRecord {
  readonly recommendationId: string;
  readonly customerId: string;
  /** The customer's branch and RM when it was made (scope of the answer, KPI by branch). */
  readonly branch: string;
  readonly rmId: string;
  readonly productId: string;
  readonly productVersion: number;
  readonly category: ProductCategory;
  readonly riskLevel: ProductRiskLevel;
  readonly channel: RecommendationChannel;
  readonly score: number;
  readonly reasons: readonly AffinityReason[];
  readonly satisfied: readonly SatisfiedRule[];
  readonly ruleVersion: string;
  readonly seniorConfirmation?: SeniorConfirmation | undefined;
  /** Who recorded it (the caller's subject, or `retention` for a retention case's offer) and when. */
  readonly madeBy: string;
  readonly madeAt: string;
  /** The retention case whose offer request recorded it (docs/domain-rules.md §20.5). */
  readonly caseId?: string | undefined;
  /** The contact request sent to engagement, when the channel sends. */
  readonly contactRequestId?: string | undefined;
  readonly response?: RecommendationResponse | undefined;
  readonly respondedAt?: string | undefined;
  readonly respondedBy?: string | undefined;
}

/** KPI counts of one day (China Standard Time) and branch. */
export interface KpiBucket {
  readonly day: string;
  readonly branch: string;
  /** Per product category: made, accepted, declined, not interested. */
  readonly byCategory: Readonly<
    Partial<
      Record<ProductCategory, { made: number; accepted: number; declined: number; notInterested: number }>
    >
  >;
  /** Product exclusions shown to RMs (each list counts its exclusions), per reason. */
  readonly excluded: Readonly<Partial<Record<ExclusionReason, number>>>;
  /** Recommendations refused at recording (422), per reason. */
  readonly refused: Readonly<Partial<Record<ExclusionReason, number>>>;
}

/** Thrown by `record` when the customer's facts changed since they were read: read and assess again. */
export class CustomerFactsChangedError extends Error {
  override readonly name = 'CustomerFactsChangedError';
}

/** Thrown by `record` when the product changed since it was judged: read and assess again. */
export class ProductChangedError extends Error {
  override readonly name = 'ProductChangedError';
}

/** Thrown by `respond` when the recommendation was already answered. */
export class AlreadyAnsweredError extends Error {
  override readonly name = 'AlreadyAnsweredError';
}

/** What the API reads and writes. */
export interface RecommendationStore {
  /** The customer's facts and answers in one read; undefined for a customer never registered. */
  customer(customerId: string): Promise<CustomerView | undefined>;
  /** Every product of the catalogue mirror, current versions. */
  catalogue(): Promise<readonly Product[]>;
  product(productId: string): Promise<Product | undefined>;
  /**
   * Records a recommendation, its outbox events and its KPI count in one transaction, only if
   * the customer's revision is still `customerRevision` (else CustomerFactsChangedError) and the
   * mirrored product is still at `recommendation.productVersion`, the version judged (else
   * ProductChangedError).
   * Idempotent on `recommendationId`: an id already recorded writes nothing (no event, no count)
   * and resolves. For an Idempotency-Key, derive the id from the caller and the key (as
   * engagement derives a staff request id) and answer the replay with `get(id)`.
   * With `offerRequestId` (a retention case's offer request) the request is marked answered in
   * the same transaction; a request answered before (recorded, or unavailable) writes nothing.
   */
  record(
    recommendation: RecommendationRecord,
    guard: { readonly customerRevision: number; readonly offerRequestId?: string | undefined },
    events: readonly OutboxEvent[],
  ): Promise<void>;
  /**
   * Marks a retention case's offer request answered with no recommendation, with its outbox
   * event (RecommendationUnavailable), in one transaction; a request answered before writes
   * nothing and resolves.
   */
  recordOfferUnavailable(offerRequestId: string, at: string, events: readonly OutboxEvent[]): Promise<void>;
  get(recommendationId: string): Promise<RecommendationRecord | undefined>;
  /**
   * Records the customer's answer, once (else AlreadyAnsweredError, also for an id never
   * recorded); a decline or not-interested answer also becomes the customer's latest answer in
   * the category and bumps the facts revision. Outbox and KPI count in the same transaction.
   * CustomerFactsChangedError when a decline or not-interested meets an erased customer (erased
   * meanwhile: nothing written; read the customer again).
   */
  respond(
    recommendation: RecommendationRecord,
    answer: { readonly response: RecommendationResponse; readonly at: string; readonly by: string },
    events: readonly OutboxEvent[],
  ): Promise<RecommendationRecord>;
  /** Adds one list's exclusions (per reason) or one refusal's reasons to the day's bucket. */
  countExclusions(
    day: string,
    branch: string,
    kind: 'excluded' | 'refused',
    reasons: Readonly<Partial<Record<ExclusionReason, number>>>,
  ): Promise<void>;
  /** The buckets of days `from`..`to` (inclusive), of one branch or all. */
  kpiBuckets(from: string, to: string, branch?: string): Promise<readonly KpiBucket[]>;
}
