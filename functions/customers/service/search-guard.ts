import { createHash } from 'node:crypto';
import {
  type AuditHead,
  appendAuditRecord,
  auditSubject,
  InvalidAuditEntryError,
} from '../../../shared/audit/index.js';
import { conflictBackoff, MAX_CONFLICT_RETRIES } from '../../../shared/dynamodb/index.js';
import type { SearchAuditAction } from '../domain/audit-actions.js';
import { lockoutEnd, type SearchIndex, searchWindow, secondsUntil } from '../domain/search-limits.js';
import type { Actor, CustomerDeps } from './deps.js';

/** What a search needs: the store, the ledger, the blind-index key, the limits and the clock. */
export type SearchDeps = Pick<
  CustomerDeps,
  'store' | 'searchLedger' | 'blindIndexKey' | 'policies' | 'clock'
>;

/** Whether a search may go ahead: admitted with the audit head it read, or refused for a while. */
export type SearchAdmission =
  | { readonly admitted: true; readonly head: AuditHead | undefined }
  | {
      readonly admitted: false;
      readonly retryAfterSeconds: number;
      /** This refusal started the lockout (counted once as `SearchLockouts`, alarmed). */
      readonly lockoutStarted: boolean;
    };

/**
 * The subject of a caller's search audit chain: `searcher#<sub>`, or the SHA-256 of a `sub`
 * an audit subject cannot hold (an identity provider's `auth0|…`); the records name the
 * caller in `actor` either way.
 */
export function searcherSubject(sub: string): string {
  try {
    return auditSubject('searcher', sub);
  } catch (error) {
    if (!(error instanceof InvalidAuditEntryError)) throw error;
    return auditSubject('searcher', `sha256.${createHash('sha256').update(sub).digest('hex')}`);
  }
}

/**
 * Appends one record to the caller's search audit chain, retrying when a concurrent search by
 * the same caller moved the head. Throws when it cannot: a search is not answered unaudited.
 */
export async function auditSearch(
  deps: SearchDeps,
  actor: Actor,
  action: SearchAuditAction,
  fields: readonly string[],
  head: AuditHead | undefined,
): Promise<void> {
  let current = head;
  for (let attempt = 0; attempt <= MAX_CONFLICT_RETRIES; attempt++) {
    const record = appendAuditRecord(current, {
      subject: searcherSubject(actor.sub),
      at: deps.clock.now().toISOString(),
      actor: actor.sub,
      role: actor.role,
      action,
      fields: [...fields],
      ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
    });
    if (await deps.searchLedger.appendAudit(actor.sub, record)) return;
    await conflictBackoff(attempt);
    current = (await deps.searchLedger.state(actor.sub)).audit;
  }
  throw new Error('The search audit chain kept moving: the search is not answered');
}

/**
 * Counts a search against the caller's window (docs/domain-rules.md §4.6). Over the limit, the
 * caller is locked out for the lockout time; every refusal is audited, the one that started
 * the lockout as `search.locked-out`.
 */
export async function admitSearch(
  deps: SearchDeps,
  actor: Actor,
  index: SearchIndex,
): Promise<SearchAdmission> {
  const now = deps.clock.now();
  const state = await deps.searchLedger.state(actor.sub);
  if (state.lockedUntil !== undefined && state.lockedUntil > now) {
    await auditSearch(deps, actor, 'search.refused', [index], state.audit);
    return {
      admitted: false,
      retryAfterSeconds: secondsUntil(state.lockedUntil, now),
      lockoutStarted: false,
    };
  }
  const limit = deps.policies.searchesPerWindow;
  if (await deps.searchLedger.count(actor.sub, searchWindow(now, deps.policies), limit)) {
    return { admitted: true, head: state.audit };
  }
  const until = lockoutEnd(now, deps.policies);
  const lockoutStarted = await deps.searchLedger.lockOut(actor.sub, until, now);
  await auditSearch(
    deps,
    actor,
    lockoutStarted ? 'search.locked-out' : 'search.refused',
    [index],
    state.audit,
  );
  return { admitted: false, retryAfterSeconds: secondsUntil(until, now), lockoutStarted };
}
