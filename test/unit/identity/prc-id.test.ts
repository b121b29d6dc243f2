import { describe, expect, it } from 'vitest';
import { birthDateFromPrcId, isValidPrcId, normalisePrcId } from '../../../shared/identity/prc-id.js';

const TODAY = new Date('2026-03-02T04:00:00Z');

/** Independent ISO 7064 MOD 11-2: check = (12 - Σ aᵢ·2^(17-i) mod 11) mod 11, 10 → X. */
function withCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const check = (12 - (sum % 11)) % 11;
  return first17 + (check === 10 ? 'X' : String(check));
}

describe('PRC resident ID', () => {
  it('accepts the well-known sample and generated numbers with a correct check character', () => {
    expect(isValidPrcId('11010519491231002X', TODAY)).toBe(true);
    for (const first17 of [
      '44030119900307123',
      '31011520000229456',
      '65010219851231001',
      '11010120260302000',
    ]) {
      expect(isValidPrcId(withCheck(first17), TODAY)).toBe(true);
    }
  });

  it('refuses a wrong check character', () => {
    expect(isValidPrcId('110105194912310021', TODAY)).toBe(false);
    const valid = withCheck('44030119900307123');
    const wrong = valid.slice(0, 17) + (valid.endsWith('0') ? '1' : '0');
    expect(isValidPrcId(wrong, TODAY)).toBe(false);
  });

  it('refuses dates that are not on the calendar or lie in the future', () => {
    expect(isValidPrcId(withCheck('44030119900230123'), TODAY)).toBe(false); // Feb 30
    expect(isValidPrcId(withCheck('44030119010229123'), TODAY)).toBe(false); // 1901 not a leap year
    expect(isValidPrcId(withCheck('44030119901301123'), TODAY)).toBe(false); // month 13
    expect(isValidPrcId(withCheck('44030120260303123'), TODAY)).toBe(false); // tomorrow
    expect(isValidPrcId(withCheck('44030120260302123'), TODAY)).toBe(true); // today
  });

  it('refuses wrong shapes', () => {
    for (const value of [
      '',
      '11010519491231002',
      '11010519491231002XX',
      '1101051949123100A2',
      withCheck('01010519491231002'),
    ]) {
      expect(isValidPrcId(value, TODAY)).toBe(false);
    }
  });

  it('normalises a lowercase x and surrounding spaces', () => {
    expect(normalisePrcId(' 11010519491231002x ')).toBe('11010519491231002X');
    expect(isValidPrcId('11010519491231002x', TODAY)).toBe(true);
  });

  it('reads the birth date of a valid number only', () => {
    expect(birthDateFromPrcId('11010519491231002X', TODAY)).toBe('1949-12-31');
    expect(birthDateFromPrcId(withCheck('31011520000229456'), TODAY)).toBe('2000-02-29');
    expect(birthDateFromPrcId('110105194912310021', TODAY)).toBeUndefined();
  });
});
