import { addMonths, monthKey } from '../../functions/activity/domain/months.js';
import type { ComplianceStatus, CreditGrade } from '../../functions/activity/domain/segmentation/values.js';
import { addBalances, addHoldings } from './demo-assets.js';
import { between, type CustomerPlan, days, monthStart } from './demo-plan.js';
import { type DemoProfile, dealScenario, demoProfile, type TenureBand, tenureBand } from './demo-profiles.js';
import { DAY_MS, type DemoEvent, DemoTimeline, MINUTE_MS } from './demo-timeline.js';
import { addTransactions } from './demo-transactions.js';
import { seededRandom } from './seeded-random.js';

/**
 * Twelve months of synthetic core-banking, credit-risk and AML events for the demo portfolio,
 * so that every tier, grade and lifecycle stage (docs/domain-rules.md §14) has members in the
 * local cloud. Pure and deterministic: the same customers, `now` and seed give the same events,
 * ids included. About 12,600 events for the default 300 customers (the unit test bounds it).
 */

/** A customer the activity is made for: its id (from the API) and what the portfolio says of it. */
export interface DemoActivityCustomer {
  readonly customerId: string;
  /** ISO instant; decides which stories are possible (`new` needs ≤ 90 days of tenure). */
  readonly onboardedAt: string;
  readonly customerType?: 'individual' | 'corporate';
  /** `C1` … `C5`; products above it are never held. Default C3. */
  readonly riskTolerance?: string;
}

/** One customer's year. */
export interface DemoCustomerActivity {
  readonly customerId: string;
  readonly onboardedAt: string;
  readonly profile: DemoProfile;
  /** The seed closes this relationship through the API after the events (lifecycle `churned`). */
  readonly closeRelationship: boolean;
  /** Chronological (by business time). */
  readonly events: readonly DemoEvent[];
}

export const DEFAULT_DEMO_ACTIVITY_SEED = 20261124;

const WATCH_REASONS = ['CDD-REFRESH', 'PEP-SCREENING', 'TXN-PATTERN-03'] as const;
const RISK_REASONS = ['STR-07', 'SANCTIONS-REVIEW'] as const;
const SCORES: Readonly<Record<CreditGrade, readonly [number, number]>> = {
  prime: [750, 950],
  standard: [600, 749],
  risk: [300, 599],
};

/** The story's key dates, as far back from `now` as each rule needs, with margins of days. */
function planFor(
  customer: DemoActivityCustomer,
  profile: DemoProfile,
  now: number,
  random: () => number,
): CustomerPlan {
  const onboardedAt = Date.parse(customer.onboardedAt);
  if (Number.isNaN(onboardedAt) || onboardedAt > now) {
    throw new RangeError(`Customer ${customer.customerId}: onboardedAt must be an instant not after now`);
  }
  const windowStart = Math.max(onboardedAt, monthStart(addMonths(monthKey(new Date(now)), -11)));
  const lastMoment = now - 10 * MINUTE_MS;
  const tenureDays = (now - onboardedAt) / DAY_MS;
  const base = {
    customerId: customer.customerId,
    individual: customer.customerType !== 'corporate',
    riskTolerance: Number(/^C([1-5])$/.exec(customer.riskTolerance ?? '')?.[1] ?? 3),
    profile,
    now,
    onboardedAt,
    windowStart,
    random,
  };
  const loanStart = Math.max(onboardedAt + days(15), now - days(between(random, 200, 700)));
  const withLoan = profile.hasLoan && loanStart < now - days(1) ? { ...base, loanStart } : base;
  switch (profile.scenario) {
    case 'new-pending':
    case 'never-activated':
      return { ...withLoan, active: [] };
    case 'dormant': {
      // Well past the 180 days, and late enough to lie inside the window.
      const lastBeforeGap = Math.max(windowStart + days(5), now - days(between(random, 200, 300)));
      return { ...withLoan, active: [[windowStart, lastBeforeGap]], lastBeforeGap };
    }
    case 'reactivated': {
      const lastBeforeGap = Math.max(windowStart + days(5), now - days(between(random, 235, 300)));
      const reactivationAt = now - days(between(random, 8, 40));
      return {
        ...withLoan,
        active: [
          [windowStart, lastBeforeGap],
          [reactivationAt, lastMoment],
        ],
        lastBeforeGap,
        reactivationAt,
      };
    }
    case 'churned': {
      const closureAt = now - days(between(random, 25, Math.max(26, Math.min(150, tenureDays - 40))));
      return { ...withLoan, active: [[windowStart, closureAt - days(1)]], closureAt };
    }
    default:
      return { ...withLoan, active: [[windowStart, lastMoment]] };
  }
}

