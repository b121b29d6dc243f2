import {
  type AuditEntry,
  type AuditHead,
  type AuditSigner,
  appendAuditRecord,
  auditSubject,
  type SignedAuditRecord,
  signAuditRecord,
} from '../../../shared/audit/index.js';

/** Signs the record that extends `head` in the complaint's chain, and nobody else's. */
export async function signComplaintRecord(
  signer: AuditSigner,
  complaintId: string,
  head: AuditHead | undefined,
  entry: AuditEntry,
): Promise<SignedAuditRecord> {
  if (entry.subject !== auditSubject('complaint', complaintId)) {
    throw new Error("An audit entry of a complaint change must be in that complaint's chain");
  }
  return signAuditRecord(signer, appendAuditRecord(head, entry));
}
