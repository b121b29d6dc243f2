import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DecryptionFailedError, KeyMaterialError } from '../../../shared/crypto/errors.js';
import { LocalKeyProvider, loadOrCreateMasterKey } from '../../../shared/crypto/local-key-provider.js';

const context = { recordType: 'customer', recordId: 'cus_01' };

describe('LocalKeyProvider', () => {
  it('round-trips a data key with the same context', async () => {
    const keys = new LocalKeyProvider(randomBytes(32));
    const generated = await keys.generateDataKey(context);

    const opened = await keys.decryptDataKey(generated.ciphertext, {
      recordId: 'cus_01',
      recordType: 'customer',
    });

    expect(generated.plaintext).toHaveLength(32);
    expect(opened).toEqual(generated.plaintext);
    expect(keys.callCount).toBe(2);
  });

  it('fails with DecryptionFailedError for a different context', async () => {
    const keys = new LocalKeyProvider(randomBytes(32));
    const { ciphertext } = await keys.generateDataKey(context);

    await expect(
      keys.decryptDataKey(ciphertext, { recordType: 'customer', recordId: 'cus_02' }),
    ).rejects.toThrow(DecryptionFailedError);
    await expect(keys.decryptDataKey(ciphertext, { ...context, extra: 'x' })).rejects.toThrow(
      DecryptionFailedError,
    );
  });

  it('fails with DecryptionFailedError for a tampered or truncated ciphertext', async () => {
    const keys = new LocalKeyProvider(randomBytes(32));
    const { ciphertext } = await keys.generateDataKey(context);
    const tampered = Uint8Array.from(ciphertext);
    tampered[20] = (tampered[20] ?? 0) ^ 0x01;

    await expect(keys.decryptDataKey(tampered, context)).rejects.toThrow(DecryptionFailedError);
    await expect(keys.decryptDataKey(ciphertext.subarray(0, 40), context)).rejects.toThrow(
      DecryptionFailedError,
    );
  });

  it('fails with DecryptionFailedError under another master key', async () => {
    const { ciphertext } = await new LocalKeyProvider(randomBytes(32)).generateDataKey(context);

    await expect(new LocalKeyProvider(randomBytes(32)).decryptDataKey(ciphertext, context)).rejects.toThrow(
      DecryptionFailedError,
    );
  });

  it('refuses a master key that is not 32 bytes', () => {
    expect(() => new LocalKeyProvider(randomBytes(16))).toThrow(KeyMaterialError);
  });
});

describe('loadOrCreateMasterKey', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fincrm-master-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a 32-byte key file with mode 0600 (and its directory), then reads the same key back', async () => {
    const path = join(dir, 'nested', '.local', 'master.key');

    const created = await loadOrCreateMasterKey(path);
    const loaded = await loadOrCreateMasterKey(path);

    expect(created).toHaveLength(32);
    expect(loaded).toEqual(created);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(Buffer.from((await readFile(path, 'utf8')).trim(), 'base64')).toEqual(Buffer.from(created));
  });
});
