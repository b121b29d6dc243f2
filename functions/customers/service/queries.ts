import { type AuditRecord, type ChainVerification, verifySignedChain } from '../../../shared/audit/index.js';
import type { AuthContext } from '../../../shared/auth/types.js';
import { ForbiddenError } from '../../../shared/http/problem.js';
import { normaliseIdNumber, normaliseMobile } from '../../../shared/identity/index.js';
import { auditRecordView } from '../domain/audit-view.js';
import type { CustomerRecord } from '../domain/customer.js';
import type { ListCustomersQuery, SearchCustomersInput } from '../domain/schemas.js';
import { type SearchIndex, searchAuditFields } from '../domain/search-limits.js';
import { type CustomerSummary, customerSummary } from '../domain/views.js';
import { customersPolicy } from '../policy.js';
import type { ListScope, Page } from '../store/customer-store.js';
import { loadAuthorised } from './access.js';
import { grantAgentAccess } from './agent-grants.js';
import { appendAuditOnly } from './audit-only.js';
import type { Actor, CustomerDeps } from './deps.js';
import { admitSearch, auditSearch, type SearchDeps } from './search-guard.js';
import { identityDocumentIndex, mobileIndex } from './secrets.js';

/**
 * The caller's scope narrowed by the filters they asked for. A filter outside the caller's
 * scope yields nothing rather than an error that would confirm the branch or RM exists.
 */
function narrow(scope: ListScope, query: ListCustomersQuery): ListScope | 'empty' {
  if (query.rmId !== undefined) {
    if (scope.kind === 'rm' && scope.rmId !== query.rmId) return 'empty';
    if (scope.kind === 'all' || scope.kind === 'branch') return { kind: 'rm', rmId: query.rmId };
  }
  if (query.branch !== undefined) {
    if (scope.kind === 'branch' && scope.branch !== query.branch) return 'empty';
    if (scope.kind === 'all') return { kind: 'branch', branch: query.branch };
  }
  return scope;
}

/** Lists customers in the caller's scope: masked forms only, so no decryption at all. */
export async function listCustomers(
  deps: CustomerDeps,
  auth: AuthContext,
  query: ListCustomersQuery,
): Promise<Page<CustomerSummary>> {
  const scope = customersPolicy.scopeFilter(auth, 'customer:list');
  if (scope.kind === 'none')
    throw new ForbiddenError('Your role has no customer list', { code: 'access-denied' });
  const narrowed = narrow(scope, query);
  if (narrowed === 'empty') return { items: [] };
  const page = await deps.store.list(
    narrowed,
    { customerType: query.customerType, relationship: query.relationship },
    query.limit,
    query.cursor,
  );
  // A supervisor listing by RM must still stay inside their branch.
  const visible = page.items.filter(
    (record) => customersPolicy.decide(auth, 'customer:read', record).allowed,
  );
  return { items: visible.map(customerSummary), cursor: page.cursor };
}

/**
 * A customer id no record ever has (ids are `cus_` and a ULID): read when a search found
 * nothing, so "not there" costs the store the same reads as "not yours" (docs/domain-rules.md §4.6).
 */
export const ABSENT_CUSTOMER_ID = 'cus_0-no-such-customer';

/** What a search answers: the customers the caller may see, or a refusal while locked out. */
export type SearchOutcome =
  | { readonly answered: true; readonly items: readonly CustomerSummary[] }
  | { readonly answered: false; readonly retryAfterSeconds: number; readonly lockoutStarted: boolean };

/**
 * Finds customers by ID number or mobile through blind indexes: nothing is decrypted, the
 * value never appears in a URL, a log or the audit. A search is a privileged lookup
 * (docs/domain-rules.md §4.6): counted per caller and window (over the limit, locked out),
 * audited in the caller's search chain (the index and how many results, never the value), and
 * it reads the same items whether what it finds is in the caller's scope, outside it, or
 * nowhere. A service agent gets a time-limited grant to read what it found.
 */
export async function searchCustomers(
  deps: SearchDeps,
  auth: AuthContext,
  actor: Actor,
  input: SearchCustomersInput,
): Promise<SearchOutcome> {
  if (!customersPolicy.decide(auth, 'customer:search').allowed)
    throw new ForbiddenError('Your role may not search customers', { code: 'access-denied' });
  const index: SearchIndex = 'mobile' in input ? 'mobile' : 'idNumber';
  const admission = await admitSearch(deps, actor, index);
  if (!admission.admitted) return { answered: false, ...admission };
  let ids: readonly string[];
  if ('mobile' in input) {
    ids = await deps.store.findByMobile(await mobileIndex(deps, normaliseMobile(input.mobile)));
  } else {
    const idType = input.idType;
    const idNumber =
      idType === 'uscc' ? input.idNumber.toUpperCase() : normaliseIdNumber(idType, input.idNumber);
    const found = await deps.store.findByIdentityDocument(
      await identityDocumentIndex(deps, { idType, idNumber }),
    );
    ids = found === undefined ? [] : [found];
  }
  const records = await deps.store.getMany(ids.length === 0 ? [ABSENT_CUSTOMER_ID] : ids);
  const active = records.filter((record) => record.shreddedAt === undefined);
  let visible: readonly CustomerRecord[];
  if (auth.role === 'service-agent') {
    await grantAgentAccess(deps, actor, active);
    visible = active;
  } else {
    visible = active.filter((record) => customersPolicy.decide(auth, 'customer:read', record).allowed);
  }
  // Audited before it is answered: a search whose record cannot be written is not answered.
  await auditSearch(deps, actor, 'search.answered', searchAuditFields(index, visible.length), admission.head);
  return { answered: true, items: visible.map(customerSummary) };
}

export interface AuditTrailView {
  readonly customerId: string;
  readonly chain: { readonly valid: boolean; readonly length: number; readonly brokenAtSeq?: number };
  readonly records: readonly AuditRecord[];
}

/**
 * The customer's audit trail and whether its chain verifies (hashes, links, head and MACs).
 * The read itself is audited (`audit.read`) on the head the trail was verified against, before
 * anything is returned; the trail answered is the one before that record. A supervisor sees
 * only the purpose code of a reveal (docs/domain-rules.md §12).
 */
export async function auditTrail(
  deps: CustomerDeps,
  auth: AuthContext,
  actor: Actor,
  customerId: string,
): Promise<AuditTrailView> {
  const start = await loadAuthorised(deps, auth, 'customer:audit:read', customerId);
  const { prepared } = await appendAuditOnly(
    deps,
    start,
    actor,
    { action: 'audit.read', fields: [] },
    async (record) => {
      const records = await deps.store.auditTrail(customerId);
      // The record's audit head catches a removed or rewritten last record too; the MACs catch
      // a record rewritten with its hashes recomputed.
      const verdict = await verifySignedChain(records, deps.auditSigner, { head: record.audit });
      return { records, verdict };
    },
  );
  return {
    customerId,
    chain: chainView(prepared.verdict, prepared.records.length),
    records: prepared.records.map((record) => auditRecordView(record, auth.role)),
  };
}

function chainView(verdict: ChainVerification, length: number): AuditTrailView['chain'] {
  return verdict.valid
    ? { valid: true, length: verdict.length }
    : { valid: false, length, brokenAtSeq: verdict.brokenAtSeq };
}
