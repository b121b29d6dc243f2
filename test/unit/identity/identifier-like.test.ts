import { describe, expect, it } from 'vitest';
import { looksLikePersonalIdentifier } from '../../../shared/identity/index.js';

describe('looksLikePersonalIdentifier', () => {
  it.each([
    ['a PRC ID number', 'ID 110101199003071234'],
    ['a PRC ID number ending in X', 'customer 11010519491231002x asked'],
    ['an old 15-digit ID number', 'id:110101900307123'],
    ['a mobile', 'call 13800138000'],
    ['a mobile with spaces', 'mobile 138 0013 8000'],
    ['a mobile with a country code', '+86-138-0013-8000'],
    ['a bank card', 'card 6222021234567890123'],
    ['a bank card in groups', 'card 6222 0212 3456 7890'],
    ['a passport number', 'passport E12345678'],
    ['a Hong Kong permit', 'permit:H12345678'],
  ])('refuses %s', (_kind, text) => {
    expect(looksLikePersonalIdentifier(text)).toBe(true);
  });

  it.each([
    'aml-case:7',
    'complaint-review',
    'AML case 2026-117',
    'evidence:KYC-2026-03-01-0042',
    'DOC/2026/0301',
    'ticket #48213',
    'sar-2026-000123',
  ])('accepts the purpose or reference %s', (text) => {
    expect(looksLikePersonalIdentifier(text)).toBe(false);
  });
});
