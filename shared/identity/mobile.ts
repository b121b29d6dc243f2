/** Mainland China mobile numbers: 11 digits, `1[3-9]` then 9 digits. */

const MOBILE = /^1[3-9]\d{9}$/;

/**
 * Strips spaces and hyphens and an optional country prefix (`+86`, `0086`, `86`), so
 * `+86 138-0013-8000` becomes `13800138000`. The bare `86` prefix is only removed from a
 * 13-digit value, never from an 11-digit one.
 */
export function normaliseMobile(value: string): string {
  const compact = value.replace(/[\s-]+/g, '');
  if (compact.startsWith('+86')) return compact.slice(3);
  if (compact.startsWith('0086')) return compact.slice(4);
  if (compact.startsWith('86') && compact.length === 13) return compact.slice(2);
  return compact;
}

/** True when the value, after normalisation, is a mainland mobile number. */
export function isValidMobile(value: string): boolean {
  return MOBILE.test(normaliseMobile(value));
}
