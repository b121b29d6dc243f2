import { describe, expect, it } from 'vitest';
import {
  type ActivityAggregate,
  applyBalance,
  applyHolding,
  applyTransaction,
  assetHistory,
  emptyAggregate,
  monthlySuccessfulCounts,
  productsHeld,
} from '../../../functions/activity/domain/aggregate.js';
import { lastCompleteMonths } from '../../../functions/activity/domain/months.js';
import { DEFAULT_SEGMENTATION_CONFIG } from '../../../functions/activity/domain/segmentation/config.js';
import { type SegmentResult, segment } from '../../../functions/activity/domain/segmentation/segments.js';
import {
  ACTIVITY_TIERS,
  ASSET_TIERS,
  COMPLIANCE_STATUSES,
  COMPOSITE_GRADES,
  type ComplianceStatus,
  CREDIT_GRADES,
  type CreditGrade,
  CUSTOMER_STATUSES,
  LIFECYCLE_STAGES,
} from '../../../functions/activity/domain/segmentation/values.js';
import { type DemoCustomerActivity, demoActivity } from '../../../infra/local/demo-activity.js';
import { deliveryOrder, deliveryRounds } from '../../../infra/local/demo-delivery.js';
import { demoPortfolio } from '../../../infra/local/demo-portfolio.js';
import type { DemoEventEntry } from '../../../infra/local/demo-timeline.js';
import {
  BalanceSnapshot,
  ComplianceStatusChanged,
  CreditRatingChanged,
  ProductHoldingChanged,
  parseExternalEvent,
  TransactionPosted,
} from '../../../shared/events/external.js';

const NOW = new Date('2026-11-24T02:30:00.000Z');
const config = DEFAULT_SEGMENTATION_CONFIG;

const portfolio = demoPortfolio(300, undefined, NOW);
const customers = portfolio.map((customer, index) => ({
  customerId: `cus_demo${String(index).padStart(3, '0')}`,
  onboardedAt: customer.onboardedAt ?? '',
  customerType: customer.body.type === 'corporate' ? ('corporate' as const) : ('individual' as const),
  riskTolerance: String(customer.body.riskTolerance),
}));
const activities = demoActivity(customers, NOW);

function parseEntry(entry: DemoEventEntry) {
  const envelope = { id: 'bus-event-id', time: NOW.toISOString(), detail: JSON.parse(entry.Detail) };
  switch (entry.DetailType) {
    case TransactionPosted.detailType:
      return { kind: 'transaction', detail: parseExternalEvent(TransactionPosted, envelope) } as const;
    case BalanceSnapshot.detailType:
      return { kind: 'balance', detail: parseExternalEvent(BalanceSnapshot, envelope) } as const;
    case ProductHoldingChanged.detailType:
      return { kind: 'holding', detail: parseExternalEvent(ProductHoldingChanged, envelope) } as const;
    case CreditRatingChanged.detailType:
      return { kind: 'credit', detail: parseExternalEvent(CreditRatingChanged, envelope) } as const;
    case ComplianceStatusChanged.detailType:
      return { kind: 'compliance', detail: parseExternalEvent(ComplianceStatusChanged, envelope) } as const;
    default:
      throw new Error(`Not a catalogue event: ${entry.DetailType}`);
  }
}

/**
 * What the activity consumer does, without its store: grades the customer at registration,
 * then folds each event into the aggregate (once per transaction and status), keeps the latest
 * rating by time, and grades after every event at `now`, carrying "was dormant" and
 * "reactivated at" from the previous grading.
 */
