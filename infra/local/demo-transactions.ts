import { addMonths } from '../../functions/activity/domain/months.js';
import type { TransactionChannel, TransactionType } from '../../shared/events/external.js';
import {
  between,
  type CustomerPlan,
  days,
  intBetween,
  isActive,
  monthStart,
  monthsAgo,
  monthsBetween,
} from './demo-plan.js';
import { type DemoActivityLevel, type DemoAssetLevel, weighted } from './demo-profiles.js';
import { type DemoTimeline, MINUTE_MS } from './demo-timeline.js';

type Weighted<T> = readonly (readonly [T, number])[];

// Customer-initiated types only (the activity tier's default `countedTypes`): fees, incoming
// transfers and loan disbursements are added apart, so they never change a customer's tier.
const INDIVIDUAL_TYPES: Weighted<TransactionType> = [
  ['card-spend', 30],
  ['transfer-out', 18],
  ['deposit', 14],
  ['withdrawal', 12],
  ['wealth-purchase', 8],
  ['wealth-redemption', 4],
  ['investment', 5],
];
const CORPORATE_TYPES: Weighted<TransactionType> = [
  ['transfer-out', 40],
  ['deposit', 20],
  ['withdrawal', 8],
  ['wealth-purchase', 10],
  ['wealth-redemption', 6],
  ['investment', 6],
];

const CHANNELS: Readonly<Record<TransactionType, Weighted<TransactionChannel>>> = {
  deposit: [
    ['counter', 3],
    ['atm', 3],
    ['mobile-banking', 2],
  ],
  withdrawal: [
    ['atm', 5],
    ['counter', 2],
  ],
  'transfer-in': [
    ['online-banking', 3],
    ['counter', 1],
  ],
  'transfer-out': [
    ['mobile-banking', 5],
    ['online-banking', 3],
    ['counter', 1],
    ['phone', 1],
  ],
  'wealth-purchase': [
    ['mobile-banking', 4],
    ['online-banking', 2],
    ['counter', 2],
  ],
  'wealth-redemption': [
    ['mobile-banking', 4],
    ['online-banking', 2],
    ['counter', 1],
  ],
  'loan-disbursement': [['counter', 1]],
  'loan-repayment': [
    ['online-banking', 3],
    ['counter', 1],
  ],
  investment: [
    ['mobile-banking', 3],
    ['online-banking', 3],
  ],
  'card-spend': [
    ['third-party-payment', 7],
    ['online-banking', 2],
    ['phone', 1],
  ],
  fee: [
    ['counter', 1],
    ['online-banking', 1],
  ],
};

// Amount ranges in CNY, scaled by the customer's asset level except fees and loans.
const AMOUNTS: Readonly<Record<TransactionType, readonly [number, number]>> = {
  deposit: [500, 20_000],
  withdrawal: [100, 5_000],
  'transfer-in': [5_000, 30_000],
  'transfer-out': [100, 10_000],
  'wealth-purchase': [10_000, 100_000],
  'wealth-redemption': [10_000, 100_000],
  'loan-disbursement': [300_000, 2_000_000],
  'loan-repayment': [1_000, 8_000],
  investment: [5_000, 50_000],
  'card-spend': [20, 2_000],
  fee: [5, 50],
};
const SCALE: Readonly<Record<DemoAssetLevel, number>> = { low: 0.3, medium: 1, high: 4, private: 15 };
const UNSCALED = new Set<TransactionType>(['fee', 'loan-disbursement', 'loan-repayment']);

/** Counted successful transactions a month at each activity level (see the tier thresholds 3 and 10). */
function baseRate(level: DemoActivityLevel, random: () => number): number {
  if (level === 'none') return 0;
  if (level === 'low') return intBetween(random, 1, 2);
  return level === 'medium' ? intBetween(random, 3, 4) : intBetween(random, 10, 11);
}

/**
 * A month's counted successes. The last three complete months (the activity tier's) get
 * exactly the base rate and the three before them (the decline rule's comparison) 70 % of it,
 * so nobody declines by chance; earlier months, which no rule reads, about a third (fewer
 * events to load at start-up). `declining-activity` drops from 6–8 a month to 0–2.
 */
function monthlyRate(plan: CustomerPlan, base: number, ago: number): number {
  const { random } = plan;
  if (plan.profile.scenario === 'declining-activity')
    return ago <= 3 ? intBetween(random, 0, 2) : intBetween(random, 6, 8);
  if (ago >= 1 && ago <= 3) return base;
  if (ago >= 4 && ago <= 6) return Math.round(base * 0.7);
  if (base === 0) return 0;
  return Math.max(0, (ago === 0 ? base : Math.round(base / 3)) + intBetween(random, -1, 1));
}

function amountOf(plan: CustomerPlan, type: TransactionType): number {
  const [min, max] = AMOUNTS[type];
  const scale = UNSCALED.has(type) ? 1 : SCALE[plan.profile.assets];
  return Math.max(100, Math.round(between(plan.random, min, max) * scale * (plan.individual ? 1 : 3) * 100));
}

