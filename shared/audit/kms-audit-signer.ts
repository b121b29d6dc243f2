import type { KMSClient } from '@aws-sdk/client-kms';
import { KmsMacSigner } from '../crypto/kms-mac-signer.js';
import { AUDIT_MAC_LABEL } from './signer.js';

// Apart from signer.ts, which every audited function imports: the KMS commands load only
// where this class is used (deployed functions build their signer with `auditSignerFor`).
/** KMS GenerateMac / VerifyMac of audit hashes with the audit HMAC key. */
export class KmsAuditSigner extends KmsMacSigner {
  constructor(client: KMSClient, keyId: string) {
    super(client, keyId, AUDIT_MAC_LABEL);
  }
}
