import type { CaseAssignee, CauseGroup, ChurnScore, ChurnSignal, RetentionStrategy } from './model.js';

/**
 * Strategy by cause and level (docs/domain-rules.md §20.5): a `medium` case is a return visit and
 * a survey; a `high` case follows the cause group its signals point to most, the group whose
 * signals contribute most to the score (ties: service failure, then price or yield, then
 * inactivity); `low` opens no case. A cause the RM records later may turn the case into an RM
 * meeting (strategyAfterCause).
 */

/** The cause group each signal points to. */
export const SIGNAL_CAUSE_GROUP: Readonly<Record<ChurnSignal, CauseGroup>> = {
  'complaint-open': 'service-failure',
  'complaint-breached': 'service-failure',
  'poor-satisfaction': 'service-failure',
  'contact-failing': 'service-failure',
  'aum-drop': 'price-or-yield',
  'large-outflow': 'price-or-yield',
  'maturity-not-reinvested': 'price-or-yield',
  'aum-falling': 'price-or-yield',
  'aum-drop-severe': 'price-or-yield',
  'aum-shrinking': 'price-or-yield',
  inactive: 'inactivity',
  'frequency-drop': 'inactivity',
  'lifecycle-declining': 'inactivity',
  'frequency-falling': 'inactivity',
};

/** A `high` case's strategy by its cause group. */
export const HIGH_STRATEGY: Readonly<Record<CauseGroup, RetentionStrategy>> = {
  'service-failure': 'supervisor-call',
  'price-or-yield': 'offer',
  inactivity: 'care-contact',
};

/** The order equal cause groups are chosen in: a service failure first (it is the bank's to fix). */
const GROUP_ORDER: readonly CauseGroup[] = ['service-failure', 'price-or-yield', 'inactivity'];

/** The recorded cause that turns a case into an RM meeting. */
export const LIFE_EVENT_CAUSE = 'life-event';

export interface CasePlan {
  readonly strategy: RetentionStrategy;
  readonly causeGroup: CauseGroup;
}

/**
 * The cause group the score's contributions point to most (sums of the displayed contributions of
 * the signals that are on, ties in GROUP_ORDER).
 */
export function causeGroupOf(score: Pick<ChurnScore, 'contributions'>): CauseGroup {
  const sums = new Map<CauseGroup, number>(GROUP_ORDER.map((group) => [group, 0]));
  for (const { signal, value, contribution } of score.contributions) {
    if (signal === 'baseline' || value === 0) continue;
    const group = SIGNAL_CAUSE_GROUP[signal];
    // In thousandths, as displayed, so a tie on screen is a tie here.
    sums.set(group, (sums.get(group) ?? 0) + Math.round(contribution * 1000));
  }
  let best: CauseGroup = 'service-failure';
  for (const group of GROUP_ORDER) if ((sums.get(group) ?? 0) > (sums.get(best) ?? 0)) best = group;
  return best;
}

/**
 * The case's plan for a score, or undefined for `low` (no case).
 * @example strategyOf(score) // { strategy: 'care-contact', causeGroup: 'inactivity' } for a high, inactive customer
 */
export function strategyOf(score: Pick<ChurnScore, 'level' | 'contributions'>): CasePlan | undefined {
  if (score.level === 'low') return undefined;
  const causeGroup = causeGroupOf(score);
  return {
    strategy: score.level === 'medium' ? 'return-visit-survey' : HIGH_STRATEGY[causeGroup],
    causeGroup,
  };
}

/**
 * The strategy once the RM recorded `cause`: a life event turns any case into an RM meeting; any
 * other cause keeps the strategy.
 * @example strategyAfterCause('offer', 'life-event') // 'rm-meeting'
 */
export function strategyAfterCause(
  strategy: RetentionStrategy,
  cause: string | undefined,
): RetentionStrategy {
  return cause === LIFE_EVENT_CAUSE ? 'rm-meeting' : strategy;
}

/**
 * Who works a case when it opens (docs/domain-rules.md §20.5): a service failure is the bank's to
 * put right, so a `supervisor-call` case is the branch supervisor's from the start; every other
 * strategy starts with the customer's RM (an escalation hands it to the supervisor later).
 */
export function assigneeAtOpening(strategy: RetentionStrategy): CaseAssignee {
  return strategy === 'supervisor-call' ? 'supervisor' : 'rm';
}