function gradeAsDelivered(activity: DemoCustomerActivity, now: Date): SegmentResult {
  let aggregate: ActivityAggregate = emptyAggregate(activity.customerId);
  const seen = new Set<string>();
  let credit: { grade: CreditGrade; at: string } | undefined;
  let compliance: { status: ComplianceStatus; at: string } | undefined;
  let wasDormant = false;
  let reactivatedAt: Date | undefined;
  let last: SegmentResult | undefined;
  const grade = (relationshipClosed: boolean): SegmentResult => {
    const months = lastCompleteMonths(now, 6);
    const types = config.activity.countedTypes;
    const history = assetHistory(aggregate, now);
    const held = productsHeld(aggregate).length;
    const result = segment(
      {
        onboardedAt: new Date(activity.onboardedAt),
        now,
        relationshipClosed,
        allAccountsClosed: Object.keys(aggregate.holdings).length > 0 && held === 0,
        lastSuccessfulTransactionAt:
          aggregate.lastSuccessfulAt === undefined ? undefined : new Date(aggregate.lastSuccessfulAt),
        wasDormant,
        reactivatedAt,
        aumNow: history.current?.aum ?? 0,
        aum3MonthsAgo: history.threeMonthsAgo?.aum ?? 0,
        monthlySuccessfulCounts: monthlySuccessfulCounts(aggregate, months.slice(3), types),
        activityPrevious3Months: monthlySuccessfulCounts(aggregate, months.slice(0, 3), types).reduce(
          (sum, count) => sum + count,
          0,
        ),
        productsHeld: held,
        creditGrade: credit?.grade,
        complianceStatus: compliance?.status,
      },
      config,
    );
    const stage = result.lifecycleStage;
    reactivatedAt =
      stage === 'reactivated' ? (last?.lifecycleStage === 'reactivated' ? reactivatedAt : now) : undefined;
    // Dormancy ends in `reactivated` only after the customer had activated: the first success of a
    // customer graded dormant since onboarding (no success known yet) is an activation.
    wasDormant = stage === 'dormant' && result.status !== 'pending-activation';
    last = result;
    return result;
  };
  // The consumer grades at registration, before any activity is known.
  grade(false);
  for (const event of deliveryOrder(activity, now)) {
    const parsed = parseEntry(event.entry);
    if (parsed.kind === 'transaction') {
      const key = `${parsed.detail.transactionId}|${parsed.detail.status}`;
      if (!seen.has(key)) aggregate = applyTransaction(aggregate, parsed.detail, now);
      seen.add(key);
    } else if (parsed.kind === 'balance') aggregate = applyBalance(aggregate, parsed.detail, now);
    else if (parsed.kind === 'holding') aggregate = applyHolding(aggregate, parsed.detail);
    else if (parsed.kind === 'credit') {
      if (credit === undefined || parsed.detail.at > credit.at) credit = parsed.detail;
    } else if (compliance === undefined || parsed.detail.at > compliance.at) compliance = parsed.detail;
    grade(false);
  }
  // The seed closes these relationships through the API after the events; the consumer regrades.
  return activity.closeRelationship ? grade(true) : (last ?? grade(false));
}

function distribution(results: readonly SegmentResult[]) {
  const count = (pick: (result: SegmentResult) => string) => {
    const counts: Record<string, number> = {};
    for (const result of results) counts[pick(result)] = (counts[pick(result)] ?? 0) + 1;
    return counts;
  };
  return {
    assetTier: count((r) => r.assetTier),
    privateBanking: count((r) => String(r.privateBanking)),
    activityTier: count((r) => r.activityTier),
    creditGrade: count((r) => r.creditGrade),
    complianceStatus: count((r) => r.complianceStatus),
    compositeGrade: count((r) => r.compositeGrade),
    lifecycleStage: count((r) => r.lifecycleStage),
    status: count((r) => r.status),
  };
}

