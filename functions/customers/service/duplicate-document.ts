import type { AuthContext } from '../../../shared/auth/types.js';
import { ConflictError } from '../../../shared/http/problem.js';
import { customersPolicy } from '../policy.js';
import { auditEntry } from './audit-entry.js';
import type { Actor, CustomerDeps } from './deps.js';

const REFERRAL_RETRIES = 3;

/**
 * The one answer to an identity document another customer holds, whoever holds it
 * (docs/domain-rules.md §4.7): it says no more than that this registration or change cannot be
 * made, so it tells an RM nothing about customers outside their scope that search would not.
 * `referredTo` (never sent) is the holder whose audit trail got a back-office check: the handler
 * counts it, and the `Request refused` log line names it in `reason` (an opaque id), so a
 * compliance officer can go from the alarm to the check.
 */
export class IdentityDocumentRefusedError extends ConflictError {
  constructor(readonly referredTo?: string) {
    super(
      'This identity document cannot be used for this customer. If the customer is already known to the bank, search for them or ask the back office.',
      {
        code: 'identity-document-refused',
        ...(referredTo === undefined
          ? {}
          : { reason: `back-office check (registration.referred) in the audit trail of ${referredTo}` }),
      },
    );
  }

  /** Whether a back-office check was opened. */
  get referred(): boolean {
    return this.referredTo !== undefined;
  }
}

/**
 * Opens the back-office check of a refused identity document when its holder is outside the
 * caller's scope (docs/domain-rules.md §4.7): a `registration.referred` record in the holder's
 * audit trail, naming the caller and the field, never the value. Returns the holder's id when
 * one was opened; a holder the caller may read needs none (they can find it by search).
 */
export async function referDuplicate(
  deps: CustomerDeps,
  auth: AuthContext,
  actor: Actor,
  documentIndex: string,
  field: 'idNumber' | 'uscc',
): Promise<string | undefined> {
  const holderId = await deps.store.findByIdentityDocument(documentIndex);
  let holder = holderId === undefined ? undefined : await deps.store.get(holderId);
  if (holder === undefined) return undefined;
  const visible = customersPolicy.decide(auth, 'customer:read', {
    branch: holder.branch,
    rmId: holder.rmId,
    agentAccess: false,
  }).allowed;
  if (visible) return undefined;
  for (let attempt = 0; attempt < REFERRAL_RETRIES && holder !== undefined; attempt += 1) {
    const outcome = await deps.store.change({
      customerId: holder.customerId,
      base: holder,
      expectedAuditSeq: holder.audit?.seq ?? 0,
      bumpVersion: false,
      set: [],
      audit: auditEntry(deps.clock.now(), holder.customerId, holder.audit, actor, 'registration.referred', [
        field,
      ]),
      events: [],
    });
    if (outcome.ok) return holder.customerId;
    // A concurrent change moved the holder's audit head: chain onto the new one.
    holder = await deps.store.get(holder.customerId);
  }
  // Fail closed: the refusal is not answered without its check.
  throw new Error('The back-office check of a refused identity document could not be recorded');
}
