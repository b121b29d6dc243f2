import { type AuditEntry, auditSubject } from '../../../shared/audit/index.js';
import type { ComplaintAuditAction } from '../domain/transition.js';
import type { Actor } from './deps.js';

/**
 * The next record of a complaint's audit chain (subject `complaint#<id>`): who, role, which
 * fields, when; never values. The store chains and signs it in the change's transaction.
 */
export function complaintAuditEntry(
  now: Date,
  complaintId: string,
  actor: Actor,
  action: ComplaintAuditAction,
  fields: readonly string[],
): AuditEntry {
  return {
    subject: auditSubject('complaint', complaintId),
    at: now.toISOString(),
    actor: actor.sub,
    role: actor.role,
    action,
    fields: [...fields],
    ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
  };
}
