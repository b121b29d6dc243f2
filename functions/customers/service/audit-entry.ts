import { type AuditRecord, appendAuditRecord, auditSubject } from '../../../shared/audit/index.js';
import type { CustomerAuditAction } from '../domain/audit-actions.js';
import type { AuditHead } from '../domain/customer.js';
import type { Actor } from './deps.js';

/** The next link of a customer's audit chain: who, role, purpose, which fields, when; never values. */
export function auditEntry(
  now: Date,
  customerId: string,
  head: AuditHead | undefined,
  actor: Actor,
  action: CustomerAuditAction,
  fields: readonly string[],
  purpose?: string,
): AuditRecord {
  return appendAuditRecord(head, {
    subject: auditSubject('customer', customerId),
    at: now.toISOString(),
    actor: actor.sub,
    role: actor.role,
    action,
    fields: [...fields],
    ...(purpose === undefined ? {} : { purpose }),
    ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
  });
}
