import { completeMonthBefore, cstDaysSince, cstDaysSinceDay, cstMonthOf, monthBefore } from './civil-time.js';
import type { ChurnFeatures, ChurnSignal, SignalThresholds, SummaryMonth } from './model.js';

/**
 * The churn signals of one customer at `now` (docs/domain-rules.md §20.2), each on or off at its
 * threshold, exactly as CHURN_SIGNALS describes them. Days are whole CST civil days; months are
 * complete CST months before `now`'s month, counted back from the newest one the activity summary
 * carries (at most one month behind: SUMMARY_LAG_MONTHS). A signal whose facts are missing is
 * off: no summary (or a month the summary does not carry) turns off the AUM, frequency and
 * outflow signals, never on. Percentages are compared by cross-multiplying, so 30 % of 1000 is
 * exactly 300.
 */

/** The complete months the frequency and outflow signals compare (the last 3, the 3 before). */
const WINDOW_MONTHS = 3;

/**
 * Every signal at `now`.
 * @example signalsOf(features, DEFAULT_CHURN_MODEL.signals, new Date())['inactive']
 */
export function signalsOf(
  features: ChurnFeatures,
  thresholds: SignalThresholds,
  now: Date,
): Record<ChurnSignal, boolean> {
  const months = monthsOf(features, now);
  return {
    inactive: isInactive(features, thresholds, now),
    'aum-drop': isAumDrop(months, thresholds),
    'frequency-drop': isFrequencyDrop(months, thresholds),
    'complaint-open': isComplaintOpenOrRecent(features, thresholds, now),
    'complaint-breached': isRecent(features.complaints.lastBreachAt, thresholds.breachRecentDays, now),
    'poor-satisfaction': isPoorSatisfaction(features, thresholds, now),
    'large-outflow': isLargeOutflow(months, thresholds),
    'maturity-not-reinvested': isMaturityNotReinvested(features, thresholds, now),
    'contact-failing': features.failedChannels.length > 0,
    'lifecycle-declining': features.lifecycleStage === 'declining' || features.lifecycleStage === 'dormant',
    'aum-falling': isAumFallen(months, thresholds.aumTrendLookbackMonths, thresholds.aumFallingPercent),
    'aum-drop-severe': isAumFallen(
      months,
      thresholds.aumTrendLookbackMonths,
      thresholds.aumSevereDropPercent,
    ),
    'aum-shrinking': isAumShrinking(months, thresholds),
    'frequency-falling': isFrequencyDown(months, thresholds, thresholds.frequencyFallingPercent),
  };
}

/**
 * The summary's month `k` months before the newest complete month it summarises (1: that month
 * itself), or undefined when the summary does not carry it (no summary, a new customer).
 */
type MonthAt = (k: number) => SummaryMonth | undefined;

/**
 * How many months the summary's newest complete month may lag `now`'s last complete month. The
 * activity capability moves a summary's months with its daily grading after the turn of a CST
 * month, which may run after the daily rescore: for those hours the summary still ends with the
 * month before. Reading it as it is keeps the month signals from blinking off and on again (a
 * level that fell and rose would be a new alert); an older summary is stale and reads as missing.
 */
const SUMMARY_LAG_MONTHS = 1;

function monthsOf(features: ChurnFeatures, now: Date): MonthAt {
  const current = cstMonthOf(now);
  // Only complete months count; the newest one summarised anchors the windows.
  const complete = (features.activity?.months ?? []).filter((month) => month.month < current);
  const newest = complete.reduce<string | undefined>(
    (latest, month) => (latest === undefined || month.month > latest ? month.month : latest),
    undefined,
  );
  if (newest === undefined || newest < completeMonthBefore(now, 1 + SUMMARY_LAG_MONTHS))
    return () => undefined;
  const byMonth = new Map(complete.map((month) => [month.month, month]));
  return (k) => byMonth.get(monthBefore(newest, k - 1));
}

/**
 * CST days since the last successful transaction reach `inactiveDays`. A customer who never
 * transacted (no summary, or a summary without a transaction day) counts from registration; with
 * neither the signal is off.
 */
function isInactive(features: ChurnFeatures, thresholds: SignalThresholds, now: Date): boolean {
  const lastDay = features.activity?.lastTransactionDay ?? null;
  if (lastDay !== null) return cstDaysSinceDay(lastDay, now) >= thresholds.inactiveDays;
  if (features.registeredAt === undefined) return false;
  return cstDaysSince(features.registeredAt, now) >= thresholds.inactiveDays;
}

/** `part` is at least `percent` % of `whole` (whole > 0), without floating-point division. */
const reachesPercent = (part: number, whole: number, percent: number) =>
  whole > 0 && part * 100 >= percent * whole;

/** The last complete month's AUM is `aumDropPercent` % or more below `aumLookbackMonths` earlier. */
function isAumDrop(monthAt: MonthAt, thresholds: SignalThresholds): boolean {
  return isAumFallen(monthAt, thresholds.aumLookbackMonths, thresholds.aumDropPercent);
}

