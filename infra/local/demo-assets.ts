import { addMonths } from '../../functions/activity/domain/months.js';
import { between, type CustomerPlan, days, monthStart, monthsAgo, monthsBetween } from './demo-plan.js';
import type { DemoAssetLevel } from './demo-profiles.js';
import type { DemoTimeline } from './demo-timeline.js';

const HOUR_MS = 3_600_000;

// AUM now, in CNY, per level: clear of the tier lines (50,000 / 500,000 / 6,000,000).
const AUM_CNY: Readonly<Record<DemoAssetLevel, readonly [number, number]>> = {
  low: [500, 45_000],
  medium: [60_000, 450_000],
  high: [600_000, 5_000_000],
  private: [6_500_000, 30_000_000],
};
const WEALTH_SHARE: Readonly<Record<DemoAssetLevel, readonly [number, number]>> = {
  low: [0, 0.1],
  medium: [0.2, 0.5],
  high: [0.4, 0.7],
  private: [0.5, 0.85],
};

/**
 * A balance snapshot at the end of each month (22:00 CST on its last day; before the last
 * six months, of each quarter) and one two hours before `now`. AUM grows slowly towards its level now, so nobody declines by chance;
 * `declining-assets` loses 40–60 % over the last three months, `churned` is empty after closure.
 */
export function addBalances(plan: CustomerPlan, timeline: DemoTimeline): void {
  const { random, profile, now } = plan;
  const [min, max] = AUM_CNY[profile.assets];
  const target = between(random, min, max) * 100;
  const growth = 1 + between(random, 0, 0.03);
  const drop = between(random, 0.4, 0.6);
  const [minShare, maxShare] = WEALTH_SHARE[profile.assets];
  const wealthShare = between(random, minShare, maxShare);
  const principal = profile.hasLoan
    ? Math.round(between(random, 300_000, 2_000_000) * 100 * (plan.individual ? 1 : 3))
    : 0;
  const aum = (ago: number): number => {
    switch (profile.scenario) {
      case 'new-pending':
      case 'never-activated':
        return 0;
      case 'declining-assets': {
        const before = target / drop;
        return ago >= 3 ? before / growth ** (ago - 3) : before + ((target - before) * (3 - ago)) / 3;
      }
      case 'dormant':
      case 'reactivated':
        return target * (1 - 0.002 * ago);
      default:
        return target / growth ** ago;
    }
  };
  const snapshot = (at: number, ago: number): void => {
    if (at < plan.onboardedAt) return;
    const closed = plan.closureAt !== undefined && at >= plan.closureAt;
    const total = closed ? 0 : Math.round(aum(ago));
    const deposits = Math.round(total * (1 - wealthShare));
    const loanStart = plan.loanStart ?? Number.POSITIVE_INFINITY;
    const loans =
      closed || at < loanStart ? 0 : Math.round(principal * Math.max(0, 1 - (at - loanStart) / days(3650)));
    timeline.balance(at, { aum: total, deposits, wealth: total - deposits, loans });
  };
  for (const month of monthsBetween(plan.windowStart, now)) {
    const ago = monthsAgo(month, now);
    // Monthly over the half year the rules read (now, 3 and 6 months ago), quarterly before.
    const kept = ago > 0 && (ago <= 6 || Number(month.slice(5)) % 3 === 0);
    if (kept) snapshot(monthStart(addMonths(month, 1)) - 2 * HOUR_MS, ago);
  }
  snapshot(now - 2 * HOUR_MS, 0);
}

/**
 * Product holdings: a current account from onboarding; term deposits that mature and mostly
 * roll over; 90-day wealth products in cycles; funds for the wealthier (never above the
 * customer's risk tolerance); a mortgage and a credit card for some. Everything still open
 * closes when a `churned` customer leaves, so "holdings exist and none is open" holds for them.
 */
export function addHoldings(plan: CustomerPlan, timeline: DemoTimeline): void {
  const { random, profile, onboardedAt, now } = plan;
  const end = plan.closureAt ?? now - HOUR_MS;
  const open = new Map<string, { readonly risk: string; readonly since: number }>();
  const opened = (at: number, productId: string, risk: number): boolean => {
    if (at >= end || risk > plan.riskTolerance) return false;
    timeline.holding(at, productId, `R${risk}`, 'opened');
    open.set(productId, { risk: `R${risk}`, since: at });
    return true;
  };
  const ended = (at: number, productId: string, action: 'closed' | 'matured'): void => {
    const holding = open.get(productId);
    if (holding === undefined || at <= holding.since || at >= end) return;
    timeline.holding(at, productId, holding.risk, action);
    open.delete(productId);
  };
  const wealthy = profile.assets !== 'low';
  const rich = profile.assets === 'high' || profile.assets === 'private';
  const quiet = profile.scenario === 'dormant' || profile.scenario === 'reactivated';

  opened(onboardedAt + 30 * 60_000, 'DEP-CURRENT-01', 1);
  const termStart = onboardedAt + days(between(random, 3, 40));
  if (wealthy && opened(termStart, 'DEP-TERM-1Y', 1)) {
    // Maturities before the window are history: only the state they left matters.
    for (let maturity = termStart + days(365); maturity < end; maturity += days(365)) {
      if (maturity < plan.windowStart) continue;
      ended(maturity, 'DEP-TERM-1Y', 'matured');
      if (random() >= 0.8 || !opened(maturity + days(1), 'DEP-TERM-1Y', 1)) break;
    }
  }
  if (wealthy && !quiet) {
    let at = Math.max(onboardedAt + days(10), plan.windowStart + days(between(random, 0, 30)));
    while (opened(at, 'WM-STABLE-90D', 2)) {
      const maturity = at + days(90);
      ended(maturity, 'WM-STABLE-90D', 'matured');
      if (maturity >= end || random() >= 0.7) break;
      at = maturity + days(between(random, 1, 10));
    }
  }
  if (rich) {
    opened(
      Math.max(onboardedAt + days(20), plan.windowStart + days(between(random, 0, 120))),
      'WM-BALANCED-1Y',
      3,
    );
    // A customer moving money out redeems early.
    if (profile.scenario === 'declining-assets')
      ended(now - days(between(random, 40, 70)), 'WM-BALANCED-1Y', 'closed');
    opened(
      Math.max(onboardedAt + days(30), plan.windowStart + days(between(random, 0, 200))),
      'FUND-EQUITY-A',
      4,
    );
  }
  if (profile.assets === 'private')
    opened(
      Math.max(onboardedAt + days(60), plan.windowStart + days(between(random, 60, 250))),
      'FUND-DERIV-X',
      5,
    );
  if (plan.loanStart !== undefined) opened(plan.loanStart, 'LOAN-MORTGAGE-30Y', 1);
  if (plan.individual && (profile.activity === 'medium' || profile.activity === 'high'))
    opened(onboardedAt + days(between(random, 5, 100)), 'CARD-CREDIT-STD', 1);
  if (plan.closureAt !== undefined) {
    for (const [productId, holding] of open)
      timeline.holding(plan.closureAt, productId, holding.risk, 'closed');
  }
}
