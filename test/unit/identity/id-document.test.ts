import { describe, expect, it } from 'vitest';
import {
  ID_TYPES,
  isIdType,
  isValidIdNumber,
  normaliseIdNumber,
} from '../../../shared/identity/id-document.js';

const TODAY = new Date('2026-03-02T04:00:00Z');

describe('identity documents', () => {
  it('lists the accepted types', () => {
    expect(ID_TYPES).toEqual(['prc-id', 'passport', 'hk-macao-permit', 'taiwan-permit']);
    expect(isIdType('passport')).toBe(true);
    expect(isIdType('driving-licence')).toBe(false);
  });

  it('validates PRC IDs with the checksum and birth date', () => {
    expect(isValidIdNumber('prc-id', '11010519491231002x', TODAY)).toBe(true);
    expect(isValidIdNumber('prc-id', '110105194912310021', TODAY)).toBe(false);
    expect(normaliseIdNumber('prc-id', '11010519491231002x')).toBe('11010519491231002X');
  });

  it.each([
    ['passport', 'e12345678', 'E12345678'],
    ['passport', 'G 1234 5678', 'G12345678'],
    ['hk-macao-permit', 'h12345678', 'H12345678'],
    ['hk-macao-permit', 'M1234567801', 'M1234567801'],
    ['taiwan-permit', '12345678', '12345678'],
    ['taiwan-permit', '1234567890(B)', '1234567890'],
  ] as const)('accepts %s %s as %s', (type, input, normalised) => {
    expect(normaliseIdNumber(type, input)).toBe(normalised);
    expect(isValidIdNumber(type, input)).toBe(true);
  });

  it.each([
    ['passport', 'E12'],
    ['passport', 'E1234567890123456789'],
    ['passport', 'E1234567!'],
    ['hk-macao-permit', 'X12345678'],
    ['hk-macao-permit', 'H1234567'],
    ['hk-macao-permit', 'H123456789'],
    ['taiwan-permit', '1234567'],
    ['taiwan-permit', 'AB1234567'],
  ] as const)('refuses %s %s', (type, input) => {
    expect(isValidIdNumber(type, input)).toBe(false);
  });
});
