import { DEFAULT_MASKING_RULES, type MaskingRules } from './rules.js';

/** Han characters plus the middle dots used in transliterated minority and foreign names (买买提·艾力). */
const CHINESE_NAME = /^[\p{Script=Han}·•・]+$/u;

/**
 * Masks a personal name.
 * - Chinese names keep the surname: one character, or two when the name starts with a known
 *   compound surname and has at least three characters (`张*`, `欧阳**`; `欧阳` alone reads as
 *   surname 欧 and given name 阳 → `欧*`). A one-character name is masked entirely.
 * - Other names keep the initial of every word (`John Smith` → `J*** S****`), the letter count
 *   and single spaces between words; a one-letter word is masked entirely.
 */
export function maskName(value: string, rules: MaskingRules = DEFAULT_MASKING_RULES): string {
  const name = value.trim();
  const mask = rules.maskChar;
  if (CHINESE_NAME.test(name)) {
    const chars = Array.from(name);
    const keep = surnameLength(name, chars.length, rules.name.compoundSurnames);
    if (chars.length <= keep) return mask.repeat(chars.length);
    return chars.slice(0, keep).join('') + mask.repeat(chars.length - keep);
  }
  const keep = Math.max(0, rules.name.latinKeepFirst);
  return name
    .split(/\s+/)
    .map((word) => {
      const chars = Array.from(word);
      if (chars.length <= keep) return mask.repeat(chars.length);
      return chars.slice(0, keep).join('') + mask.repeat(chars.length - keep);
    })
    .join(' ');
}

function surnameLength(name: string, length: number, compounds: readonly string[]): number {
  if (length >= 3 && compounds.some((surname) => name.startsWith(surname))) {
    return Array.from(name.slice(0, 2)).length === 2 ? 2 : 1;
  }
  return 1;
}
