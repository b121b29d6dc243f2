import { describe, expect, it } from 'vitest';
import { isValidMobile, normaliseMobile } from '../../../shared/identity/mobile.js';

describe('mainland mobile', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['+8613800138000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['86-138-0013-8000', '13800138000'],
    ['0086 13800138000', '13800138000'],
  ])('normalises %s', (input, expected) => {
    expect(normaliseMobile(input)).toBe(expected);
    expect(isValidMobile(input)).toBe(true);
  });

  it('keeps an 11-digit number starting with 86 untouched (and refuses it)', () => {
    expect(normaliseMobile('86123456789')).toBe('86123456789');
    expect(isValidMobile('86123456789')).toBe(false);
  });

  it.each(['12800138000', '1380013800', '138001380001', '+85213800138000', '1380013800a', ''])(
    'refuses %s',
    (value) => {
      expect(isValidMobile(value)).toBe(false);
    },
  );
});
