import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileBlindIndexKeySource } from '../../../shared/crypto/blind-index-key-source.js';
import { CachingKeyProvider } from '../../../shared/crypto/data-key-cache.js';
import { CryptoConfigError } from '../../../shared/crypto/errors.js';
import {
  blindIndexKeySourceFromEnv,
  keyProviderFromEnv,
} from '../../../shared/crypto/key-provider-from-env.js';
import { RecordCipher } from '../../../shared/crypto/record-cipher.js';

describe('keyProviderFromEnv', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fincrm-env-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('builds a cached local provider from LOCAL_MASTER_KEY_FILE that survives a restart', async () => {
    const env = { KEY_PROVIDER: 'local', LOCAL_MASTER_KEY_FILE: join(dir, 'master.key') };
    const first = keyProviderFromEnv(env);
    const { ciphertext, plaintext } = await first.generateDataKey({ recordId: 'cus_01' });

    const restarted = keyProviderFromEnv(env);

    expect(first).toBeInstanceOf(CachingKeyProvider);
    expect(await restarted.decryptDataKey(ciphertext, { recordId: 'cus_01' })).toEqual(plaintext);
    expect(restarted.callCount).toBe(1);
  });

  it('applies DATA_KEY_CACHE_TTL_SECONDS=0 as no caching', async () => {
    const keys = keyProviderFromEnv({
      KEY_PROVIDER: 'local',
      LOCAL_MASTER_KEY_FILE: join(dir, 'master.key'),
      DATA_KEY_CACHE_TTL_SECONDS: '0',
    });
    const records = new RecordCipher(keys);
    const { encryptedDataKey } = await records.newRecordKey({ recordId: 'cus_01' });

    await records.openRecordKey(encryptedDataKey, { recordId: 'cus_01' });

    expect(keys.callCount).toBe(2);
  });

  it('names the missing variable', () => {
    expect(() => keyProviderFromEnv({ KEY_PROVIDER: 'local' })).toThrow(/LOCAL_MASTER_KEY_FILE/);
    expect(() => keyProviderFromEnv({})).toThrow(/KMS_KEY_ID/);
    expect(() => keyProviderFromEnv({ KEY_PROVIDER: 'kms' })).toThrow(CryptoConfigError);
  });

  it('refuses an unknown KEY_PROVIDER and a malformed TTL', () => {
    expect(() => keyProviderFromEnv({ KEY_PROVIDER: 'vault' })).toThrow(/KEY_PROVIDER/);
    expect(() => keyProviderFromEnv({ KMS_KEY_ID: 'alias/x', DATA_KEY_CACHE_TTL_SECONDS: 'soon' })).toThrow(
      /DATA_KEY_CACHE_TTL_SECONDS/,
    );
  });

  it('builds a KMS provider without contacting KMS until first use, then asks for data keys under KMS_KEY_ID', async () => {
    const kms = mockClient(KMSClient);
    kms.on(GenerateDataKeyCommand).resolves({
      Plaintext: new Uint8Array(randomBytes(32)),
      CiphertextBlob: new Uint8Array(randomBytes(64)),
    });
    try {
      const keys = keyProviderFromEnv({ KMS_KEY_ID: 'alias/fincrm-customers' });
      expect(keys.callCount).toBe(0);

      await keys.generateDataKey({ recordType: 'customer', recordId: 'cus_01' });

      expect(keys.callCount).toBe(1);
      expect(kms).toHaveReceivedCommandWith(GenerateDataKeyCommand, {
        KeyId: 'alias/fincrm-customers',
        EncryptionContext: { recordType: 'customer', recordId: 'cus_01' },
      });
    } finally {
      kms.restore();
    }
  });
});

describe('blindIndexKeySourceFromEnv', () => {
  it('prefers a local key file, else the secret ARN, else names both variables', () => {
    expect(blindIndexKeySourceFromEnv({ BLIND_INDEX_KEY_FILE: join(tmpdir(), 'x.key') })).toBeInstanceOf(
      FileBlindIndexKeySource,
    );
    expect(() => blindIndexKeySourceFromEnv({})).toThrow(/BLIND_INDEX_SECRET_ARN/);
  });

  it('reads the key from the secret named by BLIND_INDEX_SECRET_ARN on first use, once', async () => {
    // Prepare
    const secrets = mockClient(SecretsManagerClient);
    const key = randomBytes(32);
    const secretId = `arn:aws:secretsmanager:cn-north-1:1:secret:${randomBytes(2).toString('hex')}`;
    secrets.on(GetSecretValueCommand).resolves({ SecretString: key.toString('base64') });
    try {
      const source = blindIndexKeySourceFromEnv({ BLIND_INDEX_SECRET_ARN: secretId });
      expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 0);

      // Act
      const first = await source.getKey();
      const second = await source.getKey();

      // Assess
      expect(Buffer.from(first)).toEqual(key);
      expect(second).toBe(first);
      expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);
      expect(secrets).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: secretId });
    } finally {
      secrets.restore();
    }
  });
});
