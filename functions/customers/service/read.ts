import type { AuthContext } from '../../../shared/auth/types.js';
import { BadRequestError, ConflictError } from '../../../shared/http/problem.js';
import { SEALED_FIELD_NAMES } from '../domain/classification.js';
import type { CustomerRecord } from '../domain/customer.js';
import { type CustomerView, customerView } from '../domain/views.js';
import { loadAuthorised } from './access.js';
import { auditEntry } from './audit-entry.js';
import type { Actor, CustomerDeps } from './deps.js';
import { reveal } from './secrets.js';

/** Roles that see the full name on a single-record read (docs/domain-rules.md §4.5). */
const SEES_FULL_NAME = new Set(['relationship-manager', 'service-agent', 'supervisor']);
const PURPOSE = /^[A-Za-z0-9][A-Za-z0-9 :._/#-]{2,99}$/;
const AUDIT_RETRIES = 3;

/** The masked view for the caller's role: the full name (one decryption) for RM, agent, supervisor. */
export async function viewFor(
  deps: CustomerDeps,
  auth: AuthContext,
  record: CustomerRecord,
): Promise<CustomerView> {
  const showName = SEES_FULL_NAME.has(auth.role) && record.customerType === 'individual';
  return customerView(record, deps.masking, showName ? await reveal(deps, record, ['name']) : {});
}

export async function readCustomer(
  deps: CustomerDeps,
  auth: AuthContext,
  customerId: string,
): Promise<{ view: CustomerView; version: number }> {
  const record = await loadAuthorised(deps, auth, 'customer:read', customerId);
  return { view: await viewFor(deps, auth, record), version: record.version };
}

/**
 * The unmasked record, for a compliance officer with a stated purpose. The reveal is
 * audited before anything is returned: if the audit record cannot be written, nothing is
 * shown (fail closed).
 */
export async function revealCustomer(
  deps: CustomerDeps,
  auth: AuthContext,
  actor: Actor,
  customerId: string,
  purpose: string | undefined,
): Promise<{ view: CustomerView; version: number }> {
  let record = await loadAuthorised(deps, auth, 'customer:reveal', customerId);
  if (purpose === undefined || !PURPOSE.test(purpose)) {
    throw new BadRequestError(
      'An unmasked read needs an X-Access-Purpose header (3-100 letters, digits, " :._/#-")',
      {
        code: 'access-purpose-required',
      },
    );
  }
  const fields = SEALED_FIELD_NAMES.filter((field) => record.sealed[field] !== undefined);
  for (let attempt = 0; attempt < AUDIT_RETRIES; attempt += 1) {
    const audit = auditEntry(
      deps.clock.now(),
      customerId,
      record.audit,
      actor,
      'customer.revealed',
      fields,
      purpose,
    );
    const outcome = await deps.store.change({
      customerId,
      base: record,
      expectedAuditSeq: record.audit?.seq ?? 0,
      bumpVersion: false,
      set: [],
      audit,
      events: [],
    });
    if (outcome.ok) {
      const values = await reveal(deps, outcome.record, fields);
      return {
        view: customerView(outcome.record, deps.masking, values, 'full'),
        version: outcome.record.version,
      };
    }
    const current = await deps.store.get(customerId);
    if (current === undefined) break;
    record = current;
  }
  throw new ConflictError('The customer is being changed; try again', { code: 'concurrent-change' });
}
