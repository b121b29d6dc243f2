import type { AuthContext } from '../../../shared/auth/types.js';
import type { FieldSealer } from '../../../shared/crypto/index.js';
import { buildEvent } from '../../../shared/events/index.js';
import { type IfMatchVersion, staleVersion, versionMatches } from '../../../shared/http/headers.js';
import { ConflictError, ForbiddenError } from '../../../shared/http/problem.js';
import { type ChangePlan, needsStoredPrcId, planChanges } from '../domain/changes.js';
import type { CustomerRecord } from '../domain/customer.js';
import { retentionUntil } from '../domain/policies.js';
import { checkAssignment } from '../domain/rm-directory.js';
import type { PatchCustomerInput } from '../domain/schemas.js';
import { suitabilityFacts } from '../domain/suitability-facts.js';
import type { CustomerView } from '../domain/views.js';
import { CustomerProfileChanged } from '../events.js';
import { applyChange } from '../store/apply-change.js';
import type { AttributePath, CustomerChange, SideItem } from '../store/customer-store.js';
import { identityLockKey } from '../store/keys.js';
import { identityLock, shredSchedule } from '../store/side-items.js';
import { loadAuthorised } from './access.js';
import { auditEntry } from './audit-entry.js';
import type { Actor, CustomerDeps } from './deps.js';
import { IdentityDocumentRefusedError, referDuplicate } from './duplicate-document.js';
import { viewFor } from './read.js';
import { identityDocumentIndex, mobileIndex, openSealer, sealAll, seniorDayIndex } from './secrets.js';

const AUDIT_RETRIES = 3;

/**
 * Applies a PATCH under optimistic concurrency: the write succeeds only if the stored
 * version still equals If-Match, so of N concurrent writers with the same ETag exactly one wins.
 * If-Match is compared once the caller is known to see the record (else 404, as for a read).
 */
export async function updateCustomer(
  deps: CustomerDeps,
  auth: AuthContext,
  actor: Actor,
  customerId: string,
  expectedVersion: IfMatchVersion,
  patch: PatchCustomerInput,
): Promise<{ view: CustomerView; version: number }> {
  let record = await loadAuthorised(deps, auth, 'customer:update', customerId);
  if (patch.rmId !== undefined && auth.role !== 'supervisor') {
    throw new ForbiddenError('Only a supervisor may move a customer to another relationship manager', {
      code: 'access-denied',
    });
  }
  // The new RM must work in the customer's branch, else the supervisor would move the customer
  // out of their branch's books (docs/domain-rules.md §4.2).
  if (patch.rmId !== undefined && patch.rmId !== record.rmId)
    checkAssignment(deps.policies.rmDirectory, auth, record.branch, patch.rmId);
  for (let attempt = 0; attempt < AUDIT_RETRIES; attempt += 1) {
    if (!versionMatches(expectedVersion, record.version)) {
      throw staleVersion('customer', expectedVersion, record.version);
    }
    // A birth date alone is checked against the PRC ID on file: its data key is opened once,
    // for that check and for sealing the change.
    const sealer = needsStoredPrcId(record, patch) ? await openSealer(deps, record) : undefined;
    const plan = planChanges(record, patch, {
      now: deps.clock.now(),
      masking: deps.masking,
      seniorAge: deps.policies.seniorAge,
      storedPrcId: sealer === undefined ? undefined : storedIdNumber(sealer, record),
    });
    const change = await buildChange(deps, actor, record, plan, expectedVersion, patch.evidenceRef, sealer);
    const outcome = await deps.store.change(change);
    if (outcome.ok)
      return { view: await viewFor(deps, auth, outcome.record), version: outcome.record.version };
    if (outcome.reason === 'version-conflict') throw staleVersion('customer', expectedVersion);
    if (outcome.reason === 'duplicate-document') {
      // The same answer and back-office check as a registration (docs/domain-rules.md §4.7).
      const index = change.set.find(([path]) => path[0] === 'idDocumentIndex')?.[1];
      const field = plan.newIdentityDocument?.idType === 'uscc' ? 'uscc' : 'idNumber';
      const referredTo =
        typeof index === 'string' ? await referDuplicate(deps, auth, actor, index, field) : undefined;
      throw new IdentityDocumentRefusedError(referredTo);
    }
    if (outcome.reason === 'not-found') break;
    // Only the audit head moved (a concurrent audited read): rebuild on the new head and retry.
    const current = await deps.store.get(customerId);
    if (current === undefined) break;
    record = current;
  }
  throw new ConflictError('The customer is being changed; try again', { code: 'concurrent-change' });
}

