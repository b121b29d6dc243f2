import { isValidMobile } from './mobile.js';

// What a free-text field (an access purpose, an evidence reference) must not carry: a PRC ID
// number, a passport or permit number, a mobile or a bank card number (docs/domain-rules.md
// §12). Deliberately wider than the validators: a mistyped ID number is still personal data.
const LONG_DIGIT_RUN = /\d{11,}/; // mobile (11), old and new PRC ID (15, 18), bank cards (12–19)
const PRC_ID_WITH_CHECK_X = /\d{17}[Xx]/;
const CARD_IN_GROUPS = /(?<!\d)\d{4}(?:[ -]\d{4}){2,3}(?:[ -]?\d{1,3})?(?!\d)/;
const SEPARATED_MOBILE = /(?<!\d)(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)/g;
// Passports (E12345678, G1234567), Hong Kong/Macao (H12345678) and Taiwan (A12345678)
// permits: one or two letters and 7 to 10 digits, standing alone.
const LETTERED_DOCUMENT = /(?<![A-Za-z0-9])[A-Za-z]{1,2}\d{7,10}(?![A-Za-z0-9])/;

/**
 * True when `text` holds something that looks like a personal identifier: a run of 11 or more
 * digits, a PRC ID number, a mobile written with spaces or hyphens, a card number in groups of
 * four, or a passport or permit number (letters and 7–10 digits). Dates (`2026-03-01`) and
 * short case numbers (`aml-case:7`, `KYC-2026-0042`) pass.
 *
 * @example looksLikePersonalIdentifier('ID 110101199003071234') // true
 * @example looksLikePersonalIdentifier('aml-case:7')            // false
 */
export function looksLikePersonalIdentifier(text: string): boolean {
  if (LONG_DIGIT_RUN.test(text) || PRC_ID_WITH_CHECK_X.test(text)) return true;
  if (CARD_IN_GROUPS.test(text) || LETTERED_DOCUMENT.test(text)) return true;
  return [...text.matchAll(SEPARATED_MOBILE)].some((match) => isValidMobile(match[0]));
}
