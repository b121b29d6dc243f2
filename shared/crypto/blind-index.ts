import { createHmac } from 'node:crypto';
import { KeyMaterialError } from './errors.js';

/**
 * What a blind index is computed over; the kind is mixed in so equal strings of different kinds
 * differ. `seniorDay`: the day a customer turns the senior age (docs/domain-rules.md §19.3).
 */
export type BlindIndexKind = 'idNumber' | 'mobile' | 'email' | 'seniorDay';

/** Blind-index keys shorter than this are refused (HMAC-SHA256 wants a full-strength key). */
export const MIN_BLIND_INDEX_KEY_BYTES = 32;

/**
 * Keyed HMAC-SHA256 over `kind:value`, base64url without padding (43 characters). Lets a store
 * find a record by an exact, already normalised value without decrypting anything. Deterministic
 * for one key; a different key or kind gives an unrelated index.
 */
export function blindIndex(key: Uint8Array, kind: BlindIndexKind, normalisedValue: string): string {
  assertBlindIndexKey(key);
  return createHmac('sha256', key).update(`${kind}:${normalisedValue}`, 'utf8').digest('base64url');
}

/** Throws KeyMaterialError unless the key has at least 32 bytes. */
export function assertBlindIndexKey(key: Uint8Array): void {
  if (key.length < MIN_BLIND_INDEX_KEY_BYTES) {
    throw new KeyMaterialError(`A blind-index key must have at least ${MIN_BLIND_INDEX_KEY_BYTES} bytes`);
  }
}