/** The stored ID number in clear, to check a stated birth date against; never returned or logged. */
function storedIdNumber(sealer: FieldSealer, record: CustomerRecord): string | undefined {
  const sealed = record.sealed.idNumber;
  return sealed === undefined ? undefined : sealer.open(record.customerId, 'idNumber', sealed);
}

async function buildChange(
  deps: CustomerDeps,
  actor: Actor,
  record: CustomerRecord,
  plan: ChangePlan,
  expectedVersion: number,
  evidenceRef: string | undefined,
  opened: FieldSealer | undefined,
): Promise<CustomerChange> {
  const now = deps.clock.now();
  const set: [AttributePath, unknown][] = [[['updatedAt'], now.toISOString()]];
  const remove: AttributePath[] = [];
  const sideItems: SideItem[] = [];
  const deleteItems: { pk: string; sk: string }[] = [];

  for (const [field, value] of Object.entries(plan.plainSet)) set.push([[field], value]);
  for (const field of plan.plainRemove) remove.push([field]);
  if (Object.keys(plan.secretsSet).length > 0) {
    const sealer = opened ?? (await openSealer(deps, record));
    for (const [field, sealed] of Object.entries(sealAll(sealer, record.customerId, plan.secretsSet))) {
      set.push([['sealed', field], sealed]);
    }
    for (const [field, masked] of Object.entries(plan.maskedSet)) set.push([['masked', field], masked]);
  }
  for (const field of plan.sealedRemove) remove.push(['sealed', field], ['masked', field]);
  if (plan.newIdentityDocument !== undefined) {
    const index = await identityDocumentIndex(deps, plan.newIdentityDocument);
    if (index !== record.idDocumentIndex) {
      sideItems.push(identityLock(index, record.customerId));
      if (record.idDocumentIndex !== undefined) deleteItems.push(identityLockKey(record.idDocumentIndex));
      set.push([['idDocumentIndex'], index]);
    }
  }
  if (plan.newMobile !== undefined) set.push([['mobileIndex'], await mobileIndex(deps, plan.newMobile)]);
  // The day the customer turns SENIOR_AGE follows the birth date, as a keyed hash only (§19.3).
  if (typeof plan.seniorDay === 'string')
    set.push([['seniorDayIndex'], await seniorDayIndex(deps, plan.seniorDay)]);
  else if (plan.seniorDay === null && record.seniorDayIndex !== undefined) remove.push(['seniorDayIndex']);
  if (plan.closesRelationship) {
    const until = retentionUntil(now, deps.policies).toISOString();
    set.push(
      [['relationship'], 'closed'],
      [['relationshipEndedAt'], now.toISOString()],
      [['retentionUntil'], until],
    );
    // No more periodic reviews for a closed relationship.
    remove.push(['nextReviewAt']);
    if (record.erasureRequestedAt !== undefined) {
      sideItems.push(shredSchedule(record.customerId, until));
    }
  }
  const audit = auditEntry(
    deps.clock.now(),
    record.customerId,
    record.audit,
    actor,
    'customer.updated',
    plan.changedFields,
    evidenceRef === undefined ? undefined : `evidence:${evidenceRef}`,
  );
  const change: CustomerChange = {
    customerId: record.customerId,
    base: record,
    expectedVersion,
    expectedAuditSeq: record.audit?.seq ?? 0,
    bumpVersion: true,
    set,
    remove,
    audit,
    events: [],
    sideItems,
    deleteItems,
  };
  // The event carries the facts as the change leaves them (docs/domain-rules.md §19.2).
  const after = applyChange(record, change);
  return {
    ...change,
    events: [
      buildEvent(
        CustomerProfileChanged,
        {
          customerId: record.customerId,
          version: expectedVersion + 1,
          changedFields: [...plan.changedFields],
          // The assignment facts after the change, so a mirror needs no other event to follow them.
          branch: after.branch,
          rmId: after.rmId,
          relationship: after.relationship,
          suitability: suitabilityFacts(after),
          at: now.toISOString(),
        },
        deps.clock.now(),
      ),
    ],
  };
}
