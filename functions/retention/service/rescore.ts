import { isDeepStrictEqual } from 'node:util';
import { buildEvent } from '../../../shared/events/index.js';
import { REVISION_ATTEMPTS } from '../../../shared/mirror/apply-under-revision.js';
import { cstDayOf, isoDateOfDay } from '../../../shared/time/civil-day.js';
import type { ChurnFeatures, ChurnScore, RiskLevel } from '../domain/model.js';
import { scoreChurn } from '../domain/scoring.js';
import { ChurnRiskChanged } from '../events.js';
import { historyKey } from '../store/keys.js';
import type { RiskRecord } from '../store/scoring-items.js';
import type { KpiIncrements, LevelCountMove, RescoreWrite } from '../store/scoring-store.js';
import type { ScoringDeps } from './deps.js';
import type { Rescorer, StoredFeatures, StoredRisk } from './ports.js';

/**
 * Rescoring, alerts and opening cases (docs/domain-rules.md §20.4): on request after a features
 * event (`rescoreIfOwed`, the RetentionRescorer), daily, and when a case closes. A rescore whose
 * score is the one stored writes nothing (`unchangedScore`). Any other is one write, in one
 * transaction guarded by the features revision it scored and the risk revision it read: the
 * risk item (the worklist keys of its level and priority), a history entry when the
 * level or the model changed or the score moved by 0.01 or more, the level counts moved, and when
 * the level changed ChurnRiskChanged in the outbox and, when it went UP to medium or high (an
 * alert; the first score counts from `low`; only while the relationship is active), the KPI
 * alerts. On an alert the case service is asked to open a case after the write; the alert stays
 * pending on the risk item until it answers, so a failed opening is tried again by the next
 * rescore and never lost, and never opened twice (the case service's marker).
 */

const RANK: Readonly<Record<RiskLevel, number>> = { low: 0, medium: 1, high: 2 };

/** A score change of at least this (in thousandths, as displayed) is kept in the history. */
const HISTORY_STEP_THOUSANDTHS = 10;

/**
 * At most this many old history entries are deleted by one rescore (a transaction holds 100
 * items): after CHURN_HISTORY_LIMIT is lowered, the next rescores trim the rest.
 */
export const MAX_TRIM_PER_WRITE = 25;

export interface RescoreInput {
  readonly customerId: string;
  /** Features with a branch (a record without one is not scored). */
  readonly features: ChurnFeatures;
  readonly featuresRevision: number;
  readonly before: RiskRecord | undefined;
  readonly score: ChurnScore;
  readonly historyLimit: number;
}

export interface RescorePlan {
  readonly write: RescoreWrite;
  /** The level went up to medium or high: a case is to be opened. */
  readonly alert: boolean;
}

/** Whether the score moved enough to be kept in the history (or nothing was kept yet). */
function historyDue(before: ChurnScore | undefined, score: ChurnScore): boolean {
  if (before === undefined) return true;
  return (
    before.level !== score.level ||
    before.modelVersion !== score.modelVersion ||
    Math.abs(Math.round(before.score * 1000) - Math.round(score.score * 1000)) >= HISTORY_STEP_THOUSANDTHS
  );
}

/** The level counts moved from (branch, level) before to (branch, level) now, one move per branch. */
function levelMoves(before: RiskRecord | undefined, branch: string, level: RiskLevel): LevelCountMove[] {
  if (before !== undefined && before.branch === branch && before.score.level === level) return [];
  const moves = new Map<string, Partial<Record<RiskLevel, number>>>();
  const add = (at: string, atLevel: RiskLevel, by: number) => {
    const counts = moves.get(at) ?? {};
    counts[atLevel] = (counts[atLevel] ?? 0) + by;
    moves.set(at, counts);
  };
  if (before !== undefined) add(before.branch, before.score.level, -1);
  add(branch, level, 1);
  return [...moves].map(([at, increments]) => ({ branch: at, increments }));
}

/**
 * The write of one rescore (pure): what changes and what is counted, from the risk before and
 * the score now.
 * @example planRescore({ customerId, features, featuresRevision: 3, before: undefined, score, historyLimit: 50 }).alert
 */
