import { describe, expect, it } from 'vitest';
import { isValidPrcId, prcIdCheckChar } from '../../../shared/identity/index.js';
import {
  DEFAULT_MASKING_RULES,
  type MaskingRules,
  maskField,
  maskingRulesFromEnv,
  withMaskingRules,
} from '../../../shared/masking/index.js';

/**
 * How many values a masked form still stands for, counted from the structure of the field
 * (docs/domain-rules.md §3): an attacker who reads the masked form, and knows the format, has
 * to try this many. Counts are conservative: where the attacker may know more (the region of a
 * PRC ID, shown by the masked address), they are assumed to know it.
 */

const MASK = DEFAULT_MASKING_RULES.maskChar;
const DIGITS = '0123456789';
/** `count` positions that each take any digit. */
const digits = (count: number): string[] => Array.from({ length: count }, () => DIGITS);
const TODAY = new Date('2026-06-01T00:00:00Z');
const EARLIEST_BIRTH = Date.UTC(1900, 0, 1);

/** Every birth date the customers capability accepts (1900-01-01 to today), as `YYYYMMDD`. */
function plausibleBirthDates(): string[] {
  const dates: string[] = [];
  for (let t = EARLIEST_BIRTH; t <= TODAY.getTime(); t += 86_400_000) {
    dates.push(new Date(t).toISOString().slice(0, 10).replaceAll('-', ''));
  }
  return dates;
}
const BIRTH_DATES = plausibleBirthDates();

/** True when `shown` (a masked form's characters at these positions) could stand for `value`. */
function fits(shown: string, value: string): boolean {
  return [...value].every((char, i) => shown[i] === MASK || shown[i] === char);
}

/**
 * Counts the PRC ID numbers a masked form stands for: the area code known (the masked address
 * tells province and city), any accepted birth date that fits, any sequence digits that fit,
 * and the check character of the 17 digits where it is shown. Exact: the check character
 * depends on the weighted digit sum mod 11, so counts are kept per remainder.
 */
function prcIdCandidates(masked: string, area: string, birthYear?: string): number {
  expect(masked).toHaveLength(18);
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const weightedSum = (digits: string, from: number) =>
    [...digits].reduce((sum, d, i) => sum + Number(d) * (weights[from + i] ?? 0), 0);
  // Per remainder mod 11: how many ways to fill positions 0..16.
  let byRemainder = new Array<number>(11).fill(0);
  for (const date of BIRTH_DATES) {
    if (!fits(masked.slice(6, 14), date)) continue;
    if (birthYear !== undefined && !date.startsWith(birthYear)) continue;
    const r = (weightedSum(area, 0) + weightedSum(date, 6)) % 11;
    byRemainder[r] = (byRemainder[r] ?? 0) + 1;
  }
  for (let position = 14; position < 17; position += 1) {
    const next = new Array<number>(11).fill(0);
    for (const digit of DIGITS) {
      if (masked[position] !== MASK && masked[position] !== digit) continue;
      for (let r = 0; r < 11; r += 1) {
        const to = (r + Number(digit) * (weights[position] ?? 0)) % 11;
        next[to] = (next[to] ?? 0) + (byRemainder[r] ?? 0);
      }
    }
    byRemainder = next;
  }
  const check = masked.charAt(17);
  return byRemainder.reduce((total, ways, r) => {
    const checkChar = '10X98765432'.charAt(r);
    return check === MASK || check === checkChar ? total + ways : total;
  }, 0);
}

/**
 * Counts the values of the given lengths, one alphabet per position, that a masked form of a
 * keep-ends field stands for. A wholly hidden form does not tell the length: every length up to
 * its own counts.
 */
