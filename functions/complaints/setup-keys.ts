import { keyProviderFor } from '../../shared/crypto/key-material.js';
import { RecordCipher } from '../../shared/crypto/record-cipher.js';
import type { KeyMaterialSource } from './setup.js';

/**
 * Key material from the runtime: KMS (or the local cloud's key file) for each complaint's data
 * key. Imported only by the API handler, the one function that seals and opens the free text,
 * so no other bundle carries the KMS client.
 */
export const keyMaterial: KeyMaterialSource = {
  cipher: (runtime) => new RecordCipher(keyProviderFor(runtime)),
};
