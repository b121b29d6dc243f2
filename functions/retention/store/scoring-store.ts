import type { CounterIncrements } from '../../../shared/dynamodb/counters.js';
import type { CrmEvent } from '../../../shared/events/define.js';
import type { ChurnScore, RiskLevel } from '../domain/model.js';
import type { RiskHistoryEntry, StoredFeatures } from '../service/ports.js';
import type { KpiCounter } from './keys.js';
import type { RiskRecord } from './scoring-items.js';

/** Counters added to the KPI bucket of a branch and CST day, in the write they count. */
export interface KpiIncrements {
  readonly branch: string;
  readonly day: string;
  readonly increments: Readonly<Partial<Record<KpiCounter, number>>>;
}

/** Level counts moved on a branch's LEVELS item (a level left: -1, a level entered: +1). */
export interface LevelCountMove {
  readonly branch: string;
  readonly increments: Readonly<Partial<Record<RiskLevel, number>>> & CounterIncrements;
}

/** One write of a customer's features (the consumer's, under the features revision). */
export interface FeaturesWrite {
  readonly record: Omit<StoredFeatures, 'revision'>;
  /** The revision read (0: nothing stored): the write lands only if it is still the stored one. */
  readonly expectedRevision: number;
  /** customersJoined / customersChurned of this change (docs/domain-rules.md §20.9). */
  readonly kpis?: KpiIncrements | undefined;
  /**
   * The erasure (the record is a tombstone): the risk as read is deleted in the same transaction
   * (guarded by its revision; absent: guarded on still being absent) and its level count taken off.
   */
  readonly erasure?: { readonly risk: RiskRecord | undefined } | undefined;
}

/** One rescore's write (docs/domain-rules.md §20.4): all of it or nothing. */
export interface RescoreWrite {
  readonly customerId: string;
  /** The features revision the score was computed from: the write's guard, kept on the risk item (`scoredRevision`). */
  readonly featuresRevision: number;
  /** The risk revision read (0: never scored): the second guard, against a concurrent rescore. */
  readonly riskRevision: number;
  readonly risk: {
    readonly branch: string;
    readonly rmId?: string | undefined;
    readonly score: ChurnScore;
    readonly historyKeys: readonly string[];
    readonly pendingAlertAt?: string | undefined;
  };
  readonly history?: { readonly sk: string; readonly entry: RiskHistoryEntry } | undefined;
  /** History sort keys trimmed beyond CHURN_HISTORY_LIMIT. */
  readonly historyDeletes: readonly string[];
  readonly levelCounts: readonly LevelCountMove[];
  /** ChurnRiskChanged, when the level changed: written to the outbox. */
  readonly event?: CrmEvent | undefined;
  readonly kpis?: KpiIncrements | undefined;
}

/**
 * Where the consumer, the rescore and the daily pass keep a customer's features and risk
 * (docs/domain-rules.md §20.1, §20.4). Writes are guarded by the revisions read: a false answer
 * means another write came first (read and apply again), nothing was written.
 */
export interface ScoringStore {
  features(customerId: string): Promise<StoredFeatures | undefined>;
  putFeatures(write: FeaturesWrite): Promise<boolean>;
  /** Deletes whatever history entries an erased customer still has (idempotent). */
  purgeHistory(customerId: string): Promise<void>;
  risk(customerId: string): Promise<RiskRecord | undefined>;
  writeRescore(write: RescoreWrite): Promise<boolean>;
  /** Clears an alert whose case opening is done (only that alert's: a later one stays). */
  alertHandled(customerId: string, alertAt: string): Promise<void>;
  /** The newest history entries, newest first. */
  history(customerId: string, limit: number): Promise<readonly RiskHistoryEntry[]>;
}
