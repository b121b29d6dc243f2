import type { DELIVERY_CHANNELS } from '../../engagement/events.js';

/** A channel with a contact point the engagement contact path delivers to (engagement's events). */
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/**
 * The churn early warning's vocabulary (docs/domain-rules.md §20): signals, levels, strategies,
 * causes and outcomes. Codes only: they travel on events and in execution histories.
 */

/**
 * The signals the score is made of (docs/domain-rules.md §20.2), each on or off at its
 * configurable threshold:
 * - `inactive`: no successful transaction for `inactiveDays` (180) CST days (a warning in itself);
 *   a customer who never transacted counts from registration.
 * - `aum-drop`: the last complete month's AUM is at least `aumDropPercent` (30 %) below the AUM
 *   `aumLookbackMonths` (3) complete months earlier. (The month signals count back from the newest
 *   complete month the activity summary carries, at most one month behind `now`'s; a month the
 *   summary lacks turns them off.)
 * - `frequency-drop`: successful transactions of the last 3 complete months at least
 *   `frequencyDropPercent` (50 %) below the 3 months before them (which had at least
 *   `frequencyMinimumPrior`).
 * - `complaint-open`: a complaint open, or closed within `recentComplaintDays` (90).
 * - `complaint-breached`: a deadline of a complaint breached within `breachRecentDays` (180).
 * - `poor-satisfaction`: the latest survey answer within `surveyRecentDays` (180) has CSAT ≤
 *   `csatAtMost` (2) or NPS ≤ `npsAtMost` (6).
 * - `large-outflow`: transfers out over the last 3 complete months reach `largeOutflowPercent`
 *   (20 %) of the AUM before them.
 * - `maturity-not-reinvested`: a holding matured between `reinvestGraceDays` (30) and
 *   `maturityRecentDays` (180) days ago and nothing was opened since.
 * - `contact-failing`: a contact point (sms, e-mail, app push) failed and has not delivered since.
 * - `lifecycle-declining`: the lifecycle stage is `declining` or `dormant`.
 *
 * Graded tiers of the same facts (docs/domain-rules.md §20.2), so that how deep a fall is and
 * how long it lasted count, not only whether one threshold was crossed; each is its own signal
 * with its own weight and contribution, read from the same activity summary:
 * - `aum-falling`: the last complete month's AUM is at least `aumFallingPercent` (20 %) below
 *   the AUM `aumTrendLookbackMonths` (5) complete months earlier (the oldest month the summary
 *   carries): a slow, long fall the 3-month `aum-drop` misses.
 * - `aum-drop-severe`: the same comparison at least `aumSevereDropPercent` (45 %) down.
 * - `aum-shrinking`: the AUM fell month on month over each of the last `aumShrinkingMonths` (4)
 *   complete months (every one strictly below the month before it): a steady leak, not a
 *   single withdrawal.
 * - `frequency-falling`: the last 3 complete months' successful transactions are at least
 *   `frequencyFallingPercent` (25 %) below the 3 months before them (which had at least
 *   `frequencyMinimumPrior`): the early tier of `frequency-drop`.
 */
export const CHURN_SIGNALS = [
  'inactive',
  'aum-drop',
  'frequency-drop',
  'complaint-open',
  'complaint-breached',
  'poor-satisfaction',
  'large-outflow',
  'maturity-not-reinvested',
  'contact-failing',
  'lifecycle-declining',
  'aum-falling',
  'aum-drop-severe',
  'aum-shrinking',
  'frequency-falling',
] as const;
export type ChurnSignal = (typeof CHURN_SIGNALS)[number];

/** `high` ≥ 0.7, `medium` ≥ 0.4, else `low` (the thresholds are configuration). */
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/**
 * What a case does (docs/domain-rules.md §20.5), chosen when it opens from its level and the
 * cause its strongest signals point to; the RM's recorded cause `life-event` turns it into an
 * RM meeting.
 * - `supervisor-call`: service failure (complaints, breaches, poor satisfaction, failing contact
 *   points): the branch supervisor calls and arranges a remedy.
 * - `offer`: price or yield (AUM drop, outflows, maturities not reinvested): an offer from the
 *   recommendations capability (suitable products only), presented by the RM.
 * - `care-contact`: inactivity (inactive, frequency drop, declining lifecycle): a care contact
 *   (no product content) and a product review by the RM.
 * - `rm-meeting`: a life event the customer told of: an RM meeting.
 * - `return-visit-survey`: every `medium` case: the RM's return visit and a survey through
 *   engagement.
 */
