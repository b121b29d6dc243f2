/**
 * Unified social credit code (GB 32100-2015): 18 characters from a 31-character alphabet
 * (no I, O, S, V, Z), the last one a check character (mod 31, fixed weights).
 */

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const SHAPE = /^[0-9ABCDEFGHJKLMNPQRTUWXY]{18}$/;

/** Removes whitespace and upper-cases. */
export function normaliseUscc(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/** The check character for the first 17 characters: (31 - sum % 31) % 31 through the alphabet. */
export function usccCheckChar(first17: string): string {
  if (!/^[0-9ABCDEFGHJKLMNPQRTUWXY]{17}$/.test(first17)) throw new RangeError('Expected 17 code characters');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += ALPHABET.indexOf(first17.charAt(i)) * (WEIGHTS[i] ?? 0);
  return ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/** True when the value (after normalisation) uses only the code alphabet and its check character matches. */
export function isValidUscc(value: string): boolean {
  const code = normaliseUscc(value);
  return SHAPE.test(code) && usccCheckChar(code.slice(0, 17)) === code.charAt(17);
}
