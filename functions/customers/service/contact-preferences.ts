import type { AuthContext } from '../../../shared/auth/types.js';
import { buildEvent } from '../../../shared/events/index.js';
import { type IfMatchVersion, staleVersion, versionMatches } from '../../../shared/http/headers.js';
import type { ContactChannel } from '../domain/customer.js';
import type { PutContactPreferencesInput } from '../domain/schemas.js';
import { ContactPreferencesChanged } from '../events.js';
import type { AttributePath } from '../store/customer-store.js';
import { loadAuthorised } from './access.js';
import { auditEntry } from './audit-entry.js';
import type { Actor, CustomerDeps } from './deps.js';
import { changeWithRetry, refuseErased } from './privacy.js';

/** The contact preferences now on record, and the record's version after the change. */
export interface ContactPreferencesResult {
  readonly preferredChannel?: ContactChannel | undefined;
  readonly timeZone?: string | undefined;
  readonly at: string;
  readonly version: number;
}

/** The preference fields, as the audit record names them (never their values). */
const PREFERENCE_FIELDS = ['preferredChannel', 'timeZone'] as const;

/**
 * Sets how the customer prefers to be contacted: the preferred channel and the time zone quiet
 * hours count in (both C1). A PUT replaces both: a field left out is cleared. Like a consent, it
 * is part of the customer record: based on the version named by If-Match (412 when it is not the
 * current one), it moves the version, is audited by field name and is announced by
 * ContactPreferencesChanged in the same transaction (with the default zone when none is set, so
 * the engagement capability always knows which zone quiet hours count in).
 */
export async function putContactPreferences(
  deps: CustomerDeps,
  auth: AuthContext,
  actor: Actor,
  customerId: string,
  expectedVersion: IfMatchVersion,
  input: PutContactPreferencesInput,
): Promise<ContactPreferencesResult> {
  const record = await loadAuthorised(deps, auth, 'customer:update', customerId);
  // Checked before the record's state, in the order a PATCH checks them.
  if (!versionMatches(expectedVersion, record.version)) {
    throw staleVersion('customer', expectedVersion, record.version);
  }
  refuseErased(record);
  const at = deps.clock.now().toISOString();
  const set: [AttributePath, unknown][] = [[['updatedAt'], at]];
  const remove: AttributePath[] = [];
  for (const field of PREFERENCE_FIELDS) {
    const value = input[field];
    if (value === undefined) remove.push([field]);
    else set.push([[field], value]);
  }
  const outcome = await changeWithRetry(
    deps,
    record,
    (current) => ({
      customerId,
      base: current,
      expectedVersion: current.version,
      expectedAuditSeq: current.audit?.seq ?? 0,
      bumpVersion: true,
      set,
      remove,
      audit: auditEntry(
        deps.clock.now(),
        customerId,
        current.audit,
        actor,
        'contact-preferences.changed',
        PREFERENCE_FIELDS,
      ),
      events: [
        buildEvent(
          ContactPreferencesChanged,
          {
            customerId,
            version: current.version + 1,
            preferredChannel: input.preferredChannel,
            timeZone: input.timeZone,
            at,
          },
          deps.clock.now(),
        ),
      ],
    }),
    expectedVersion,
  );
  return {
    preferredChannel: outcome.record.preferredChannel,
    timeZone: outcome.record.timeZone,
    at,
    version: outcome.record.version,
  };
}
