import type { AuditEntry, AuditHead } from '../../../../shared/audit/index.js';
import type { OutboxEvent } from '../../../../shared/outbox/index.js';
import type { KpiCounter } from '../../store/keys.js';
import type { CaseAttempt, RetentionCase } from '../ports.js';

/**
 * Where retention cases are kept (docs/domain-rules.md §20.5–20.6): the case, its attempts, the
 * customer's open-case marker, the customer's recent recommendations, the outreach due index.
 * Every change is one transaction with its events (outbox), its KPI counts and its audit record.
 */

/** A case as stored, with what only the store and the workflow need. */
export interface StoredCase {
  readonly case: RetentionCase;
  /**
   * Bumped by every write, bookkeeping included (a task token stored), unlike the case's
   * `version` (its ETag), which moves only when the case as a client sees it changes: every
   * write is guarded by the revision it read, so no write loses another.
   */
  readonly revision: number;
  /** The strategy's automatic actions were sent (the `prepare` task ran once). */
  readonly prepared: boolean;
  /** The head of the case's audit chain (subject `case#<id>`), once it has one. */
  readonly auditHead?: AuditHead | undefined;
}

/** Counts added to a KPI bucket (branch, CST day) in the change's transaction. */
export interface CaseKpi {
  readonly branch: string;
  readonly day: string;
  readonly increments: Partial<Record<KpiCounter, number>>;
}

/** A new case: written with its marker, its event and its count, or not at all. */
export interface CaseOpenWrite {
  readonly case: RetentionCase;
  readonly event: OutboxEvent;
  readonly kpi: CaseKpi;
}

export type CaseOpenOutcome =
  | { readonly opened: true }
  /** The customer has an open case already (the marker): nothing was written. */
  | { readonly opened: false; readonly openCaseId: string };

/** One change of a case, written in one transaction guarded by the revision it was read at. */
export interface CaseChange {
  /** The case as read: the change is written only if it is still at this revision. */
  readonly from: StoredCase;
  /** The case as it is after the change (its version already moved where it should). */
  readonly case: RetentionCase;
  /** The strategy's automatic actions are sent with this change (default: as read). */
  readonly prepared?: boolean;
  readonly events: readonly OutboxEvent[];
  readonly kpi?: CaseKpi | undefined;
  /** A new attempt (its number is the case's `attempts`). */
  readonly attempt?: CaseAttempt | undefined;
  /** The caller's Idempotency-Key of the attempt, and the fingerprint of what they sent. */
  readonly attemptKey?: AttemptKey | undefined;
  /** Appended to the case's audit chain (subject `case#<id>` in RetentionAudit). */
  readonly audit?: AuditEntry | undefined;
  /** The case closes: the customer's open-case marker goes (if it is still this case's). */
  readonly releaseMarker?: boolean;
}

/** An attempt's Idempotency-Key (the caller's, per case) and the fingerprint of its body. */
export interface AttemptKey {
  readonly key: string;
  readonly fingerprint: string;
}

/** `conflict`: the case moved since it was read (read again and decide again). */
export type CaseChangeOutcome = 'written' | 'conflict' | 'not-found';

export interface CaseStore {
  open(write: CaseOpenWrite): Promise<CaseOpenOutcome>;
  get(caseId: string): Promise<StoredCase | undefined>;
  /** The case's attempts, first first. */
  attempts(caseId: string): Promise<readonly CaseAttempt[]>;
  /** The attempt recorded with the caller's Idempotency-Key `key` on this case, if any. */
  attemptByKey(
    caseId: string,
    by: string,
    key: string,
  ): Promise<{ readonly attempt: CaseAttempt; readonly fingerprint: string } | undefined>;
  /** A closed case's change also deletes the customer's open-case marker (if it is this case's). */
  change(change: CaseChange): Promise<CaseChangeOutcome>;
  /** The open case of a customer (the marker), if any. */
  openCaseOf(customerId: string): Promise<string | undefined>;
  /** The customer's latest recommendation ids (newest first). */
  recentOffers(customerId: string): Promise<readonly string[]>;
  /** Keeps a recommendation among the customer's latest (at most RECENT_OFFERS_KEPT). */
  rememberOffer(customerId: string, recommendationId: string, at: string): Promise<void>;
  /** Open cases whose outreach is due before `now` and nobody reached the customer. */
  countOutreachOverdue(now: Date): Promise<number>;
}

/** How many of a customer's recommendations an attempt's offer may be chosen from. */
export const RECENT_OFFERS_KEPT = 20;