export function planRescore(input: RescoreInput): RescorePlan {
  const { customerId, features, before, score } = input;
  const from = before?.score.level;
  const levelChanged = from !== score.level;
  // A closed relationship is scored (the outcome and the worklist read it) but raises no alert:
  // there is no one left to retain, and the KPIs count alerts about customers still with the bank.
  const alert = RANK[score.level] > RANK[from ?? 'low'] && features.relationship === 'active';

  let historyKeys = [...(before?.historyKeys ?? [])];
  let history: RescoreWrite['history'];
  if (historyDue(before?.score, score)) {
    const { sk } = historyKey(customerId, score.scoredAt, (before?.revision ?? 0) + 1);
    history = {
      sk,
      entry: {
        at: score.scoredAt,
        score: score.score,
        level: score.level,
        reasons: score.reasons,
        modelVersion: score.modelVersion,
      },
    };
    historyKeys.push(sk);
  }
  const excess = Math.max(0, historyKeys.length - input.historyLimit);
  const historyDeletes = historyKeys.slice(0, Math.min(excess, MAX_TRIM_PER_WRITE));
  historyKeys = historyKeys.slice(historyDeletes.length);

  const day = isoDateOfDay(cstDayOf(new Date(score.scoredAt)));
  const kpis: KpiIncrements | undefined = alert
    ? {
        branch: features.branch,
        day,
        increments: score.level === 'high' ? { alertsHigh: 1 } : { alertsMedium: 1 },
      }
    : undefined;
  const event = levelChanged
    ? buildEvent(
        ChurnRiskChanged,
        {
          customerId,
          branch: features.branch,
          from: from ?? null,
          level: score.level,
          score: score.score,
          reasons: [...score.reasons],
          modelVersion: score.modelVersion,
          at: score.scoredAt,
        },
        new Date(score.scoredAt),
      )
    : undefined;
  // An alert's case opening stays pending until the case service answered; a fall to `low` or a
  // closed relationship drops it.
  const stillAtRisk = score.level !== 'low' && features.relationship === 'active';
  const pendingAlertAt = alert ? score.scoredAt : stillAtRisk ? before?.pendingAlertAt : undefined;

  return {
    alert,
    write: {
      customerId,
      featuresRevision: input.featuresRevision,
      riskRevision: before?.revision ?? 0,
      risk: { branch: features.branch, rmId: features.rmId, score, historyKeys, pendingAlertAt },
      history,
      historyDeletes,
      levelCounts: levelMoves(before, features.branch, score.level),
      event,
      kpis,
    },
  };
}

/**
 * Whether a new score would change nothing stored but its time (pure): the same level, displayed
 * score, contributions, reasons, value at risk, priority and model version as the stored score,
 * for the same branch and RM, with no alert's case opening pending and no history left to trim.
 * Such a rescore writes nothing (docs/domain-rules.md §20.4): the stored score keeps the time it
 * was last different. The daily pass scores every customer, and most scores do not move from
 * one day to the next; rewriting each one would be the bank's largest DynamoDB cost
 * (docs/operations.md §19) for no change anyone can see.
 * @example unchangedScore(risk, features, { ...risk.score, scoredAt: now }, 50) // true
 */
export function unchangedScore(
  before: RiskRecord | undefined,
  features: ChurnFeatures,
  score: ChurnScore,
  historyLimit: number,
): before is RiskRecord {
  if (before === undefined || before.pendingAlertAt !== undefined) return false;
  if (before.branch !== features.branch || before.rmId !== features.rmId) return false;
  if (before.historyKeys.length > historyLimit) return false;
  return isDeepStrictEqual({ ...before.score, scoredAt: '' }, { ...score, scoredAt: '' });
}

/**
 * Whether a customer is owed a rescore (docs/domain-rules.md §20.4; pure): when no rescore has
 * landed on the stored features yet — no risk yet, or one scored from an older features
 * revision (an event changed them since, or a delivery was retried after its rescore failed) —
 * or when an alert's case opening is still pending. Otherwise the score is already the one of
 * these features and nothing is written; a change that comes with time alone is the daily pass's.
 * Never for an erased customer or one not registered yet (no branch): they are not scored.
 * @example rescoreOwed({ features, erased: false, revision: 4 }, { ...risk, scoredRevision: 3 }) // true
 */
export function rescoreOwed(stored: StoredFeatures | undefined, risk: RiskRecord | undefined): boolean {
  if (stored === undefined || stored.erased || stored.features.branch === '') return false;
  if (risk === undefined || risk.pendingAlertAt !== undefined) return true;
  return (risk.scoredRevision ?? 0) < stored.revision;
}