/** One customer-initiated success at `at`, sometimes after a failed, aborted or held attempt. */
function counted(plan: CustomerPlan, timeline: DemoTimeline, at: number, forced?: TransactionType): void {
  const { random } = plan;
  const types: Weighted<TransactionType> = [
    ...(plan.individual ? INDIVIDUAL_TYPES : CORPORATE_TYPES),
    ...(plan.profile.hasLoan ? ([['loan-repayment', 9]] as const) : []),
  ];
  const type = forced ?? weighted(random, types);
  const channel = weighted(random, CHANNELS[type]);
  const foreign = type === 'card-spend' && random() < 0.04;
  const amount = foreign ? Math.max(100, Math.round(amountOf(plan, type) / 7)) : amountOf(plan, type);
  const tx = { type, channel, amount, ...(foreign ? { currency: 'USD' } : {}) };
  const draw = random();
  let transactionId: string | undefined;
  if (draw < 0.05) timeline.transaction(at - between(random, 1, 30) * MINUTE_MS, { ...tx, status: 'failed' });
  else if (draw < 0.07)
    timeline.transaction(at - between(random, 1, 30) * MINUTE_MS, { ...tx, status: 'aborted' });
  else if (draw < 0.085)
    // Held for review, then released: the same transaction reported twice, once per status.
    transactionId = timeline.transaction(at - between(random, 60, 240) * MINUTE_MS, {
      ...tx,
      status: 'pending-review',
    });
  timeline.transaction(at, { ...tx, status: 'success' }, transactionId);
}

function other(plan: CustomerPlan, timeline: DemoTimeline, at: number, type: TransactionType): void {
  const channel = weighted(plan.random, CHANNELS[type]);
  timeline.transaction(at, { type, channel, amount: amountOf(plan, type), status: 'success' });
}

/** Salary or receivables, account fees and a loan's disbursement: successes that are not activity. */
function recurring(plan: CustomerPlan, timeline: DemoTimeline): void {
  const { random, profile } = plan;
  const paid = profile.activity === 'medium' || profile.activity === 'high';
  for (const month of monthsBetween(plan.windowStart, plan.now)) {
    const start = monthStart(month);
    // Over the last half year only: the months the rules read.
    const incoming = paid && monthsAgo(month, plan.now) <= 6 ? (plan.individual ? 1 : 2) : 0;
    for (let i = 0; i < incoming; i += 1) {
      const at = start + days(plan.individual ? 9 : 3 + 12 * i) + between(random, 0, days(2));
      if (at >= plan.onboardedAt && isActive(plan, at)) other(plan, timeline, at, 'transfer-in');
    }
    // A quarterly account fee, waived from the medium asset level up.
    const fee = start + days(20) + between(random, 0, days(1));
    const charged = profile.assets === 'low' && Number(month.slice(5)) % 3 === 0;
    if (charged && fee >= plan.onboardedAt && isActive(plan, fee)) other(plan, timeline, fee, 'fee');
  }
  if (plan.loanStart !== undefined && plan.loanStart >= plan.windowStart && isActive(plan, plan.loanStart))
    other(plan, timeline, plan.loanStart, 'loan-disbursement');
}

/** Attempts that never succeed: what a customer who has not activated the account leaves behind. */
function failedAttempts(plan: CustomerPlan, timeline: DemoTimeline, count: number, from: number): void {
  for (let i = 0; i < count; i += 1) {
    const type = weighted(plan.random, plan.individual ? INDIVIDUAL_TYPES : CORPORATE_TYPES);
    timeline.transaction(between(plan.random, from, plan.now), {
      type,
      channel: weighted(plan.random, CHANNELS[type]),
      amount: amountOf(plan, type),
      status: plan.random() < 0.7 ? 'failed' : 'aborted',
    });
  }
}

/** The transactions that mark each story: a first deposit, the last one before a gap, the return. */
function milestones(plan: CustomerPlan, timeline: DemoTimeline): void {
  const { profile, random } = plan;
  switch (profile.scenario) {
    case 'new-active':
      counted(plan, timeline, plan.onboardedAt + days(0.1), 'deposit');
      break;
    case 'new-pending':
    case 'never-activated':
      failedAttempts(plan, timeline, intBetween(random, 1, 3), plan.windowStart);
      break;
    case 'dormant':
      if (plan.lastBeforeGap !== undefined) counted(plan, timeline, plan.lastBeforeGap, 'withdrawal');
      failedAttempts(plan, timeline, 1, plan.now - days(60));
      break;
    case 'reactivated':
      if (plan.lastBeforeGap !== undefined) counted(plan, timeline, plan.lastBeforeGap, 'card-spend');
      if (plan.reactivationAt !== undefined) counted(plan, timeline, plan.reactivationAt, 'deposit');
      break;
    case 'churned':
      // The balance leaves for another bank the day before the accounts close.
      if (plan.closureAt !== undefined) counted(plan, timeline, plan.closureAt - days(1), 'transfer-out');
      break;
    default:
      break;
  }
}

/** Twelve months (or since onboarding) of transactions following the plan's activity level and story. */
export function addTransactions(plan: CustomerPlan, timeline: DemoTimeline): void {
  const base = baseRate(plan.profile.activity, plan.random);
  for (const month of monthsBetween(plan.windowStart, plan.now)) {
    const rate = monthlyRate(plan, base, monthsAgo(month, plan.now));
    if (rate === 0) continue;
    const start = monthStart(month);
    const end = monthStart(addMonths(month, 1));
    for (const [from, to] of plan.active) {
      const a = Math.max(from, start);
      const b = Math.min(to, end);
      if (b <= a) continue;
      const count = Math.round((rate * (b - a)) / (end - start));
      for (let i = 0; i < count; i += 1) counted(plan, timeline, between(plan.random, a, b));
    }
  }
  recurring(plan, timeline);
  milestones(plan, timeline);
}
