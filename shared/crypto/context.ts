import type { EncryptionContext } from './types.js';

/**
 * Canonical form of an encryption context: keys sorted, serialised as JSON. Used as GCM
 * associated data by the local provider and as part of the data-key cache key, so two
 * contexts with the same pairs in a different order are the same context (as in KMS).
 */
export function canonicalContext(context: EncryptionContext): string {
  const sorted = Object.keys(context)
    .sort()
    .map((key) => [key, context[key]]);
  return JSON.stringify(sorted);
}
