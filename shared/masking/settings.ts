import type { Env } from '../runtime/runtime.js';
import { DEFAULT_MASKING_RULES, type MaskingRules, withMaskingRules } from './rules.js';

// The masking settings as a function reads them at cold start (docs/domain-rules.md §3). A
// deployment may hide more than the defaults, never less: the floors are what keeps a masked
// ID number at 10^6 candidates or more and a masked mobile at 10^4 or more.

/** Fewest characters of an ID number a masked form may hide: 6 digits leave 10^6 candidates. */
export const ID_NUMBER_MIN_HIDDEN_FLOOR = 6;
/** Fewest digits of a mobile a masked form may hide: 4 digits leave 10^4 candidates. */
export const MOBILE_MIN_HIDDEN_FLOOR = 4;
/** A mainland mobile has 11 digits, the longest ID number 18 characters: more hides everything. */
const MOBILE_LENGTH = 11;
const ID_NUMBER_MAX_LENGTH = 18;

function hiddenCount(env: Env, name: string, fallback: number, floor: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const count = /^\d{1,3}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(count) || count < floor || count > max) {
    throw new Error(`${name} must be a whole number of characters from ${floor} to ${max}`);
  }
  return count;
}

/**
 * The masking rules of a deployment: the defaults with `MASK_ID_NUMBER_MIN_HIDDEN` and
 * `MASK_MOBILE_MIN_HIDDEN` applied; a value below its floor fails the cold start.
 * @example maskingRulesFromEnv({ MASK_MOBILE_MIN_HIDDEN: '5' }).mobile // { keepFirst: 3, keepLast: 4, minHidden: 5 }
 */
export function maskingRulesFromEnv(env: Env): MaskingRules {
  const d = DEFAULT_MASKING_RULES;
  return withMaskingRules({
    idNumber: {
      minHidden: hiddenCount(
        env,
        'MASK_ID_NUMBER_MIN_HIDDEN',
        d.idNumber.minHidden,
        ID_NUMBER_MIN_HIDDEN_FLOOR,
        ID_NUMBER_MAX_LENGTH,
      ),
    },
    mobile: {
      minHidden: hiddenCount(
        env,
        'MASK_MOBILE_MIN_HIDDEN',
        d.mobile.minHidden,
        MOBILE_MIN_HIDDEN_FLOOR,
        MOBILE_LENGTH,
      ),
    },
  });
}
