import type { AnnouncedProduct as Product } from '../../../functions/products/events.js';
import {
  DEFAULT_RECOMMENDATIONS_SETTINGS,
  type RecommendationsSettings,
} from '../../../functions/recommendations/domain/settings.js';
import {
  EXCLUSION_REASONS,
  type ExclusionReason,
} from '../../../functions/recommendations/domain/suitability.js';
import type { RecommendationResponse } from '../../../functions/recommendations/events.js';
import type { RecommendationsApiDeps } from '../../../functions/recommendations/service/deps.js';
import {
  AlreadyAnsweredError,
  CustomerFactsChangedError,
  type CustomerView,
  type KpiBucket,
  ProductChangedError,
  type RecommendationRecord,
  type RecommendationStore,
} from '../../../functions/recommendations/service/ports.js';
import type { OutboxEvent } from '../../../shared/outbox/index.js';
import { cstDayOf, isoDateOfDay } from '../../../shared/time/civil-day.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { recommendationsApiCaller } from '../../support/recommendations-api.js';

/** Thursday 2026-12-03 10:00 in Shanghai. */
export const NOW = new Date('2026-12-03T02:00:00.000Z');
const DAY = 86_400_000;
export const daysBefore = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();

type Tally = { made: number; accepted: number; declined: number; notInterested: number };
type MutableBucket = {
  day: string;
  branch: string;
  byCategory: Partial<Record<Product['category'], Tally>>;
  excluded: Partial<Record<ExclusionReason, number>>;
  refused: Partial<Record<ExclusionReason, number>>;
};

const dayOf = (at: string) => isoDateOfDay(cstDayOf(new Date(at)));

/**
 * An in-memory RecommendationStore with the port's semantics: `record` guarded by the customer's
 * revision and idempotent on the recommendation id, `respond` once (a decline or not-interested
 * becomes the category's latest answer and bumps the revision), the KPI counts of both, and the
 * outbox. `beforeRecord` runs inside `record` before the guard (a concurrent change of the facts).
 */
export class FakeRecommendationStore implements RecommendationStore {
  readonly customers = new Map<string, CustomerView>();
  readonly products = new Map<string, Product>();
  readonly records = new Map<string, RecommendationRecord>();
  readonly buckets = new Map<string, MutableBucket>();
  readonly outbox: OutboxEvent[] = [];
  /** Retention offer requests answered: the recommendation id recorded, or undefined (unavailable). */
  readonly offerRequests = new Map<string, string | undefined>();
  /** Successful writes of recommendations and answers. */
  writes = 0;
  beforeRecord: (() => void) | undefined;

  putCustomer(view: CustomerView): void {
    const before = this.customers.get(view.customerId);
    this.customers.set(view.customerId, { ...view, revision: (before?.revision ?? 0) + 1 });
  }

  changeCustomer(customerId: string, change: Partial<CustomerView>): void {
    const before = this.customers.get(customerId);
    if (before === undefined) throw new Error(`No customer ${customerId}`);
    this.putCustomer({ ...before, ...change });
  }

  putProduct(product: Product): void {
    this.products.set(product.productId, product);
  }

  async customer(customerId: string) {
    return this.customers.get(customerId);
  }

  async catalogue() {
    return [...this.products.values()];
  }

  async product(productId: string) {
    return this.products.get(productId);
  }

  async record(
    recommendation: RecommendationRecord,
    guard: { readonly customerRevision: number; readonly offerRequestId?: string | undefined },
    events: readonly OutboxEvent[],
  ): Promise<void> {
    this.beforeRecord?.();
    const customer = this.customers.get(recommendation.customerId);
    if (customer === undefined || customer.revision !== guard.customerRevision) {
      throw new CustomerFactsChangedError('The customer changed');
    }
    if (this.products.get(recommendation.productId)?.version !== recommendation.productVersion) {
      throw new ProductChangedError('The product changed');
    }
    // Idempotent on the id (the port's contract): an id already recorded writes nothing, nor
    // does an offer request answered before.
    if (this.records.has(recommendation.recommendationId)) return;
    if (guard.offerRequestId !== undefined) {
      if (this.offerRequests.has(guard.offerRequestId)) return;
      this.offerRequests.set(guard.offerRequestId, recommendation.recommendationId);
    }
    this.records.set(recommendation.recommendationId, recommendation);
    this.outbox.push(...events);
    this.tally(dayOf(recommendation.madeAt), recommendation.branch, recommendation.category).made += 1;
    this.writes += 1;
  }

  async recordOfferUnavailable(offerRequestId: string, _at: string, events: readonly OutboxEvent[]) {
    if (this.offerRequests.has(offerRequestId)) return;
    this.offerRequests.set(offerRequestId, undefined);
    this.outbox.push(...events);
  }

