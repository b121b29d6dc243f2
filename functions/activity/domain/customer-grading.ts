import { type ActivitySummary, nextSummaryTurn, sameSummary, summariseActivity } from './activity-summary.js';
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
   * The last successful transaction this grading saw (onboarding when none): what a later
   * grading compares with to tell whether dormancy began in between (see gradeCustomer).
   */
  readonly lastActiveAt?: string | undefined;
  /**
   * The earliest time at which the passing of time alone changes this grading (a month
   * rolling over, dormancy, `new` ending...): the daily job regrades customers due by then.
   */
  readonly regradeAt: string;
  /**
   * The activity summary last published for the customer (ActivitySummaryChanged); absent on
   * a grading kept from before summaries were published, which the next grading publishes.
   */
  readonly activitySummary?: ActivitySummary | undefined;
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

/** A changed dimension; `at` when it changed before the grading's own time (see gradeCustomer). */
export type TimedSegmentChange = SegmentChange & { readonly at?: string };

export interface Grading {
  readonly state: SegmentState;
  /** Changed dimensions (all of them, from null, at the first grading), oldest first. */
  readonly changes: readonly TimedSegmentChange[];
  /**
   * Whether the grading kept must be replaced: a dimension, the score, the branch counted
   * under, the reactivation time, the configuration version or the regrade time differs.
   * The regrade time is an instant the data decides (see nextTimeDrivenChange), so it only
   * moves when the data moves it, or at a month's turn (see nextTimeDrivenChange). A changed
   * activity summary is a change too.
   */
  readonly changed: boolean;
  /**
   * Whether the activity summary differs from the one last published (kept with the grading):
   * a material change, announced by ActivitySummaryChanged in the grading's write.
   */
  readonly summaryChanged: boolean;
  /** The activity summary as of the grading time (also in `state`). */
  readonly summary: ActivitySummary;
}

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
    // Dormant without ever transacting is a customer not activated yet: their first success
    // activates them (`growing`, `mature`...), it does not bring them back.
    wasDormant: previous?.lifecycleStage === 'dormant' && previous.status !== 'pending-activation',
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
    lastActiveAt: aggregate.lastSuccessfulAt ?? facts.onboardedAt,
  };
}

function sameGrade(a: Segments, b: Segments): boolean {
  return a.compositeScore === b.compositeScore && SEGMENT_DIMENSIONS.every((d) => a[d] === b[d]);
}

const MINUTE_MS = 60_000;

/**
 * When time alone next changes the grading: each day ahead is graded from the same data (no
 * new event) until one differs, then the minute it starts is found by bisection on whole
 * minutes since the epoch. The answer depends on the data (and the month), not on when grading
 * ran, so a grading of unchanged data in the same month finds the same instant and has nothing
 * to write. The look-ahead stops at the next CST month's turn: the activity summary's complete
 * months move then (ActivitySummaryChanged, docs/domain-rules.md §14.6), so the daily job must
 * regrade every customer at each turn even when the segments stay as they are.
 */
function nextTimeDrivenChange(inputs: GradingInputs, graded: Omit<SegmentState, 'regradeAt'>): Date {
  const state: SegmentState = { ...graded, regradeAt: inputs.now.toISOString() };
  const differs = (at: Date) => !sameGrade(gradeAt({ ...inputs, previous: state }, at), graded);
  const bound = nextSummaryTurn(inputs.now);
  let before = inputs.now.getTime();
  for (let at = before + DAY_MS; ; at += DAY_MS) {
    const probe = Math.min(at, bound.getTime());
    if (differs(new Date(probe))) {
      // Bisect (before, probe] on the epoch-minute grid: the first minute that differs.
      let low = Math.floor(before / MINUTE_MS);
      let high = Math.ceil(probe / MINUTE_MS);
      while (high - low > 1) {
        const mid = Math.floor((low + high) / 2);
        if (differs(new Date(mid * MINUTE_MS))) high = mid;
        else low = mid;
      }
      return new Date(high * MINUTE_MS);
    }
    if (probe >= bound.getTime()) return bound;
    before = probe;
  }
}

/**
 * The grading at the kept `regradeAt` when the customer became dormant then while no grading
 * looked (the time had come, the daily job had not run yet), graded from what was known then
 * (`lastActiveAt`); undefined otherwise. Exact because a success before a due dormancy moves
 * `regradeAt`, so it is written (see `changed`).
 */
function unseenDormancy(inputs: GradingInputs): SegmentState | undefined {
  const { previous, aggregate, now } = inputs;
  if (previous === undefined || previous.lifecycleStage === 'dormant') return undefined;
  if (previous.lastActiveAt === undefined || previous.regradeAt > now.toISOString()) return undefined;
  const due = new Date(previous.regradeAt);
  const known = { ...aggregate, lastSuccessfulAt: previous.lastActiveAt };
  const then = gradeAt({ ...inputs, aggregate: known }, due);
  const dormant = then.lifecycleStage === 'dormant' && then.status !== 'pending-activation';
  return dormant ? { ...then, regradeAt: previous.regradeAt } : undefined;
}

/**
 * Grades a customer as of `now` (docs/domain-rules.md §14) and says what changed since the
 * grading kept. Pure: the consumer calls it after every event it applies, the daily job for the
 * customers whose `regradeAt` has come.
 */
export function gradeCustomer(inputs: GradingInputs): Grading {
  const { previous } = inputs;
  // A transaction just after dormancy began, before the daily job marked it, reactivates;
  // the history shows both steps, the dormancy at the time it began.
  const dormancy = unseenDormancy(inputs);
  const effective = dormancy === undefined ? inputs : { ...inputs, previous: dormancy };
  const graded = gradeAt(effective, inputs.now);
  const activitySummary = summariseActivity(
    inputs.aggregate,
    inputs.facts.onboardedAt,
    inputs.config.currency,
    inputs.now,
  );
  const state: SegmentState = {
    ...graded,
    regradeAt: nextTimeDrivenChange(effective, graded).toISOString(),
    activitySummary,
  };
  const summaryChanged = !sameSummary(previous?.activitySummary, activitySummary);
  const changes: TimedSegmentChange[] =
    dormancy === undefined
      ? diffSegments(previous, state)
      : [
          ...diffSegments(previous, dormancy).map((change) => ({ ...change, at: dormancy.gradedAt })),
          ...diffSegments(dormancy, state),
        ];
  const changed =
    previous === undefined ||
    !sameGrade(previous, state) ||
    previous.branch !== state.branch ||
    previous.reactivatedAt !== state.reactivatedAt ||
    previous.configVersion !== state.configVersion ||
    previous.regradeAt !== state.regradeAt ||
    summaryChanged;
  return { state, changes, changed, summaryChanged, summary: activitySummary };
}
