import { type ActivityAggregate, assetHistory, monthlySuccessfulCounts, productsHeld } from './aggregate.js';
import type { CustomerFacts } from './customer-facts.js';
import { lastCompleteMonths } from './months.js';
import type { SegmentationConfig } from './segmentation/config.js';
import { DAY_MS } from './segmentation/days.js';
import {
  diffSegments,
  type ScoreContribution,
  SEGMENT_DIMENSIONS,
  type SegmentChange,
  type SegmentFacts,
  type Segments,
  segment,
} from './segmentation/grading.js';
import { ACTIVITY_WINDOW_MONTHS } from './segmentation/values.js';

/** A customer's grading as kept: the segments, why, and what grading needs next time. */
export interface SegmentState extends Segments {
  readonly customerId: string;
  /** The branch the customer was counted under in the segment summary when graded. */
  readonly branch: string;
  readonly contributions: readonly ScoreContribution[];
  readonly gradedAt: string;
  /** The segmentation configuration version the grading used (0: the defaults). */
  readonly configVersion: number;
  /** When the stage became `reactivated`, while it is. */
  readonly reactivatedAt?: string | undefined;
  /**
   * The earliest time at which the passing of time alone changes this grading (a month
   * rolling over, dormancy, `new` ending...): the daily job regrades customers due by then.
   */
  readonly regradeAt: string;
}

export interface GradingInputs {
  readonly aggregate: ActivityAggregate;
  readonly facts: CustomerFacts;
  /** The grading kept, if the customer was graded before. */
  readonly previous?: SegmentState | undefined;
  readonly config: SegmentationConfig;
  readonly configVersion: number;
  readonly now: Date;
}

export interface Grading {
  readonly state: SegmentState;
  /** Changed dimensions (all of them, from null, at the first grading). */
  readonly changes: readonly SegmentChange[];
  /**
   * Whether the grading kept must be replaced: a dimension, the score, the branch counted
   * under, the reactivation time or the configuration version differs, or the regrade time
   * must move (it came, or an earlier one is due). A later regrade time alone is not worth a
   * write: the daily job regrading a little early finds nothing and moves it then.
   */
  readonly changed: boolean;
}

/** How far ahead the next time-driven change is looked for; a month always rolls over by then. */
const LOOKAHEAD_DAYS = 32;

/** AUM counts only in the configuration's currency: amounts in another are never mixed in. */
function aumOf(
  point: { readonly aum: number; readonly currency: string } | undefined,
  currency: string,
): number {
  return point !== undefined && point.currency === currency ? point.aum : 0;
}

/** The facts grading reads, as of `now`, from the aggregate, the mirrored facts and the last grading. */
export function segmentFactsOf(
  aggregate: ActivityAggregate,
  facts: CustomerFacts,
  previous: SegmentState | undefined,
  config: SegmentationConfig,
  now: Date,
): SegmentFacts {
  const window = ACTIVITY_WINDOW_MONTHS;
  const months = lastCompleteMonths(now, window * 2);
  const counts = monthlySuccessfulCounts(aggregate, months, config.activity.countedTypes);
  const assets = assetHistory(aggregate, now);
  const held = productsHeld(aggregate).length;
  const holdings = Object.keys(aggregate.holdings).length;
  return {
    onboardedAt: new Date(facts.onboardedAt),
    now,
    relationshipClosed: facts.relationship === 'closed',
    // Every account closed: products were held, and none is any more.
    allAccountsClosed: holdings > 0 && held === 0,
    lastSuccessfulTransactionAt:
      aggregate.lastSuccessfulAt === undefined ? undefined : new Date(aggregate.lastSuccessfulAt),
    wasDormant: previous?.lifecycleStage === 'dormant',
    reactivatedAt:
      previous?.lifecycleStage === 'reactivated' && previous.reactivatedAt !== undefined
        ? new Date(previous.reactivatedAt)
        : undefined,
    aumNow: aumOf(assets.current, config.currency),
    aum3MonthsAgo: aumOf(assets.threeMonthsAgo, config.currency),
    monthlySuccessfulCounts: counts.slice(window),
    activityPrevious3Months: counts.slice(0, window).reduce((sum, count) => sum + count, 0),
    productsHeld: held,
    creditGrade: facts.creditGrade,
    complianceStatus: facts.complianceStatus,
  };
}

function gradeAt(inputs: GradingInputs, now: Date): Omit<SegmentState, 'regradeAt'> {
  const { aggregate, facts, previous, config } = inputs;
  const result = segment(segmentFactsOf(aggregate, facts, previous, config, now), config);
  const { contributions, ...segments } = result;
  const stayedReactivated =
    segments.lifecycleStage === 'reactivated' && previous?.lifecycleStage === 'reactivated';
  const reactivatedAt =
    segments.lifecycleStage !== 'reactivated'
      ? undefined
      : stayedReactivated && previous?.reactivatedAt !== undefined
        ? previous.reactivatedAt
        : now.toISOString();
  return {
    ...segments,
    customerId: facts.customerId,
    branch: facts.branch,
    contributions,
    gradedAt: now.toISOString(),
    configVersion: inputs.configVersion,
    ...(reactivatedAt === undefined ? {} : { reactivatedAt }),
  };
}

function sameGrade(a: Segments, b: Segments): boolean {
  return a.compositeScore === b.compositeScore && SEGMENT_DIMENSIONS.every((d) => a[d] === b[d]);
}

/**
 * When time alone would next change the grading: each day ahead is graded from the same
 * data (no new event) until one differs; a day's precision is what the daily job has. The
 * first of the next month always qualifies as a candidate (activity and decline read full
 * months), so the look-ahead is bounded by a month.
 */
function nextTimeDrivenChange(inputs: GradingInputs, graded: Omit<SegmentState, 'regradeAt'>): Date {
  const state: SegmentState = { ...graded, regradeAt: inputs.now.toISOString() };
  for (let day = 1; day <= LOOKAHEAD_DAYS; day++) {
    const at = new Date(inputs.now.getTime() + day * DAY_MS);
    const later = gradeAt({ ...inputs, previous: state }, at);
    if (!sameGrade(later, graded)) return at;
  }
  return new Date(inputs.now.getTime() + LOOKAHEAD_DAYS * DAY_MS);
}

/**
 * Grades a customer as of `now` (REFERENCE.md §3) and says what changed since the grading
 * kept. Pure: the consumer calls it after every event it applies, the daily job for the
 * customers whose `regradeAt` has come.
 */
export function gradeCustomer(inputs: GradingInputs): Grading {
  const graded = gradeAt(inputs, inputs.now);
  const state: SegmentState = { ...graded, regradeAt: nextTimeDrivenChange(inputs, graded).toISOString() };
  const { previous } = inputs;
  const changes = diffSegments(previous, state);
  const changed =
    previous === undefined ||
    !sameGrade(previous, state) ||
    previous.branch !== state.branch ||
    previous.reactivatedAt !== state.reactivatedAt ||
    previous.configVersion !== state.configVersion ||
    previous.regradeAt <= inputs.now.toISOString() ||
    state.regradeAt < previous.regradeAt;
  return { state, changes, changed };
}