/**
 * The last complete month's AUM is `percent` % or more below the AUM `lookbackMonths` complete
 * months earlier; off when either month lacks a balance snapshot.
 */
function isAumFallen(monthAt: MonthAt, lookbackMonths: number, percent: number): boolean {
  const last = monthAt(1)?.aum ?? null;
  const earlier = monthAt(1 + lookbackMonths)?.aum ?? null;
  if (last === null || earlier === null) return false;
  return reachesPercent(earlier - last, earlier, percent);
}

/**
 * Each of the last `aumShrinkingMonths` complete months ended with less AUM than the month
 * before it; a missing snapshot breaks the run (off), as a month the summary lacks does.
 */
function isAumShrinking(monthAt: MonthAt, thresholds: SignalThresholds): boolean {
  for (let k = 1; k <= thresholds.aumShrinkingMonths; k += 1) {
    const month = monthAt(k)?.aum ?? null;
    const before = monthAt(k + 1)?.aum ?? null;
    if (month === null || before === null || month >= before) return false;
  }
  return true;
}

/** Sum of `field` over months `from`..`from + WINDOW_MONTHS - 1`, or undefined when one is missing. */
function windowSum(
  monthAt: MonthAt,
  from: number,
  field: (month: SummaryMonth) => number,
): number | undefined {
  let sum = 0;
  for (let k = from; k < from + WINDOW_MONTHS; k += 1) {
    const month = monthAt(k);
    if (month === undefined) return undefined;
    sum += field(month);
  }
  return sum;
}

/**
 * Successful transactions of the last 3 complete months are `frequencyDropPercent` % or more
 * below the 3 months before them, which had at least `frequencyMinimumPrior` (a customer who
 * hardly transacted has no frequency to lose).
 */
function isFrequencyDrop(monthAt: MonthAt, thresholds: SignalThresholds): boolean {
  return isFrequencyDown(monthAt, thresholds, thresholds.frequencyDropPercent);
}

/**
 * The last 3 complete months' transactions are `percent` % or more below the 3 before them,
 * which had at least `frequencyMinimumPrior` (frequency-drop and its early tier
 * frequency-falling).
 */
function isFrequencyDown(monthAt: MonthAt, thresholds: SignalThresholds, percent: number): boolean {
  const recent = windowSum(monthAt, 1, (month) => month.transactions);
  const prior = windowSum(monthAt, 1 + WINDOW_MONTHS, (month) => month.transactions);
  if (recent === undefined || prior === undefined || prior < thresholds.frequencyMinimumPrior) return false;
  return reachesPercent(prior - recent, prior, percent);
}

/**
 * Transfers out over the last 3 complete months reach `largeOutflowPercent` % of the AUM at the
 * end of the month before them.
 */
function isLargeOutflow(monthAt: MonthAt, thresholds: SignalThresholds): boolean {
  const outflows = windowSum(monthAt, 1, (month) => month.outflows);
  const before = monthAt(1 + WINDOW_MONTHS)?.aum ?? null;
  if (outflows === undefined || before === null) return false;
  return reachesPercent(outflows, before, thresholds.largeOutflowPercent);
}

/** `instant` lies at most `days` CST days before `now` (the day itself and `days` after it). */
function isRecent(instant: string | undefined, days: number, now: Date): boolean {
  if (instant === undefined) return false;
  const since = cstDaysSince(instant, now);
  return since >= 0 && since <= days;
}

/** A complaint is open, or one closed within `recentComplaintDays`. */
function isComplaintOpenOrRecent(features: ChurnFeatures, thresholds: SignalThresholds, now: Date): boolean {
  return (
    features.complaints.open.length > 0 ||
    isRecent(features.complaints.lastClosedAt, thresholds.recentComplaintDays, now)
  );
}

/** The latest answer, within `surveyRecentDays`, has CSAT ≤ `csatAtMost` or NPS ≤ `npsAtMost`. */
function isPoorSatisfaction(features: ChurnFeatures, thresholds: SignalThresholds, now: Date): boolean {
  const survey = features.survey;
  if (survey === undefined || !isRecent(survey.at, thresholds.surveyRecentDays, now)) return false;
  return (
    survey.csat <= thresholds.csatAtMost || (survey.nps !== undefined && survey.nps <= thresholds.npsAtMost)
  );
}

/**
 * A holding matured between `reinvestGraceDays` and `maturityRecentDays` CST days ago (both
 * included) and nothing was opened at or after the maturity (a rollover opens at the same instant).
 */
function isMaturityNotReinvested(features: ChurnFeatures, thresholds: SignalThresholds, now: Date): boolean {
  const { lastMaturedAt, lastOpenedAt } = features.holdings;
  if (lastMaturedAt === undefined) return false;
  if (lastOpenedAt !== undefined && Date.parse(lastOpenedAt) >= Date.parse(lastMaturedAt)) return false;
  const since = cstDaysSince(lastMaturedAt, now);
  return since >= thresholds.reinvestGraceDays && since <= thresholds.maturityRecentDays;
}