export const RETENTION_STRATEGIES = [
  'supervisor-call',
  'offer',
  'care-contact',
  'rm-meeting',
  'return-visit-survey',
] as const;
export type RetentionStrategy = (typeof RETENTION_STRATEGIES)[number];

/** The cause groups signals point to (strategy by cause). */
export const CAUSE_GROUPS = ['service-failure', 'price-or-yield', 'inactivity'] as const;
export type CauseGroup = (typeof CAUSE_GROUPS)[number];

/**
 * The causes an RM may record (the default list of the `RETENTION_CAUSES` setting):
 * the manuals' list, plus `not-leaving` (the customer has no intention to leave: a false alert,
 * which the alert precision counts).
 */
export const DEFAULT_RETENTION_CAUSES = [
  'service-experience',
  'product-hard-to-use',
  'product-mismatch',
  'information-asymmetry',
  'price-or-yield',
  'inactivity',
  'life-event',
  'not-leaving',
  'unknown',
] as const;

/**
 * How a case ended (docs/domain-rules.md §20.6), decided at the end of the 30-day window (or
 * when a supervisor closes it early) after the customer is scored again: `lost` when the
 * relationship closed or the level is still `high`; `reactivated` when a customer who was
 * inactive or dormant at the alert transacted since; else `retained`.
 */