function keepEndsCandidates(masked: string, alphabetsByLength: (length: number) => string[] | undefined) {
  const wholly = [...masked].every((char) => char === MASK);
  const lengths = wholly ? Array.from({ length: masked.length }, (_, i) => i + 1) : [masked.length];
  let total = 0;
  for (const length of lengths) {
    const alphabets = alphabetsByLength(length);
    if (alphabets === undefined) continue;
    total += alphabets.reduce((product, alphabet, i) => {
      const shown = wholly ? MASK : masked.charAt(i);
      return product * (shown === MASK ? alphabet.length : alphabet.includes(shown) ? 1 : 0);
    }, 1);
  }
  return total;
}

/**
 * Passports: 5 to 17 characters. Counted as letters or digits in the first two places (`E`,
 * `EA`: the type) and digits only after them, the smallest alphabet a passport number uses.
 */
const ALNUM = `ABCDEFGHIJKLMNOPQRSTUVWXYZ${DIGITS}`;
const passport = (length: number) =>
  length >= 5 && length <= 17 ? [ALNUM, ALNUM, ...digits(length - 2)] : undefined;
/** Hong Kong / Macao permits: H or M and 8 or 10 digits. */
const hkMacaoPermit = (length: number) =>
  length === 9 || length === 11 ? ['HM', ...digits(length - 1)] : undefined;
/** Taiwan permits: 8 or 10 digits (a letter and 8 digits counts as the 9-character form). */
const taiwanPermit = (length: number) =>
  length === 8 || length === 10
    ? digits(length)
    : length === 9
      ? ['ABCDEFGHIJKLMNOPQRSTUVWXYZ', ...digits(8)]
      : undefined;
/** Mainland mobiles: 1, then 3-9, then 9 digits. */
const mobile = (length: number) => (length === 11 ? ['1', '3456789', ...digits(9)] : undefined);

/** A PRC ID number with the given area and birth date, its sequence and check made valid. */
function prcId(area: string, birth: string, sequence: string): string {
  const first17 = `${area}${birth}${sequence}`;
  return first17 + prcIdCheckChar(first17);
}

const ID_SAMPLES = [
  { type: 'passport', value: 'E12345671', format: passport },
  { type: 'passport', value: 'G1234567', format: passport },
  { type: 'passport', value: 'K12345', format: passport },
  { type: 'passport', value: 'P1234', format: passport },
  { type: 'passport', value: '12345678901234567', format: passport },
  { type: 'hk-macao-permit', value: 'H12345678', format: hkMacaoPermit },
  { type: 'hk-macao-permit', value: 'M1234567890', format: hkMacaoPermit },
  { type: 'taiwan-permit', value: '12345678', format: taiwanPermit },
  { type: 'taiwan-permit', value: '1234567890', format: taiwanPermit },
  { type: 'taiwan-permit', value: 'A12345678', format: taiwanPermit },
] as const;

/** Every minimum-hidden setting a deployment may choose for ID numbers. */
const ID_RULES: MaskingRules[] = Array.from({ length: 13 }, (_, i) =>
  maskingRulesFromEnv({ MASK_ID_NUMBER_MIN_HIDDEN: String(6 + i) }),
);