  async get(recommendationId: string) {
    return this.records.get(recommendationId);
  }

  async respond(
    recommendation: RecommendationRecord,
    answer: {
      readonly response: RecommendationResponse;
      readonly at: string;
      readonly by: string;
    },
    events: readonly OutboxEvent[],
  ): Promise<RecommendationRecord> {
    const stored = this.records.get(recommendation.recommendationId);
    if (stored === undefined) throw new Error('No such recommendation');
    if (stored.response !== undefined) throw new AlreadyAnsweredError('Answered');
    const answered: RecommendationRecord = {
      ...stored,
      response: answer.response,
      respondedAt: answer.at,
      respondedBy: answer.by,
    };
    this.records.set(stored.recommendationId, answered);
    const { response } = answer;
    if (response !== 'accepted') {
      const customer = this.customers.get(stored.customerId);
      if (customer !== undefined) {
        this.putCustomer({
          ...customer,
          answers: { ...customer.answers, [stored.category]: { response, at: answer.at } },
        });
      }
    }
    const tally = this.tally(dayOf(answer.at), stored.branch, stored.category);
    if (response === 'accepted') tally.accepted += 1;
    else if (response === 'declined') tally.declined += 1;
    else tally.notInterested += 1;
    this.outbox.push(...events);
    this.writes += 1;
    return answered;
  }

  async countExclusions(
    day: string,
    branch: string,
    kind: 'excluded' | 'refused',
    reasons: Readonly<Partial<Record<ExclusionReason, number>>>,
  ): Promise<void> {
    const bucket = this.bucket(day, branch);
    for (const reason of EXCLUSION_REASONS) {
      const count = reasons[reason];
      if (count !== undefined) bucket[kind][reason] = (bucket[kind][reason] ?? 0) + count;
    }
  }

  async kpiBuckets(from: string, to: string, branch?: string): Promise<readonly KpiBucket[]> {
    return [...this.buckets.values()].filter(
      (bucket) =>
        bucket.day >= from && bucket.day <= to && (branch === undefined || bucket.branch === branch),
    );
  }

  private bucket(day: string, branch: string): MutableBucket {
    const key = `${day}#${branch}`;
    const existing = this.buckets.get(key);
    if (existing !== undefined) return existing;
    const created: MutableBucket = { day, branch, byCategory: {}, excluded: {}, refused: {} };
    this.buckets.set(key, created);
    return created;
  }

  private tally(day: string, branch: string, category: Product['category']): Tally {
    const bucket = this.bucket(day, branch);
    const tally = bucket.byCategory[category] ?? { made: 0, accepted: 0, declined: 0, notInterested: 0 };
    bucket.byCategory[category] = tally;
    return tally;
  }
}

/** An individual customer of RM rm-7 in BJ01 with a valid C3 assessment (no amount or horizon stated). */
export function customerView(change: Partial<CustomerView> = {}): CustomerView {
  return {
    customerId: 'cus-1',
    customerType: 'individual',
    branch: 'BJ01',
    rmId: 'rm-7',
    relationship: 'active',
    suitability: { riskTolerance: 'C3', riskAssessedAt: daysBefore(30), senior: false },
    restricted: false,
    erased: false,
    segments: { compositeGrade: 'standard', creditGrade: 'standard' },
    holdings: [],
    answers: {},
    revision: 0,
    ...change,
  };
}

/** An on-sale product for individuals, no term, a zero minimum in CNY. */
export function product(productId: string, change: Partial<Product> = {}): Product {
  return {
    productId,
    productName: `产品 ${productId}`,
    category: 'wealth-management',
    riskLevel: 'R2',
    minimumAmount: { amount: 0, currency: 'CNY' },
    customerTypes: ['individual'],
    status: 'on-sale',
    version: 1,
    ...change,
  };
}

/** A store with customer cus-1 and a small catalogue, its deps and the API over them. */
export function recommendationsFixture(settings: RecommendationsSettings = DEFAULT_RECOMMENDATIONS_SETTINGS) {
  const store = new FakeRecommendationStore();
  store.putCustomer(customerView());
  store.putProduct(product('wm-r2'));
  store.putProduct(product('fund-r4', { category: 'fund', riskLevel: 'R4' }));
  store.putProduct(product('dep-r1', { category: 'deposit', riskLevel: 'R1', termDays: 365 }));
  store.putProduct(product('card-draft', { category: 'card', riskLevel: 'R1', status: 'draft' }));
  const clock = new ControlledClock(NOW);
  const deps: RecommendationsApiDeps = { store, clock, settings };
  return { store, clock, deps, call: recommendationsApiCaller(deps) };
}
