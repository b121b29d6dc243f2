import type { AuditHead, AuditRecord } from '../../../shared/audit/index.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import type {
  AttemptChannel,
  AttemptResponse,
  CaseAssignee,
  CaseOutcome,
  CaseStatus,
  ChurnFeatures,
  ChurnModel,
  ChurnScore,
  EarlyCloseReason,
  RetentionStrategy,
  RiskLevel,
} from '../domain/model.js';
import type { KpiCounter } from '../store/keys.js';
import type { CaseStep } from '../workflows/retention-case.js';

/**
 * The contracts between the retention capability's parts (docs/domain-rules.md §20): the
 * features mirror and scoring (consumer, daily pass), the cases and their workflow, the API.
 */

/** A customer's features as stored: the mirror of the events, and the scope of the record. */
export interface StoredFeatures {
  readonly features: ChurnFeatures;
  /** Bumped by every write; a write is guarded by the revision it read. */
  readonly revision: number;
  /** The customer was erased: nothing is kept but this tombstone, nothing is scored. */
  readonly erased: boolean;
}

/** A customer's current risk as stored (the worklist item). */
export interface StoredRisk {
  readonly customerId: string;
  readonly branch: string;
  readonly rmId?: string | undefined;
  readonly score: ChurnScore;
  /** The open case, if any (set and cleared by the case service). */
  readonly openCaseId?: string | undefined;
}

/** One change of a customer's score, for the history. */
export interface RiskHistoryEntry {
  readonly at: string;
  readonly score: number;
  readonly level: RiskLevel;
  readonly reasons: ChurnScore['reasons'];
  readonly modelVersion: number;
}

/** Reads the model in force (the shipped default until an admin saves one). */
export interface ModelReader {
  current(): Promise<ChurnModel>;
}

/** Who opens a case: the scope of the customer and the score that raised the alert. */
export interface CaseOpening {
  readonly customerId: string;
  readonly branch: string;
  readonly rmId?: string | undefined;
  readonly score: ChurnScore;
  /** The features the score was computed from (whether the customer was inactive or dormant). */
  readonly features: ChurnFeatures;
  /** The alert's time: the window runs from it. */
  readonly at: string;
}

/**
 * Opens a case for a `medium` or `high` score when the customer has none open (the open-case
 * marker, conditional): writes the case, the marker, RetentionCaseOpened and the KPI count in
 * one transaction, then starts the RetentionCase execution named after the case id. Resolves
 * `opened: false` (with the open case's id) when one is already open: never twice.
 */
export interface CaseOpener {
  openFor(opening: CaseOpening): Promise<{ readonly opened: boolean; readonly caseId: string }>;
}

/** Scores a customer now from their stored features (the close task's re-score, the daily pass). */
export interface Rescorer {
  /** Undefined for an unknown or erased customer. */
  rescore(
    customerId: string,
  ): Promise<{ readonly risk: StoredRisk; readonly features: ChurnFeatures } | undefined>;
}

/** An attempt as recorded on a case. */
export interface CaseAttempt {
  readonly attempt: number;
  readonly channel: AttemptChannel;
  readonly reached: boolean;
  readonly cause?: string | undefined;
  /** A recommendation id (the offer presented), when one was made. */
  readonly offerRecommendationId?: string | undefined;
  readonly response?: AttemptResponse | undefined;
  /** Who recorded it (the caller's subject) and when. */
  readonly by: string;
  readonly at: string;
}

/** A retention case as stored. Never a name, an address or free text. */
export interface RetentionCase {
  readonly caseId: string;
  readonly customerId: string;
  readonly branch: string;
  readonly rmId?: string | undefined;
  /**
   * Who works the case: the customer's RM, or the branch supervisor for a `supervisor-call`
   * (from the start) and for any case escalated (docs/domain-rules.md §20.5).
   */
  readonly assignedTo: CaseAssignee;
  readonly level: 'medium' | 'high';
  readonly strategy: RetentionStrategy;
  readonly reasons: ChurnScore['reasons'];
  readonly score: number;
  readonly status: CaseStatus;
  /** The alert's time; the window runs from it. */
  readonly openedAt: string;
  readonly outreachDueAt: string;
  readonly windowEndsAt: string;
  readonly escalatedAt?: string | undefined;
  /** The first reached attempt. */
  readonly reachedAt?: string | undefined;
  readonly attempts: number;
  /** The latest cause the customer gave. */
  readonly cause?: string | undefined;
  /** The offer the recommendations capability recorded (or `unavailable`). */
  readonly offer?:
    | { readonly kind: 'recommended'; readonly recommendationId: string; readonly productId: string }
    | { readonly kind: 'unavailable' }
    | undefined;
  /** Inactive or dormant at the alert: transacting again makes the outcome `reactivated`. */
  readonly wasInactive: boolean;
  readonly outcome?: CaseOutcome | undefined;
  readonly closedAt?: string | undefined;
  readonly earlyReason?: EarlyCloseReason | undefined;
  readonly closedBy?: string | undefined;
  /** The step waiting on a task token, and its token (never shown by the API). */
  readonly waiting?: { readonly step: CaseStep; readonly taskToken: string } | undefined;
  readonly version: number;
}

/** The caller acting on a case (from the verified token). */
export interface CaseActor {
  readonly sub: string;
  readonly role: string;
}

/** Recording an attempt (POST /v1/retention-cases/{id}/attempts). */
export interface AttemptInput {
  readonly channel: AttemptChannel;
  readonly reached: boolean;
  readonly cause?: string | undefined;
  readonly offerRecommendationId?: string | undefined;
  readonly response?: AttemptResponse | undefined;
}

