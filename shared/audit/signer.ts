import { LocalMacSigner, type MacSigner } from '../crypto/mac-signer.js';

/**
 * Signs and checks audit records. The SHA-256 chain alone is unkeyed: whoever can write the
 * table can rewrite a record and recompute every hash after it. A MAC under a key the table's
 * writers cannot read (KMS HMAC in AWS) makes a rewritten record fail verification
 * (docs/domain-rules.md §12). The message is a record's `hash`.
 */
export type AuditSigner = MacSigner;

/** The label of audit MACs: the signed bytes are `fincrm-audit-v1:<hash>`. */
export const AUDIT_MAC_LABEL = 'fincrm-audit-v1';

/** HMAC-SHA256 of audit hashes under a local key: the local cloud and the tests. */
export class LocalAuditSigner extends LocalMacSigner {
  constructor(key: Uint8Array) {
    super(key, AUDIT_MAC_LABEL);
  }
}
