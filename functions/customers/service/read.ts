import type { AuthContext } from '../../../shared/auth/types.js';
import { BadRequestError, ValidationError } from '../../../shared/http/problem.js';
import { looksLikePersonalIdentifier } from '../../../shared/identity/index.js';
import { SEALED_FIELD_NAMES } from '../domain/classification.js';
import type { CustomerRecord } from '../domain/customer.js';
import { type CustomerView, customerView, seesFullName } from '../domain/views.js';
import { loadAuthorised } from './access.js';
import { appendAuditOnly } from './audit-only.js';
import type { Actor, CustomerDeps } from './deps.js';
import { reveal } from './secrets.js';

const PURPOSE = /^[A-Za-z0-9][A-Za-z0-9 :._/#-]{2,99}$/;

/** The masked view for the caller's role: the full name (one decryption) for the roles of `seesFullName`. */
export async function viewFor(
  deps: CustomerDeps,
  auth: AuthContext,
  record: CustomerRecord,
): Promise<CustomerView> {
  const showName = seesFullName(auth.role) && record.customerType === 'individual';
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
 * The unmasked record, for a compliance officer with a stated purpose. Each attempt's outcome
 * is audited before anything is returned: the values are decrypted in memory, then a
 * `customer.revealed` record is written, and only then are they returned; if that record
 * cannot be written nothing is shown (fail closed). A reveal that cannot be decrypted is
 * recorded as `customer.reveal-failed`, never as a reveal (docs/domain-rules.md §4.5, §12).
 */
export async function revealCustomer(
  deps: CustomerDeps,
  auth: AuthContext,
  actor: Actor,
  customerId: string,
  purpose: string | undefined,
): Promise<{ view: CustomerView; version: number }> {
  const record = await loadAuthorised(deps, auth, 'customer:reveal', customerId);
  const stated = checkedPurpose(purpose);
  const fields = SEALED_FIELD_NAMES.filter((field) => record.sealed[field] !== undefined);
  let decryptionFailure: unknown;
  try {
    const revealed = await appendAuditOnly(
      deps,
      record,
      actor,
      { action: 'customer.revealed', fields, purpose: stated },
      async (current) => {
        try {
          return await reveal(deps, current, fields);
        } catch (error) {
          decryptionFailure = error;
          throw error;
        }
      },
    );
    return {
      view: customerView(revealed.record, deps.masking, revealed.prepared, 'full'),
      version: revealed.record.version,
    };
  } catch (error) {
    if (decryptionFailure === undefined || error !== decryptionFailure) throw error;
    await appendAuditOnly(
      deps,
      record,
      actor,
      { action: 'customer.reveal-failed', fields, purpose: stated },
      async () => undefined,
    );
    throw error;
  }
}

/**
 * The `X-Access-Purpose` of an unmasked read: required and short (400 otherwise), and free of
 * anything that looks like a personal identifier (422), because the purpose is kept in the
 * audit trail, which is never encrypted nor erased. The value is never echoed.
 */
function checkedPurpose(purpose: string | undefined): string {
  if (purpose === undefined || !PURPOSE.test(purpose)) {
    throw new BadRequestError(
      'An unmasked read needs an X-Access-Purpose header (3-100 letters, digits, " :._/#-")',
      { code: 'access-purpose-required' },
    );
  }
  if (looksLikePersonalIdentifier(purpose)) {
    throw new ValidationError(
      [
        {
          path: 'headers.x-access-purpose',
          message: 'must not contain an ID, passport, mobile or bank card number',
        },
      ],
      'The access purpose must state why, not whom: it must not carry personal identifiers',
      { code: 'purpose-contains-identifier' },
    );
  }
  return purpose;
}
