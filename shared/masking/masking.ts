import { maskAddress } from './mask-address.js';
import { maskName } from './mask-name.js';
import { DEFAULT_MASKING_RULES, type KeepEndsRule, type MaskableField, type MaskingRules } from './rules.js';

/**
 * Keeps the first and last characters and masks the rest, preserving length. Spaces and hyphens
 * are removed first (`6222 0212 3456 1234` is masked as one number). At least `minHidden`
 * characters are hidden: a value too short for that keeps fewer of its first characters, then
 * fewer of its last, and one no longer than `minHidden` becomes `minHidden` mask characters
 * (its length is not shown: a 5-character passport number is not 10^5 guesses away).
 * @example maskKeepEnds('E12345671', { keepFirst: 3, keepLast: 1, minHidden: 6 }) // 'E1******1'
 */
export function maskKeepEnds(
  value: string,
  rule: KeepEndsRule,
  maskChar = DEFAULT_MASKING_RULES.maskChar,
): string {
  const chars = Array.from(value.replace(/[\s-]+/g, ''));
  const minHidden = Math.max(1, rule.minHidden);
  // Wholly hidden: as many mask characters as minHidden, so the length is not told either.
  if (chars.length <= minHidden) return maskChar.repeat(minHidden);
  const [keepFirst, keepLast] = keptEnds(chars.length, rule);
  return (
    chars.slice(0, keepFirst).join('') +
    maskChar.repeat(chars.length - keepFirst - keepLast) +
    chars.slice(chars.length - keepLast).join('')
  );
}

/** How many first and last characters a value of `length` keeps under `rule`. */
function keptEnds(length: number, rule: KeepEndsRule): [first: number, last: number] {
  const kept = Math.max(0, length - Math.max(1, rule.minHidden));
  const keepLast = Math.min(Math.max(0, rule.keepLast), kept);
  const keepFirst = Math.min(Math.max(0, rule.keepFirst), kept - keepLast);
  return [keepFirst, keepLast];
}

/**
 * `110105194912310021` → `110**************1` (default: first 3 and the check character; at
 * least 6 hidden, so `E12345671` → `E1******1`). Every ID document type, and the legal
 * representative's.
 */
export function maskIdNumber(value: string, rules: MaskingRules = DEFAULT_MASKING_RULES): string {
  return maskKeepEnds(value, rules.idNumber, rules.maskChar);
}

/** `13812345678` → `138****5678` (default: first 3, last 4, at least 4 hidden). */
export function maskMobile(value: string, rules: MaskingRules = DEFAULT_MASKING_RULES): string {
  return maskKeepEnds(value, rules.mobile, rules.maskChar);
}

/**
 * `6222021234561234` → `622202******1234` (default: first 6, last 4, at least 6 hidden); bank
 * cards and account numbers.
 */
export function maskCard(value: string, rules: MaskingRules = DEFAULT_MASKING_RULES): string {
  return maskKeepEnds(value, rules.card, rules.maskChar);
}

/**
 * `zhang.san@example.com` → `z***@example.com`: first character(s) of the local part, a fixed
 * run of mask characters (length not revealed) and the domain. A local part no longer than the
 * kept part, or a value without a domain, is masked entirely.
 */
export function maskEmail(value: string, rules: MaskingRules = DEFAULT_MASKING_RULES): string {
  const email = value.trim();
  const { keepFirst, maskLength } = rules.email;
  const tail = rules.maskChar.repeat(maskLength);
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1) return tail;
  const local = Array.from(email.slice(0, at));
  const kept = local.length > keepFirst ? local.slice(0, Math.max(0, keepFirst)).join('') : '';
  return `${kept}${tail}${email.slice(at)}`;
}

/**
 * `1985-06-15` → `****-**-**` (the default, `keep: 'none'`); with `keep: 'year'`, a value that
 * starts with a date (`1985-06-15`, `19850615`, an ISO timestamp) → `1985-**-**`.
 */
export function maskBirthDate(value: string, rules: MaskingRules = DEFAULT_MASKING_RULES): string {
  const m = rules.maskChar;
  const hidden = `${m.repeat(2)}-${m.repeat(2)}`;
  const year = /^(\d{4})(?:-\d{2}-\d{2}|\d{4})(?:$|T)/.exec(value.trim())?.[1];
  if (rules.birthDate.keep === 'year' && year !== undefined) return `${year}-${hidden}`;
  return `${m.repeat(4)}-${hidden}`;
}

const MASKERS: Readonly<Record<MaskableField, (value: string, rules: MaskingRules) => string>> = {
  idNumber: maskIdNumber,
  mobile: maskMobile,
  card: maskCard,
  email: maskEmail,
  name: maskName,
  address: maskAddress,
  birthDate: maskBirthDate,
};

/** The masked display form of a C2 field value under the given rules. */
export function maskField(
  field: MaskableField,
  value: string,
  rules: MaskingRules = DEFAULT_MASKING_RULES,
): string {
  return MASKERS[field](value, rules);
}

/** The fields whose stored masked forms are masked again when shown (`remaskStored`). */
const REMASKED_WHEN_SHOWN: ReadonlySet<MaskableField> = new Set([
  'idNumber',
  'mobile',
  'card',
  'address',
  'birthDate',
]);

/**
 * A stored masked form as the rules in force show it. Masked forms are stored when a value is
 * written, so one written under an earlier, looser rule (`110***********1234`, `1985-**-**`,
 * `Flat 3***`) or before a deployment raised a minimum is masked again, from itself: nothing is
 * decrypted, and nothing hidden can come back (hidden characters are already `*`). For these
 * fields masking a form the rules in force produced leaves it as it is. Names and e-mails are
 * shown as stored: their rules have not changed, and masking their forms again would not leave
 * them as they are (`欧阳**` would read as a Latin word).
 * @example remaskStored('idNumber', '110***********1234') // '110**************4'
 */
export function remaskStored(
  field: MaskableField,
  masked: string,
  rules: MaskingRules = DEFAULT_MASKING_RULES,
): string {
  return REMASKED_WHEN_SHOWN.has(field) ? maskField(field, masked, rules) : masked;
}

export { maskAddress, maskName };
