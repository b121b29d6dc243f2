import type { AuditRecord, StoredAuditRecord } from '../../../shared/audit/index.js';
import type { Role } from '../../../shared/auth/types.js';

/** The records of an unmasked read, whose purpose is the compliance officer's own words. */
const REVEAL_ACTIONS: ReadonlySet<string> = new Set(['customer.revealed', 'customer.reveal-failed']);

/**
 * The code of an access purpose: what comes before the first `:` or space (`aml-case:7` →
 * `aml-case`, `complaint-review` → itself). The rest is the compliance officer's detail.
 */
export function purposeCode(purpose: string): string {
  return purpose.split(/[:\s]/, 1)[0] ?? '';
}

/**
 * An audit record as a role may read it: never the MAC (it is for verification), and for a
 * supervisor only the purpose code of a compliance reveal, not the officer's detail, which may
 * name an investigation the branch must not learn of (docs/domain-rules.md §12).
 */
export function auditRecordView(record: StoredAuditRecord, role: Role): AuditRecord {
  const { mac: _mac, ...content } = record;
  if (role !== 'supervisor' || !REVEAL_ACTIONS.has(record.action) || record.purpose === undefined)
    return content;
  return { ...content, purpose: purposeCode(record.purpose) };
}
