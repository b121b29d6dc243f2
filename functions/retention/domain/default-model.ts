import type { ChurnModel } from './model.js';

/**
 * The churn model in force until an admin saves one (docs/domain-rules.md §20.3). Version 1;
 * levels at 0.4 and 0.7; the signal thresholds of the manuals; a value-at-risk floor of
 * 1,000.00 CNY (100000 minor units).
 *
 * The weights are set by hand until `npm run evaluate` fits them (docs/domain-rules.md §20.10):
 * a customer with no signal on has a baseline of σ(−3) ≈ 0.05; 180 days without a transaction
 * is a warning in itself (σ(−3 + 2.8) ≈ 0.45, medium), and with a declining lifecycle high
 * (σ(−3 + 2.8 + 1.2) ≈ 0.73); money leaving (AUM drop with outflows) is medium, and high with a
 * falling frequency; a single complaint or poor answer alone stays low.
 */
export const DEFAULT_CHURN_MODEL: ChurnModel = {
  version: 1,
  intercept: -3,
  weights: {
    inactive: 2.8,
    'aum-drop': 1.6,
    'frequency-drop': 1.3,
    'complaint-open': 1,
    'complaint-breached': 1.4,
    'poor-satisfaction': 1.2,
    'large-outflow': 1.8,
    'maturity-not-reinvested': 1.1,
    'contact-failing': 0.6,
    'lifecycle-declining': 1.2,
  },
  thresholds: { medium: 0.4, high: 0.7 },
  signals: {
    inactiveDays: 180,
    aumDropPercent: 30,
    aumLookbackMonths: 3,
    frequencyDropPercent: 50,
    frequencyMinimumPrior: 3,
    recentComplaintDays: 90,
    breachRecentDays: 180,
    csatAtMost: 2,
    npsAtMost: 6,
    surveyRecentDays: 180,
    largeOutflowPercent: 20,
    reinvestGraceDays: 30,
    maturityRecentDays: 180,
  },
  valueAtRisk: { basis: 'aum', floor: 100_000, currency: 'CNY' },
};
