import type { AuditHead, AuditRecord } from '../../../shared/audit/index.js';

/** What the ledger knows of one searcher: a running lockout and the head of their search audit chain. */
export interface SearcherState {
  readonly lockedUntil?: Date | undefined;
  readonly audit?: AuditHead | undefined;
}

/** One counting window of a searcher: its start (epoch seconds) and when its count may expire. */
export interface SearchWindow {
  readonly start: number;
  readonly expiresAt: number;
}

/**
 * The per-caller search ledger (docs/domain-rules.md §4.6): how many searches a caller made in
 * the current window, whether they are locked out, and their search audit chain's head.
 */
export interface SearchLedger {
  /** The caller's state, read consistently. */
  state(sub: string): Promise<SearcherState>;
  /** Counts one search in `window`; false (nothing counted) when the window already holds `limit`. */
  count(sub: string, window: SearchWindow, limit: number): Promise<boolean>;
  /** Locks the caller out until `until`; false when a lockout was already running at `now`. */
  lockOut(sub: string, until: Date, now: Date): Promise<boolean>;
  /**
   * Appends `record` to the caller's search audit chain and moves the head, together; false when
   * the head moved since it was read (a concurrent search by the same caller): read and retry.
   */
  appendAudit(sub: string, record: AuditRecord): Promise<boolean>;
}
