import { loadOrCreateKeyFile } from '../crypto/key-file.js';
import { sharedKmsClient } from '../crypto/kms-client.js';
import { localKeysOf } from '../crypto/local-keys.js';
import type { Runtime } from '../runtime/runtime.js';
import { type AuditSigner, KmsAuditSigner, LocalAuditSigner } from './signer.js';

const LOCAL_KEY_BYTES = 32;

/**
 * The audit signer of a function, as shared/crypto chooses key providers:
 * - in a deployed function, KMS with the HMAC key in `AUDIT_MAC_KEY_ID` (set on the functions
 *   that append to or read an audit table);
 * - in the local cloud, whose runtime carries `localKeys`, HMAC under the local key file
 *   (refused in a deployed function).
 * Nothing is read and no client is created until the first record is signed or checked, so a
 * function of the capability that never touches the audit needs no key.
 */
export function auditSignerFor(runtime: Runtime): AuditSigner {
  const local = localKeysOf(runtime);
  let signer: Promise<AuditSigner> | undefined;
  const resolve = (): Promise<AuditSigner> => {
    signer ??= build();
    return signer;
  };
  const build = async (): Promise<AuditSigner> => {
    if (local !== undefined) {
      return new LocalAuditSigner(await loadOrCreateKeyFile(local.auditMacKeyFile, LOCAL_KEY_BYTES));
    }
    const keyId = runtime.env.AUDIT_MAC_KEY_ID?.trim();
    if (!keyId)
      throw new Error(
        'Missing environment variable AUDIT_MAC_KEY_ID (this function may not sign audit records)',
      );
    return new KmsAuditSigner(sharedKmsClient(), keyId);
  };
  return {
    sign: async (hash) => (await resolve()).sign(hash),
    verify: async (hash, mac) => (await resolve()).verify(hash, mac),
  };
}