describe('the demo activity', () => {
  it('is the same for the same customers, now and seed, ids included, and differs with another seed', () => {
    const again = demoActivity(customers, NOW);
    const otherSeed = demoActivity(customers, NOW, 7);

    expect(again).toEqual(activities);
    expect(otherSeed).not.toEqual(activities);
  });

  it('gives every customer onboarding dates spread over six years, some within 90 days, none in the future', () => {
    const ages = customers.map((c) => (NOW.getTime() - Date.parse(c.onboardedAt)) / 86_400_000);

    expect(ages.every((age) => age > 0)).toBe(true);
    expect(ages.filter((age) => age <= 90).length).toBeGreaterThanOrEqual(20);
    expect(ages.filter((age) => age > 90 && age <= 365).length).toBeGreaterThanOrEqual(40);
    expect(Math.max(...ages)).toBeGreaterThan(5 * 365);
  });

  it('emits only catalogue events, with unique deterministic ids, no account reference, inside [onboarding, now]', () => {
    const eventIds = new Set<string>();
    const transactions = new Set<string>();
    let total = 0;
    for (const activity of activities) {
      for (const event of activity.events) {
        total += 1;
        const { kind, detail } = parseEntry(event.entry);
        expect(detail.customerId).toBe(activity.customerId);
        expect(eventIds.has(detail.eventId)).toBe(false);
        eventIds.add(detail.eventId);
        if (kind === 'transaction') {
          expect(detail.accountRef).toBeUndefined();
          expect(Number.isSafeInteger(detail.amount)).toBe(true);
          const key = `${detail.transactionId}|${detail.status}`;
          expect(transactions.has(key)).toBe(false);
          transactions.add(key);
        }
        expect(event.at >= new Date(activity.onboardedAt).toISOString()).toBe(true);
        expect(event.at <= NOW.toISOString()).toBe(true);
      }
    }
    // A moderate load for DynamoDB Local at start-up.
    expect(total).toBeLessThan(30_000);
  });

  it("lists each customer's events in chronological order", () => {
    for (const activity of activities) {
      const times = activity.events.map((event) => event.at);
      expect(times).toEqual([...times].sort());
    }
  });

  it('delivers every event once, in rounds that never hold two events of one customer', () => {
    const rounds = deliveryRounds(activities, NOW);
    const delivered = rounds.flat().map((entry) => entry.Detail);

    expect(delivered.length).toBe(activities.reduce((sum, a) => sum + a.events.length, 0));
    expect(new Set(delivered).size).toBe(delivered.length);
    for (const round of rounds) {
      const owners = round.map((entry) => (JSON.parse(entry.Detail) as { customerId: string }).customerId);
      expect(new Set(owners).size).toBe(owners.length);
    }
  });

  it('gives every value of every segmentation dimension members once graded as delivered', () => {
    const results = activities.map((activity) => gradeAsDelivered(activity, NOW));
    const counts = distribution(results);

    const expectAll = (dimension: keyof typeof counts, values: readonly string[]) =>
      expect(Object.keys(counts[dimension]).sort(), dimension).toEqual([...values].sort());
    expectAll('assetTier', ASSET_TIERS);
    expectAll('privateBanking', ['true', 'false']);
    expectAll('activityTier', ACTIVITY_TIERS);
    expectAll('creditGrade', CREDIT_GRADES);
    expectAll('complianceStatus', COMPLIANCE_STATUSES);
    expectAll('compositeGrade', COMPOSITE_GRADES);
    expectAll('lifecycleStage', LIFECYCLE_STAGES);
    expectAll('status', CUSTOMER_STATUSES);
  });

  it("ends each customer in its scenario's lifecycle stage", () => {
    const expected: Record<string, string> = {
      'new-active': 'new',
      'new-pending': 'new',
      growing: 'growing',
      mature: 'mature',
      'declining-assets': 'declining',
      'declining-activity': 'declining',
      dormant: 'dormant',
      'never-activated': 'dormant',
      churned: 'churned',
      'relationship-closed': 'churned',
      reactivated: 'reactivated',
    };
    const misgraded = activities
      .map((activity) => ({ scenario: activity.profile.scenario, stage: gradeAsDelivered(activity, NOW) }))
      .filter(({ scenario, stage }) => {
        const want = expected[scenario];
        return want !== undefined && stage.lifecycleStage !== want;
      })
      .map(({ scenario, stage }) => `${scenario} → ${stage.lifecycleStage}`);

    expect(misgraded).toEqual([]);
  });
});
