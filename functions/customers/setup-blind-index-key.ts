import { blindIndexKeySourceFor } from '../../shared/crypto/blind-index-key-material.js';
import type { KeyMaterialSource } from './setup.js';

/**
 * The blind-index key only (Secrets Manager, or the local cloud's key file): for a function that
 * finds records by a keyed hash but never opens one, so its bundle carries no KMS client (the
 * daily jobs, which find the customers turning SENIOR_AGE by the hash of the day).
 */
export const blindIndexKeyOnly: KeyMaterialSource = {
  blindIndexKey: (runtime) => blindIndexKeySourceFor(runtime),
};
