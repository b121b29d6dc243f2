import { isValidPrcId, normalisePrcId } from './prc-id.js';

/** Identity document types a customer may present (docs/domain-rules.md §5). */
export const ID_TYPES = ['prc-id', 'passport', 'hk-macao-permit', 'taiwan-permit'] as const;
export type IdType = (typeof ID_TYPES)[number];

/**
 * Format checks for documents without a public checksum (docs/domain-rules.md §5): there is
 * nothing to verify beyond the type and the format, applied to the normalised value:
 * - passport: 5 to 17 letters or digits (ICAO 9303 allows up to 9 in the MRZ; national numbers
 *   with optional filler vary, so the bound is generous);
 * - hk-macao-permit (港澳居民来往内地通行证): `H` (Hong Kong) or `M` (Macao) and 8 digits, or
 *   10 digits on older cards that append a 2-digit issue count;
 * - taiwan-permit (台湾居民来往大陆通行证): 8 digits (cards since 2015), 10 digits (older
 *   booklets) or a letter and 8 digits.
 */
const FORMATS: Readonly<Record<Exclude<IdType, 'prc-id'>, RegExp>> = {
  passport: /^[A-Z0-9]{5,17}$/,
  'hk-macao-permit': /^[HM](\d{8}|\d{10})$/,
  'taiwan-permit': /^(\d{8}|\d{10}|[A-Z]\d{8})$/,
};

/** True for one of the ID_TYPES. */
export function isIdType(value: string): value is IdType {
  return (ID_TYPES as readonly string[]).includes(value);
}

/**
 * The canonical stored and indexed form of a document number: whitespace removed and letters
 * upper-cased; permit and passport numbers also lose hyphens and a parenthesised issue suffix
 * is kept out (e.g. Taiwan `1234567890(B)` → `1234567890`).
 */
export function normaliseIdNumber(type: IdType, value: string): string {
  if (type === 'prc-id') return normalisePrcId(value);
  const compact = value.replace(/[\s-]+/g, '').toUpperCase();
  return type === 'taiwan-permit' ? compact.replace(/\([A-Z0-9]\)$/, '') : compact;
}

/** True when the number is valid for its type (checksum and birth date for PRC IDs, format otherwise). */
export function isValidIdNumber(type: IdType, value: string, now?: Date): boolean {
  if (type === 'prc-id') return isValidPrcId(value, now);
  return FORMATS[type].test(normaliseIdNumber(type, value));
}
