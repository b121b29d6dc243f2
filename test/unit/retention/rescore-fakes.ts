import { DEFAULT_CHURN_MODEL } from '../../../functions/retention/domain/default-model.js';
import type { ChurnFeatures, ChurnModel } from '../../../functions/retention/domain/model.js';
import type { ScoringDeps } from '../../../functions/retention/service/deps.js';
import type { ConsumerDeps } from '../../../functions/retention/service/features.js';
import type {
  CaseOpening,
  RiskHistoryEntry,
  StoredFeatures,
} from '../../../functions/retention/service/ports.js';
import { type RequestedRescore, rescoreIfOwed } from '../../../functions/retention/service/rescore.js';
import type { RiskRecord } from '../../../functions/retention/store/scoring-items.js';
import type {
  FeaturesWrite,
  KpiIncrements,
  LevelCountMove,
  RescoreWrite,
  ScoringStore,
} from '../../../functions/retention/store/scoring-store.js';
import type { CrmEvent } from '../../../shared/events/define.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { RecordingWorkRequests } from '../../support/work-requests.js';

/**
 * An in-memory scoring store with the adapter's guards: a write lands only if the revisions it
 * read are still the stored ones, all of it or nothing. `beforeRescoreWrite` lets a test change
 * the records between a rescore's reads and its write (a lost race).
 */
export class MemoryScoringStore implements ScoringStore {
  readonly featuresById = new Map<string, StoredFeatures>();
  readonly riskById = new Map<string, RiskRecord>();
  readonly historyById = new Map<string, Map<string, RiskHistoryEntry>>();
  readonly levels = new Map<string, Record<string, number>>();
  /** KPI buckets by `<branch>#<day>`. */
  readonly kpis = new Map<string, Record<string, number>>();
  readonly outbox: CrmEvent[] = [];
  rescoreWrites = 0;
  beforeRescoreWrite: ((write: RescoreWrite) => void) | undefined;

  async features(customerId: string): Promise<StoredFeatures | undefined> {
    return this.featuresById.get(customerId);
  }

  async putFeatures(write: FeaturesWrite): Promise<boolean> {
    const customerId = write.record.features.customerId;
    if ((this.featuresById.get(customerId)?.revision ?? 0) !== write.expectedRevision) return false;
    const risk = this.riskById.get(customerId);
    if (write.erasure !== undefined && risk?.revision !== write.erasure.risk?.revision) return false;
    this.featuresById.set(customerId, { ...write.record, revision: write.expectedRevision + 1 });
    this.addKpis(write.kpis);
    if (write.erasure?.risk !== undefined) {
      this.riskById.delete(customerId);
      const { branch, score } = write.erasure.risk;
      this.moveLevels([{ branch, increments: { [score.level]: -1 } }]);
    }
    return true;
  }

  async purgeHistory(customerId: string): Promise<void> {
    this.historyById.delete(customerId);
  }

  async risk(customerId: string): Promise<RiskRecord | undefined> {
    return this.riskById.get(customerId);
  }

  async writeRescore(write: RescoreWrite): Promise<boolean> {
    this.beforeRescoreWrite?.(write);
    const features = this.featuresById.get(write.customerId);
    const risk = this.riskById.get(write.customerId);
    if (features === undefined || features.erased || features.revision !== write.featuresRevision)
      return false;
    if ((risk?.revision ?? 0) !== write.riskRevision) return false;
    this.rescoreWrites += 1;
    this.riskById.set(write.customerId, {
      customerId: write.customerId,
      ...write.risk,
      openCaseId: risk?.openCaseId,
      revision: write.riskRevision + 1,
      scoredRevision: write.featuresRevision,
    });
    const history = this.historyById.get(write.customerId) ?? new Map<string, RiskHistoryEntry>();
    if (write.history !== undefined) history.set(write.history.sk, write.history.entry);
    for (const sk of write.historyDeletes) history.delete(sk);
    this.historyById.set(write.customerId, history);
    this.moveLevels(write.levelCounts);
    if (write.event !== undefined) this.outbox.push(write.event);
    this.addKpis(write.kpis);
    return true;
  }

  async alertHandled(customerId: string, alertAt: string): Promise<void> {
    const risk = this.riskById.get(customerId);
    if (risk?.pendingAlertAt === alertAt)
      this.riskById.set(customerId, { ...risk, pendingAlertAt: undefined });
  }

  async history(customerId: string, limit: number): Promise<readonly RiskHistoryEntry[]> {
    const entries = [...(this.historyById.get(customerId) ?? new Map<string, RiskHistoryEntry>())];
    return entries
      .sort(([a], [b]) => b.localeCompare(a))
      .slice(0, limit)
      .map(([, entry]) => entry);
  }

  /** The level counts of a branch (a level never counted reads 0). */
  levelCounts(branch: string): Record<'low' | 'medium' | 'high', number> {
    const counts = this.levels.get(branch) ?? {};
    return { low: counts.low ?? 0, medium: counts.medium ?? 0, high: counts.high ?? 0 };
  }

