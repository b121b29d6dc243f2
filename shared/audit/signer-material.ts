import { macSignerFor } from '../crypto/mac-signer.js';
import type { Runtime } from '../runtime/runtime.js';
import { AUDIT_MAC_LABEL, type AuditSigner } from './signer.js';

/**
 * The audit signer of a function (shared/crypto/mac-signer.ts `macSignerFor`): KMS with the
 * HMAC key in `AUDIT_MAC_KEY_ID` (set on the functions that append to or read an audit table)
 * in a deployed function, the local audit key file in the local cloud.
 */
export function auditSignerFor(runtime: Runtime): AuditSigner {
  return macSignerFor(runtime, {
    label: AUDIT_MAC_LABEL,
    keyIdVariable: 'AUDIT_MAC_KEY_ID',
    localKeyFile: (keys) => keys.auditMacKeyFile,
    purpose: 'sign audit records',
  });
}