/** Refusals of case actions, mapped to problems by the API. */
export class CaseClosedError extends Error {
  override readonly name = 'CaseClosedError';
}
export class CaseVersionConflictError extends Error {
  override readonly name = 'CaseVersionConflictError';
}
export class UnknownCauseError extends Error {
  override readonly name = 'UnknownCauseError';
}
/** The offer named on an attempt is not one of the customer's recent recommendations (OFFERS item). */
export class OfferNotRecordedError extends Error {
  override readonly name = 'OfferNotRecordedError';
}
/** No case with this id (it was never opened). */
export class CaseNotFoundError extends Error {
  override readonly name = 'CaseNotFoundError';
}
/** An Idempotency-Key already used by this caller for another attempt body. */
export class IdempotencyKeyReusedError extends Error {
  override readonly name = 'IdempotencyKeyReusedError';
}

/**
 * What the API does to cases (implemented by the case service; the API checks scope first with
 * the case's branch and RM). A reached attempt answers the waiting outreach token; an early close
 * fails the waiting token with Retention.ClosedEarly.
 */
export interface CaseActions {
  get(
    caseId: string,
  ): Promise<{ readonly case: RetentionCase; readonly attempts: readonly CaseAttempt[] } | undefined>;
  /**
   * With `idempotencyKey` (the caller's Idempotency-Key), a retry answers the attempt recorded
   * first (`replayed: true`), and the same key with another body throws IdempotencyKeyReusedError.
   */
  recordAttempt(
    caseId: string,
    input: AttemptInput,
    actor: CaseActor,
    expectedVersion?: number,
    idempotencyKey?: string,
  ): Promise<{
    readonly case: RetentionCase;
    readonly attempt: CaseAttempt;
    readonly replayed: boolean;
  }>;
  closeEarly(
    caseId: string,
    reason: EarlyCloseReason,
    actor: CaseActor,
    expectedVersion?: number,
  ): Promise<RetentionCase>;
}

/**
 * Case events other capabilities send back (RecommendationMade with a case id,
 * RecommendationUnavailable) and the calendar years: true when the event was one of them.
 */
export type CaseEventConsumer = (event: ConsumedEvent) => Promise<boolean>;

/** One saved version of the churn model (docs/domain-rules.md §20.3). */
export interface StoredChurnModel {
  /** `model.version`: 2, 3, …; the shipped default (version 1) is never stored. */
  readonly model: ChurnModel;
  readonly updatedAt: string;
  /** The admin's subject: an opaque id, no personal information. */
  readonly updatedBy: string;
  /** The last link of the model's audit chain (subject MODEL_AUDIT_SUBJECT): seq = version − 1. */
  readonly audit: AuditHead;
}

/**
 * One save of the model: `stored.model.version` is `expectedVersion + 1` (the version read: 1 for
 * the shipped default) and `audit` chains onto the current head (seq = number of saves).
 */
export interface ChurnModelSave {
  readonly expectedVersion: number;
  readonly stored: StoredChurnModel;
  readonly audit: AuditRecord;
}

/** The churn model's versioned, audited store (the API's GET and PUT; the ModelReader's source). */
export interface ChurnModelStore {
  /** The current saved version, read strongly consistent; undefined while none was ever saved. */
  current(): Promise<StoredChurnModel | undefined>;
  /** Saves if the current version is still `expectedVersion`, else writes nothing. */
  save(
    save: ChurnModelSave,
  ): Promise<
    | { readonly ok: true; readonly stored: StoredChurnModel }
    | { readonly ok: false; readonly reason: 'version-conflict' }
  >;
}

/** One page of a list and, while more may follow, the opaque cursor of the next. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly cursor?: string | undefined;
}

/** Whose list a page is of: a branch's (byBranch) or an RM's book (byAssignee). */
export type ListScope =
  | { readonly kind: 'branch'; readonly branch: string }
  | { readonly kind: 'rm'; readonly rmId: string };

/** A branch's customers at each level now (the LEVELS item): the analysts' aggregated worklist. */
export interface LevelCounts {
  readonly branch: string;
  readonly low: number;
  readonly medium: number;
  readonly high: number;
}

/** One KPI bucket (branch, CST day) and its counters (absent counters are 0). */
export interface KpiBucket {
  readonly branch: string;
  readonly day: string;
  readonly counts: Readonly<Partial<Record<KpiCounter, number>>>;
}

/**
 * What the API reads (docs/domain-rules.md §20.7), read only: the items t-store and the case
 * service write, by the keys of store/keys.ts.
 */
export interface RetentionReader {
  features(customerId: string): Promise<StoredFeatures | undefined>;
  risk(customerId: string): Promise<StoredRisk | undefined>;
  /** The customer's history, newest first, at most `limit` entries. */
  history(customerId: string, limit: number): Promise<readonly RiskHistoryEntry[]>;
  /** A page of the worklist at `level`, highest priority first. */
  riskPage(
    scope: ListScope,
    level: RiskLevel,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<StoredRisk>>;
  /** The level counts of one branch, or of every branch (in branch order). */
  levelCounts(branch: string | undefined): Promise<readonly LevelCounts[]>;
  /** A page of cases in `status`, oldest opened first. */
  casePage(
    scope: ListScope,
    status: CaseStatus,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<RetentionCase>>;
  /** The buckets of CST days `from`..`to` (both included), of one branch or every branch. */
  kpiBuckets(from: string, to: string, branch: string | undefined): Promise<readonly KpiBucket[]>;
}
