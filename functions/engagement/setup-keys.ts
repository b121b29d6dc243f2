import { keyProviderFor } from '../../shared/crypto/key-material.js';
import { RecordCipher } from '../../shared/crypto/record-cipher.js';
import type { Runtime } from '../../shared/runtime/runtime.js';

/**
 * Key material from the runtime: KMS (or the local cloud's master key file) for each customer's
 * engagement data key (record type `engagement`: survey free text, visit notes). Imported only
 * by the handlers that seal texts, so no other bundle carries the KMS client.
 */
export const keyMaterial = (runtime: Runtime): RecordCipher => new RecordCipher(keyProviderFor(runtime));