  private moveLevels(moves: readonly LevelCountMove[]): void {
    for (const move of moves) {
      const counts = this.levels.get(move.branch) ?? {};
      for (const [level, by] of Object.entries(move.increments))
        counts[level] = (counts[level] ?? 0) + (by ?? 0);
      this.levels.set(move.branch, counts);
    }
  }

  private addKpis(kpis: KpiIncrements | undefined): void {
    if (kpis === undefined) return;
    const key = `${kpis.branch}#${kpis.day}`;
    const bucket = this.kpis.get(key) ?? {};
    for (const [counter, by] of Object.entries(kpis.increments))
      bucket[counter] = (bucket[counter] ?? 0) + (by ?? 0);
    this.kpis.set(key, bucket);
  }
}

/** A case opener that records every opening and, like the real one, opens one case per customer. */
export class RecordingCaseOpener {
  readonly openings: CaseOpening[] = [];
  readonly open = new Set<string>();
  failNext = false;

  async openFor(opening: CaseOpening): Promise<{ opened: boolean; caseId: string }> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('The case store is unavailable');
    }
    this.openings.push(opening);
    const caseId = `ret_${opening.customerId}`;
    if (this.open.has(opening.customerId)) return { opened: false, caseId };
    this.open.add(opening.customerId);
    return { opened: true, caseId };
  }
}

export const NOW = new Date('2026-12-04T02:00:00.000Z');

/** The logit: the intercept whose baseline is `p` (a customer with no signal on scores p). */
export const interceptFor = (p: number) => Math.log(p / (1 - p));

/**
 * The default model with the baseline set to `p` and the weight of `inactive` set so that
 * inactivity alone scores 0.45 (medium), whatever the fitted weights are.
 */
export const modelScoring = (p: number, version = 1): ChurnModel => ({
  ...DEFAULT_CHURN_MODEL,
  version,
  intercept: interceptFor(p),
  weights: { ...DEFAULT_CHURN_MODEL.weights, inactive: interceptFor(0.45) - interceptFor(p) },
});

/**
 * Registered ten days before NOW, nothing else known: no signal is on, so the customer scores
 * the model's baseline.
 */
export function quietFeatures(customerId: string, branch = 'BJ01', rmId = 'rm-7'): ChurnFeatures {
  return {
    customerId,
    registeredAt: '2026-11-24T02:00:00.000Z',
    relationship: 'active',
    branch,
    rmId,
    profileVersion: 1,
    complaints: { open: [] },
    holdings: {},
    failedChannels: [],
  };
}

/**
 * The keys requested since the last call, each once in the order first asked: what the
 * rescorer's next batch covers (a fake queue over the recorded requests).
 */
export function queuedKeys(requests: RecordingWorkRequests): () => string[] {
  let taken = 0;
  return () => {
    const keys = requests.keys().slice(taken);
    taken += keys.length;
    return [...new Set(keys)];
  };
}

/** A scoring world of fakes: store, opener, clock and a model a test can change. */
export function scoringWorld(options: { historyLimit?: number; baseline?: number } = {}) {
  const scoring = new MemoryScoringStore();
  const opener = new RecordingCaseOpener();
  const clock = new ControlledClock(NOW);
  const caseEvents: string[] = [];
  const requests = new RecordingWorkRequests();
  let model = modelScoring(options.baseline ?? 0.05);
  const deps: ConsumerDeps & ScoringDeps = {
    scoring,
    models: { current: async () => model },
    caseOpener: opener,
    clock,
    settings: { historyLimit: options.historyLimit ?? 50 },
    caseEvents: async (event) => {
      if (event.detailType !== 'RecommendationMade') return false;
      caseEvents.push(event.detailType);
      return true;
    },
    rescoreRequests: requests,
  };
  /**
   * What the RetentionRescorer does with one batch: every customer requested since the last
   * batch rescored once if owed (a failure stops the batch: its requests are not taken again).
   */
  const take = queuedKeys(requests);
  const rescoreBatch = async (): Promise<Record<string, RequestedRescore>> => {
    const outcomes: Record<string, RequestedRescore> = {};
    for (const customerId of take()) outcomes[customerId] = await rescoreIfOwed(deps, customerId);
    return outcomes;
  };
  return {
    deps,
    requests,
    rescoreBatch,
    scoring,
    opener,
    clock,
    caseEvents,
    /** From now on, score with `next`. */
    useModel: (next: ChurnModel) => {
      model = next;
    },
    /** Stores features as the consumer would have (revision + 1). */
    putFeatures: (features: ChurnFeatures) => {
      const revision = scoring.featuresById.get(features.customerId)?.revision ?? 0;
      scoring.featuresById.set(features.customerId, { features, erased: false, revision: revision + 1 });
    },
  };
}
