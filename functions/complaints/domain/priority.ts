import type { ComplaintChannel, ComplaintPriority, Money, PriorityFactor } from './model.js';
import { type AmountThresholds, exceedsThreshold } from './settings.js';

/** What the priority is computed from (docs/domain-rules.md, complaints: priority). */
export interface PriorityFacts {
  readonly channel: ComplaintChannel;
  readonly vulnerableCustomer: boolean;
  /** It repeats an open complaint, or repeats were linked to it. */
  readonly repeat: boolean;
  readonly amountAtStake?: Money | undefined;
}

export interface ComplaintPriorityResult {
  readonly priority: ComplaintPriority;
  /** Why: every factor that raised it, in a fixed order (the explanation shown with it). */
  readonly priorityFactors: readonly PriorityFactor[];
}

/**
 * The priority and its factors: none `normal`, one `high`, two or more `urgent`.
 * @example complaintPriority({ channel: 'regulator-forwarded', vulnerableCustomer: true, repeat: false }, amounts)
 *   // { priority: 'urgent', priorityFactors: ['regulator-forwarded', 'vulnerable-customer'] }
 */
export function complaintPriority(
  facts: PriorityFacts,
  priorityAmounts: AmountThresholds,
): ComplaintPriorityResult {
  const factors: PriorityFactor[] = [];
  if (facts.channel === 'regulator-forwarded') factors.push('regulator-forwarded');
  if (facts.vulnerableCustomer) factors.push('vulnerable-customer');
  if (facts.repeat) factors.push('repeat-complaint');
  if (facts.amountAtStake !== undefined && exceedsThreshold(priorityAmounts, facts.amountAtStake)) {
    factors.push('amount-at-stake');
  }
  const priority: ComplaintPriority =
    factors.length === 0 ? 'normal' : factors.length === 1 ? 'high' : 'urgent';
  return { priority, priorityFactors: factors };
}
