import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DecryptionFailedError } from '../../../shared/crypto/errors.js';
import { LocalKeyProvider } from '../../../shared/crypto/local-key-provider.js';
import { customerKeyContext, RecordCipher } from '../../../shared/crypto/record-cipher.js';

function cipher(): RecordCipher {
  return new RecordCipher(new LocalKeyProvider(randomBytes(32)));
}

/** Flips one character of the body so the text stays well-formed base64url. */
function tamper(sealed: string): string {
  const [version, iv, body] = sealed.split('.');
  const first = body?.charAt(0) === 'A' ? 'B' : 'A';
  return `${version}.${iv}.${first}${body?.slice(1)}`;
}

describe('RecordCipher', () => {
  it('seals and opens unicode values through a stored data key', async () => {
    const records = cipher();
    const context = customerKeyContext('cus_01');
    const { encryptedDataKey, sealer } = await records.newRecordKey(context);
    const name = '欧阳娜娜';
    const address = '北京市朝阳区建国路88号 🏦';

    const sealedName = sealer.seal('cus_01', 'name', name);
    const sealedAddress = sealer.seal('cus_01', 'address', address);
    const reopened = await records.openRecordKey(encryptedDataKey, context);

    expect(sealedName).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(sealedName).not.toContain(name);
    expect(reopened.open('cus_01', 'name', sealedName)).toBe(name);
    expect(reopened.open('cus_01', 'address', sealedAddress)).toBe(address);
    expect(reopened.open('cus_01', 'note', sealer.seal('cus_01', 'note', ''))).toBe('');
  });

  it('uses a fresh IV for every seal', async () => {
    const { sealer } = await cipher().newRecordKey(customerKeyContext('cus_01'));

    const first = sealer.seal('cus_01', 'mobile', '13800138000');
    const second = sealer.seal('cus_01', 'mobile', '13800138000');

    expect(first).not.toBe(second);
    expect(first.split('.')[1]).not.toBe(second.split('.')[1]);
  });

  it.each([
    ['tampered ciphertext', 'cus_01', 'name', tamper],
    ['swapped field name', 'cus_01', 'address', (s: string) => s],
    ['swapped record id', 'cus_02', 'name', (s: string) => s],
    ['malformed value', 'cus_01', 'name', () => 'v1.not-a-sealed-value'],
    ['unknown version', 'cus_01', 'name', (s: string) => s.replace(/^v1/, 'v2')],
    ['truncated body', 'cus_01', 'name', (s: string) => s.slice(0, -3)],
  ])('refuses a %s with DecryptionFailedError', async (_case, recordId, field, change) => {
    const { sealer } = await cipher().newRecordKey(customerKeyContext('cus_01'));
    const sealed = sealer.seal('cus_01', 'name', '张三');

    expect(() => sealer.open(recordId, field, change(sealed))).toThrow(DecryptionFailedError);
  });

  it('refuses a value sealed under another record key', async () => {
    const records = cipher();
    const { sealer: one } = await records.newRecordKey(customerKeyContext('cus_01'));
    const { sealer: other } = await records.newRecordKey(customerKeyContext('cus_01'));

    expect(() => other.open('cus_01', 'name', one.seal('cus_01', 'name', '张三'))).toThrow(
      DecryptionFailedError,
    );
  });

  it('refuses to open a data key with another record context', async () => {
    const records = cipher();
    const { encryptedDataKey } = await records.newRecordKey(customerKeyContext('cus_01'));

    await expect(records.openRecordKey(encryptedDataKey, customerKeyContext('cus_02'))).rejects.toThrow(
      DecryptionFailedError,
    );
    await expect(records.openRecordKey('not base64!', customerKeyContext('cus_01'))).rejects.toThrow(
      DecryptionFailedError,
    );
  });

  it('names the record in the key context without personal information', () => {
    expect(customerKeyContext('cus_01')).toEqual({ recordType: 'customer', recordId: 'cus_01' });
  });
});