/** A moment a fraction of the way through [from, to]: distinct fractions give distinct times. */
function partWay(from: number, to: number, fraction: number): number {
  return from + (to - from) * fraction;
}

/** Credit ratings spread over the window, AML statuses over the last 200 days, oldest first. */
function addRatings(plan: CustomerPlan, timeline: DemoTimeline): void {
  const { random, profile, now } = plan;
  const credit = profile.credit;
  credit.forEach((grade, index) => {
    const fraction = index === 0 ? between(random, 0.02, 0.35) : between(random, 0.55, 0.95);
    const [min, max] = SCORES[grade];
    timeline.credit(partWay(plan.windowStart, now, fraction), grade, Math.round(between(random, min, max)));
  });
  const statuses: readonly ComplianceStatus[] = profile.compliance;
  const from = Math.max(plan.onboardedAt, now - days(200));
  statuses.forEach((status, index) => {
    const fraction =
      statuses.length === 1
        ? between(random, 0.1, 0.95)
        : index === 0
          ? between(random, 0.05, 0.45)
          : between(random, 0.6, 0.97);
    const reason =
      status === 'watch'
        ? WATCH_REASONS[Math.floor(random() * WATCH_REASONS.length)]
        : status === 'risk'
          ? RISK_REASONS[Math.floor(random() * RISK_REASONS.length)]
          : index > 0
            ? 'REVIEW-CLEARED'
            : undefined;
    timeline.compliance(partWay(from, now, fraction), status, reason);
  });
}

/**
 * The demo activity of `customers` as of `now`: a scenario dealt per tenure band (in the order
 * given), then transactions, monthly balances, holdings and ratings drawn from a PRNG seeded
 * per customer position, each customer's events in chronological order.
 */
export function demoActivity(
  customers: readonly DemoActivityCustomer[],
  now: Date,
  seed = DEFAULT_DEMO_ACTIVITY_SEED,
): DemoCustomerActivity[] {
  const nowMs = now.getTime();
  const dealt: Record<TenureBand, number> = { new: 0, young: 0, old: 0 };
  return customers.map((customer, position) => {
    const random = seededRandom((seed ^ Math.imul(position + 1, 0x9e3779b1)) >>> 0);
    const band = tenureBand((nowMs - Date.parse(customer.onboardedAt)) / DAY_MS);
    const profile = demoProfile(dealScenario(band, dealt[band]), random);
    dealt[band] += 1;
    const plan = planFor(customer, profile, nowMs, random);
    const timeline = new DemoTimeline(customer.customerId, plan.onboardedAt, nowMs - MINUTE_MS);
    addHoldings(plan, timeline);
    addBalances(plan, timeline);
    addTransactions(plan, timeline);
    addRatings(plan, timeline);
    return {
      customerId: customer.customerId,
      onboardedAt: customer.onboardedAt,
      profile,
      closeRelationship: profile.scenario === 'relationship-closed',
      events: timeline.events(),
    };
  });
}

export type { DemoProfile, DemoScenario } from './demo-profiles.js';
export type { DemoEvent, DemoEventEntry } from './demo-timeline.js';
