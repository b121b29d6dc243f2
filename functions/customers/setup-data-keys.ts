import { keyProviderFor } from '../../shared/crypto/key-material.js';
import { RecordCipher } from '../../shared/crypto/record-cipher.js';
import type { KeyMaterialSource } from './setup.js';

/**
 * Data keys only (KMS, or the local cloud's key file): for a function that opens sealed fields
 * but never searches, so its bundle carries no Secrets Manager client (the delivery function).
 */
export const dataKeys: KeyMaterialSource = {
  cipher: (runtime) => new RecordCipher(keyProviderFor(runtime)),
};