describe('a masked ID number leaves at least 10^6 candidates', () => {
  const area = '110105';
  const ids = [
    prcId(area, '19491231', '002'),
    prcId(area, '20260601', '123'),
    prcId(area, '19000101', '999'),
  ];

  it.each(ids)('PRC ID %s, with the area code known, under every setting', (id) => {
    expect(isValidPrcId(id, TODAY)).toBe(true);
    for (const rules of ID_RULES) {
      const masked = maskField('idNumber', id, rules);

      expect(prcIdCandidates(masked, area)).toBeGreaterThanOrEqual(1_000_000);
    }
  });

  it.each(ID_SAMPLES)('$type $value, under every setting', ({ value, format }) => {
    for (const rules of ID_RULES) {
      const masked = maskField('idNumber', value, rules);

      expect(keepEndsCandidates(masked, format)).toBeGreaterThanOrEqual(1_000_000);
    }
  });

  it('would not with the rule it replaces (first 3 and last 4 kept, no minimum hidden)', () => {
    const old = withMaskingRules({ idNumber: { keepFirst: 3, keepLast: 4, minHidden: 1 } });

    expect(prcIdCandidates(maskField('idNumber', ids[0] ?? '', old), area)).toBeLessThan(1_000_000);
    expect(keepEndsCandidates(maskField('idNumber', 'E12345671', old), passport)).toBeLessThan(1_000_000);
  });

  it('would not if the masked birth date told the year: the default hides it', () => {
    const keepYear = withMaskingRules({ birthDate: { keep: 'year' } });
    const id = ids[0] ?? '';
    const year = maskField('birthDate', '1949-12-31', keepYear).slice(0, 4);

    expect(prcIdCandidates(maskField('idNumber', id), area, year)).toBeLessThan(1_000_000);
    expect(maskField('birthDate', '1949-12-31')).toBe('****-**-**');
  });
});

describe('a masked mobile leaves at least 10^4 candidates', () => {
  const rules = Array.from({ length: 8 }, (_, i) =>
    maskingRulesFromEnv({ MASK_MOBILE_MIN_HIDDEN: String(4 + i) }),
  );

  it.each(['13812345678', '19900000000', '17012345678'])('%s under every setting', (value) => {
    for (const rule of rules) {
      expect(keepEndsCandidates(maskField('mobile', value, rule), mobile)).toBeGreaterThanOrEqual(10_000);
    }
  });

  it('refuses a setting that would hide fewer than 4 digits', () => {
    expect(() => maskingRulesFromEnv({ MASK_MOBILE_MIN_HIDDEN: '3' })).toThrow(/from 4 to 11/);
    expect(() => maskingRulesFromEnv({ MASK_ID_NUMBER_MIN_HIDDEN: '5' })).toThrow(/from 6 to 18/);
  });
});

describe('the other masked fields', () => {
  it('a bank card (16 to 19 digits, Luhn check) leaves at least 10^5, the PCI DSS display', () => {
    for (const card of ['6222021234561234', '6217001234567890123']) {
      const masked = maskField('card', card);
      // The Luhn digit is a function of the others: a tenth of the digit strings are cards.
      const digitStrings = keepEndsCandidates(masked, (length) => digits(length));

      expect(digitStrings / 10).toBeGreaterThanOrEqual(100_000);
    }
  });

  it('a birth date leaves every accepted date: the year is not shown', () => {
    const masked = maskField('birthDate', '1985-06-15');
    const candidates = BIRTH_DATES.filter((date) => fits(masked.replaceAll('-', ''), date)).length;

    expect(candidates).toBeGreaterThanOrEqual(40_000);
  });

  it('an e-mail shows neither the local part nor its length: at least 10^4 local parts of 2 to 4 characters', () => {
    const masked = maskField('email', 'zs@example.com');
    // Every local part of 2 to 4 lowercase letters or digits starting with `z` that masks to the
    // same form; one per length is masked, as the masker reads nothing else of it.
    const candidates = [2, 3, 4]
      .filter((length) => maskField('email', `z${'9'.repeat(length - 1)}@example.com`) === masked)
      .reduce((total, length) => total + 36 ** (length - 1), 0);

    expect(candidates).toBeGreaterThanOrEqual(10_000);
  });

  it('an address keeps recognised divisions only, and nothing of one with none', () => {
    const addresses = [
      ['北京市朝阳区建国路88号', '北京市朝阳区'],
      ['Flat 3, 12 Queen Street, Central', ''],
      ['建国路88号院3号楼', ''],
      ['阳光小区5号楼2单元301室', ''],
      ['3号楼', ''],
    ] as const;
    for (const [address, kept] of addresses) {
      expect(maskField('address', address)).toBe(`${kept}${MASK.repeat(3)}`);
    }
  });
});