export const CASE_OUTCOMES = ['retained', 'reactivated', 'lost'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

/**
 * Where a case is: `outreach` (the RM's task, due in 3 working days), `escalated` (past that,
 * with the supervisor), `monitoring` (the customer was reached; the window runs to its end),
 * `closed`.
 */
export const CASE_STATUSES = ['outreach', 'escalated', 'monitoring', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/**
 * Who works a case: the customer's RM, or the branch supervisor, who has a `supervisor-call`
 * case from the start and takes over any case escalated (docs/domain-rules.md §20.5).
 */
export const CASE_ASSIGNEES = ['rm', 'supervisor'] as const;
export type CaseAssignee = (typeof CASE_ASSIGNEES)[number];

/** How an attempt reached (or tried to reach) the customer. */
export const ATTEMPT_CHANNELS = ['phone', 'face-to-face', 'sms', 'email', 'app-push'] as const;
export type AttemptChannel = (typeof ATTEMPT_CHANNELS)[number];

/** The customer's answer to what the attempt offered. */
export const ATTEMPT_RESPONSES = ['accepted', 'declined', 'considering', 'no-offer'] as const;
export type AttemptResponse = (typeof ATTEMPT_RESPONSES)[number];

/** Why a supervisor closes a case before its window ends. */
export const EARLY_CLOSE_REASONS = [
  'customer-retained',
  'relationship-closed',
  'customer-deceased',
  'duplicate-case',
  'not-reachable',
] as const;
export type EarlyCloseReason = (typeof EARLY_CLOSE_REASONS)[number];

/** One complete CST month as the activity summary carries it (see ActivitySummaryChanged). */
export interface SummaryMonth {
  readonly month: string;
  readonly transactions: number;
  readonly aum: number | null;
  readonly outflows: number;
}

/**
 * Everything the score reads about one customer, kept from events only (docs/domain-rules.md
 * §20.1): C1 facts, codes, counts and instants. Never a name, an address or free text.
 */
export interface ChurnFeatures {
  readonly customerId: string;
  /** When the customer was registered (inactivity of a customer who never transacted). */
  readonly registeredAt?: string | undefined;
  readonly relationship: 'active' | 'closed';
  /** '' until the registration or a profile change tells it: a record without branch is not scored. */
  readonly branch: string;
  readonly rmId?: string | undefined;
  /**
   * The customer record version the scope and relationship are from (1 after the registration,
   * absent before any): an older or repeated profile change changes nothing.
   */
  readonly profileVersion?: number | undefined;
  /** The latest activity summary (ActivitySummaryChanged). */
  readonly activity?:
    | {
        readonly lastTransactionDay: string | null;
        /** Newest first. */
        readonly months: readonly SummaryMonth[];
        readonly currency: string;
        readonly at: string;
      }
    | undefined;
  /** Open complaints (ids), the latest closure and the latest deadline breach. */
  readonly complaints: {
    readonly open: readonly string[];
    readonly lastClosedAt?: string | undefined;
    readonly lastBreachAt?: string | undefined;
    /** The latest closed ids (a late ComplaintReceived of a closed complaint does not reopen it). */
    readonly recentlyClosed?: readonly string[] | undefined;
  };
  /** The latest survey answer's scores. */
  readonly survey?:
    | { readonly csat: number; readonly nps?: number | undefined; readonly at: string }
    | undefined;
  /** The latest maturity and the latest opening of a product holding. */
  readonly holdings: {
    readonly lastMaturedAt?: string | undefined;
    readonly lastOpenedAt?: string | undefined;
  };
  /** Channels whose contact point failed and has not delivered since. */
  readonly failedChannels: readonly DeliveryChannel[];
  /** Per channel, the instant of the delivery fact that last changed `failedChannels`. */
  readonly contactPointsAt?: Readonly<Partial<Record<DeliveryChannel, string>>> | undefined;
  /**
   * The lifecycle stage as CustomerSegmentChanged carries it (a segment value code of the activity
   * capability, which owns the list; the signal reads `declining` and `dormant`).
   */
  readonly lifecycleStage?: string | undefined;
  /** When the lifecycle stage was graded (an older grading changes nothing). */
  readonly lifecycleStageAt?: string | undefined;
}

/** The thresholds of the signals (see CHURN_SIGNALS for their meaning and defaults). */
export interface SignalThresholds {
  readonly inactiveDays: number;
  readonly aumDropPercent: number;
  readonly aumLookbackMonths: number;
  readonly frequencyDropPercent: number;
  readonly frequencyMinimumPrior: number;
  readonly recentComplaintDays: number;
  readonly breachRecentDays: number;
  readonly csatAtMost: number;
  readonly npsAtMost: number;
  readonly surveyRecentDays: number;
  readonly largeOutflowPercent: number;
  readonly reinvestGraceDays: number;
  readonly maturityRecentDays: number;
  readonly aumFallingPercent: number;
  readonly aumSevereDropPercent: number;
  readonly aumTrendLookbackMonths: number;
  readonly aumShrinkingMonths: number;
  readonly frequencyFallingPercent: number;
}

/**
 * The churn model (docs/domain-rules.md §20.3): a logistic model over the signals,
 * p = 1 / (1 + e^-(intercept + Σ weight·signal)), its level thresholds and the value at risk.
 * Configuration: versioned, If-Match, audited (`PUT /v1/churn-risk/model`). The shipped
 * default is the one `npm run evaluate` fitted (domain/default-model.ts).
 */
export interface ChurnModel {
  /** 1 for the shipped default; every saved change adds one. */
  readonly version: number;
  readonly intercept: number;
  readonly weights: Readonly<Record<ChurnSignal, number>>;
  readonly thresholds: { readonly medium: number; readonly high: number };
  readonly signals: SignalThresholds;
  /**
   * Value at risk = the last complete month's AUM (minor units of its currency), at least
   * `floor` (in `currency`, also the currency of a customer without a summary) so a customer
   * without AUM is still ranked by probability.
   */
  readonly valueAtRisk: { readonly basis: 'aum'; readonly floor: number; readonly currency: string };
}

/** One term of the score: the baseline (the intercept's probability) or a signal's share. */
export interface Contribution {
  readonly signal: ChurnSignal | 'baseline';
  /** 1 when the signal is on (the baseline: 1). */
  readonly value: 0 | 1;
  /** Its share of the score; the contributions add up to the score. */
  readonly contribution: number;
}

/** A customer's score, explained. */
export interface ChurnScore {
  /** 0–1. */
  readonly score: number;
  readonly level: RiskLevel;
  /** The baseline first, then every signal (on or off); they add up to `score`. */
  readonly contributions: readonly Contribution[];
  /** The signals that are on, by contribution, largest first (ChurnRiskChanged's reasons). */
  readonly reasons: readonly ChurnSignal[];
  readonly valueAtRisk: { readonly amount: number; readonly currency: string };
  /** score × value at risk (minor units): the worklist's order. */
  readonly priority: number;
  readonly modelVersion: number;
  readonly scoredAt: string;
}
