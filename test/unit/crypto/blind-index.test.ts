import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { blindIndex } from '../../../shared/crypto/blind-index.js';
import { KeyMaterialError } from '../../../shared/crypto/errors.js';

describe('blindIndex', () => {
  const key = randomBytes(32);

  it('is deterministic for the same key, kind and value', () => {
    expect(blindIndex(key, 'mobile', '13800138000')).toBe(
      blindIndex(Uint8Array.from(key), 'mobile', '13800138000'),
    );
    expect(blindIndex(key, 'mobile', '13800138000')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('differs per key, per kind and per value', () => {
    const base = blindIndex(key, 'idNumber', '11010519491231002X');

    expect(blindIndex(randomBytes(32), 'idNumber', '11010519491231002X')).not.toBe(base);
    expect(blindIndex(key, 'mobile', '11010519491231002X')).not.toBe(base);
    expect(blindIndex(key, 'idNumber', '110105194912310021')).not.toBe(base);
  });

  it('matches HMAC-SHA256 over kind:value (a published, reproducible construction)', () => {
    const fixed = new Uint8Array(32).fill(1);
    const expected = createHmac('sha256', fixed).update('email:a@example.com').digest('base64url');

    expect(blindIndex(fixed, 'email', 'a@example.com')).toBe(expected);
  });

  it('refuses a key shorter than 32 bytes', () => {
    expect(() => blindIndex(randomBytes(16), 'mobile', '13800138000')).toThrow(KeyMaterialError);
  });
});
