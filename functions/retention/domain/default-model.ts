import type { ChurnModel } from './model.js';

/**
 * The churn model in force until an admin saves one (docs/domain-rules.md §20.3). Version 1;
 * levels at 0.4 and 0.7; the signal thresholds of the manuals; a value-at-risk floor of
 * 1,000.00 CNY (100000 minor units).
 *
 * The intercept and weights are the ones `npm run evaluate` fitted (docs/domain-rules.md §20.10;
 * bench/results/churn-evaluation.json of 2026-12-05): a logistic regression on the signals of a
 * 20,000-customer synthetic training portfolio (seed 20260401, label: relationship closed within
 * 90 days), its intercept shifted so that the top 10 % of that portfolio reach medium, refitted
 * with 180 days alone reaching medium (σ(−2.01 + 1.62) ≈ 0.404, the inactivity weight raised to
 * get there), two decimals. The graded tiers (aum-falling, aum-drop-severe, aum-shrinking,
 * frequency-falling) were chosen on the training portfolio alone (two-fold cross-validation);
 * held out (seed 77003019) the model reaches an AUC of 0.740, against 0.707 for the ten signals
 * without them. Complaint breaches, large outflows and a declining lifecycle add nothing once
 * complaints, AUM and frequency falls are known: their weights are held at 0, never negative.
 */
export const DEFAULT_CHURN_MODEL: ChurnModel = {
  version: 1,
  intercept: -2.01,
  weights: {
    inactive: 1.62,
    'aum-drop': 0.31,
    'frequency-drop': 1.21,
    'complaint-open': 0.79,
    'complaint-breached': 0,
    'poor-satisfaction': 0.61,
    'large-outflow': 0,
    'maturity-not-reinvested': 0.29,
    'contact-failing': 0.46,
    'lifecycle-declining': 0,
    'aum-falling': 0.37,
    'aum-drop-severe': 0.41,
    'aum-shrinking': 0.58,
    'frequency-falling': 0.59,
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
    aumFallingPercent: 20,
    aumSevereDropPercent: 45,
    aumTrendLookbackMonths: 5,
    aumShrinkingMonths: 4,
    frequencyFallingPercent: 25,
  },
  valueAtRisk: { basis: 'aum', floor: 100_000, currency: 'CNY' },
};
