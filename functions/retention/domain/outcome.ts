import type { CaseOutcome, ChurnFeatures, ChurnSignal, RiskLevel } from './model.js';

/**
 * How a retention case ended (docs/domain-rules.md §20.6), decided after the customer is scored
 * again at the end of the window (or when a supervisor closes the case early), and whether the
 * alert proved right (alert precision, §20.9).
 */

/** What the outcome is decided on. */
export interface OutcomeFacts {
  /** The customer was inactive or dormant when the alert was raised (wasInactiveAt). */
  readonly wasInactive: boolean;
  /** The CST day (`YYYY-MM-DD`) of the alert. */
  readonly alertDay: string;
  /** The relationship now. */
  readonly relationship: 'active' | 'closed';
  /** The level of the new score. */
  readonly level: RiskLevel;
  /** The CST day of the latest successful transaction now (null: none). */
  readonly lastTransactionDay: string | null;
}

/**
 * `lost` when the relationship closed or the customer is still `high`; `reactivated` when a
 * customer inactive or dormant at the alert transacted on or after the alert's day; else
 * `retained`.
 * @example outcomeOf({ wasInactive: true, alertDay: '2026-06-01', relationship: 'active', level: 'medium', lastTransactionDay: '2026-06-20' }) // 'reactivated'
 */
export function outcomeOf(facts: OutcomeFacts): CaseOutcome {
  if (facts.relationship === 'closed' || facts.level === 'high') return 'lost';
  // ISO dates compare as strings in time order.
  if (facts.wasInactive && facts.lastTransactionDay !== null && facts.lastTransactionDay >= facts.alertDay)
    return 'reactivated';
  return 'retained';
}

/** Whether the customer was inactive at the alert: the inactive signal on, or the lifecycle stage dormant. */
export function wasInactiveAt(
  features: Pick<ChurnFeatures, 'lifecycleStage'>,
  signals: Readonly<Record<ChurnSignal, boolean>>,
): boolean {
  return signals.inactive || features.lifecycleStage === 'dormant';
}

/** The causes that say the alert was wrong or is not known to be right. */
const UNCONFIRMING_CAUSES: readonly string[] = ['not-leaving', 'unknown'];

/**
 * Whether a closed case confirms its alert (alert precision = confirmed / closed, §20.9): the
 * customer was lost or had to be reactivated, or the RM recorded a cause the customer gave other
 * than `not-leaving` (a false alert) and `unknown`.
 * @example alertConfirmed('retained', 'price-or-yield') // true
 */
export function alertConfirmed(outcome: CaseOutcome, cause: string | undefined): boolean {
  if (outcome === 'lost' || outcome === 'reactivated') return true;
  return cause !== undefined && !UNCONFIRMING_CAUSES.includes(cause);
}
