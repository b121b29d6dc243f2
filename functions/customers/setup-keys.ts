import type { KeyMaterialSource } from './setup.js';
import { blindIndexKeyOnly } from './setup-blind-index-key.js';
import { dataKeys } from './setup-data-keys.js';

/**
 * Key material from the runtime: KMS (or the local cloud's key file) for data keys, Secrets
 * Manager (or a local file) for the blind-index key. Imported only by the API handler, the one
 * function that encrypts and searches, so no other bundle carries those SDK clients.
 */
export const keyMaterial: KeyMaterialSource = {
  ...dataKeys,
  ...blindIndexKeyOnly,
};