/** A rescore's result: the risk written and the features it scored. */
export interface Rescored {
  readonly risk: StoredRisk;
  readonly features: ChurnFeatures;
}

/**
 * Scores a customer now from the stored features and the model in force, and writes the
 * result (above) unless it is the score stored, which is then what is answered. Undefined for
 * an unknown or erased customer, or one not registered yet (no branch). Tried again from the reads when another write came first; throws (a transient
 * error: the event or the job item is retried) when the records kept changing.
 */
export async function rescoreCustomer(deps: ScoringDeps, customerId: string): Promise<Rescored | undefined> {
  const outcome = await scoreAndWrite(deps, customerId, { onlyWhenOwed: false });
  return 'rescored' in outcome ? outcome.rescored : undefined;
}

/**
 * What a requested rescore did (docs/domain-rules.md §20.4): `rescored` (written), `current`
 * (the risk was already scored from these features and no alert is pending: nothing written),
 * `unchanged` (scored again, and the score is the one stored: nothing written), `unscored`
 * (unknown, erased or not registered yet: nothing to score).
 */
export type RequestedRescore = 'rescored' | 'current' | 'unchanged' | 'unscored';

/**
 * The rescore a features event requested (the ChurnRescoring coalesced work, docs/domain-rules.md
 * §20.4): the customer is scored from the latest features only when a rescore is owed
 * (`rescoreOwed`), so one run covers every request queued before it and a request whose features
 * were already scored writes nothing. Same write, retries and case opening as `rescoreCustomer`.
 * @example await rescoreIfOwed(deps, 'cus_1') // 'current' when the risk's scoredRevision is the features'
 */
export async function rescoreIfOwed(deps: ScoringDeps, customerId: string): Promise<RequestedRescore> {
  return (await scoreAndWrite(deps, customerId, { onlyWhenOwed: true })).kind;
}

type ScoreOutcome =
  | { readonly kind: 'rescored' | 'unchanged'; readonly rescored: Rescored }
  | { readonly kind: 'current' }
  | { readonly kind: 'unscored' };

/** The read–score–write loop of both rescores, guarded by the revisions it read. */
async function scoreAndWrite(
  deps: ScoringDeps,
  customerId: string,
  options: { readonly onlyWhenOwed: boolean },
): Promise<ScoreOutcome> {
  for (let attempt = 0; attempt < REVISION_ATTEMPTS; attempt += 1) {
    const [stored, before] = await Promise.all([
      deps.scoring.features(customerId),
      deps.scoring.risk(customerId),
    ]);
    if (stored === undefined || stored.erased || stored.features.branch === '') return { kind: 'unscored' };
    if (options.onlyWhenOwed && !rescoreOwed(stored, before)) return { kind: 'current' };
    const { features } = stored;
    const model = await deps.models.current();
    const score = scoreChurn(features, model, deps.clock.now());
    if (unchangedScore(before, features, score, deps.settings.historyLimit)) {
      const { branch, rmId } = before;
      return {
        kind: 'unchanged',
        rescored: { risk: { customerId, branch, rmId, score: before.score }, features },
      };
    }
    const { write } = planRescore({
      customerId,
      features,
      featuresRevision: stored.revision,
      before,
      score,
      historyLimit: deps.settings.historyLimit,
    });
    if (!(await deps.scoring.writeRescore(write))) continue;
    const risk: StoredRisk = { customerId, branch: features.branch, rmId: features.rmId, score };
    const alertAt = write.risk.pendingAlertAt;
    if (alertAt !== undefined) await openCase(deps, risk, features, alertAt);
    return { kind: 'rescored', rescored: { risk, features } };
  }
  throw new Error('The customer kept changing while being scored; it will be retried');
}

/** Asks the case service for the alert's case (none when one is open) and clears the alert. */
async function openCase(
  deps: ScoringDeps,
  risk: StoredRisk,
  features: ChurnFeatures,
  alertAt: string,
): Promise<void> {
  await deps.caseOpener.openFor({
    customerId: risk.customerId,
    branch: risk.branch,
    rmId: risk.rmId,
    score: risk.score,
    features,
    at: alertAt,
  });
  await deps.scoring.alertHandled(risk.customerId, alertAt);
}

/** The Rescorer port (the close task's rescore), over the same write. */
export function rescorer(deps: ScoringDeps): Rescorer {
  return { rescore: (customerId) => rescoreCustomer(deps, customerId) };
}
