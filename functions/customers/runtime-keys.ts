import { blindIndexKeySourceFromEnv, keyProviderFromEnv } from '../../shared/crypto/key-provider-from-env.js';
import { RecordCipher } from '../../shared/crypto/record-cipher.js';
import type { KeyMaterialSource } from './runtime.js';

/**
 * Key material from the environment: KMS (or the local key file) for data keys, Secrets
 * Manager (or a local file) for the blind-index key. Imported only by the API handler, the
 * one function that encrypts and searches, so no other bundle carries those SDK clients.
 */
export const keyMaterialFromEnv: KeyMaterialSource = {
  cipher: (env) => new RecordCipher(keyProviderFromEnv(env)),
  blindIndexKey: (env) => blindIndexKeySourceFromEnv(env),
};
