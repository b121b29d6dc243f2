import type { RecordCipher } from '../../shared/crypto/record-cipher.js';
import type { Runtime } from '../../shared/runtime/runtime.js';

// SKELETON (helper: surveys): data keys of record type `engagement` (per customer).
export const keyMaterial = (_runtime: Runtime): RecordCipher => {
  throw new Error('not built yet');
};
