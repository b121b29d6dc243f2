import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blindIndexKeySourceFor } from '../../../shared/crypto/blind-index-key-material.js';
import { FileBlindIndexKeySource } from '../../../shared/crypto/blind-index-key-source.js';
import { CachingKeyProvider } from '../../../shared/crypto/data-key-cache.js';
import { CryptoConfigError } from '../../../shared/crypto/errors.js';
import { keyProviderFor } from '../../../shared/crypto/key-material.js';
import { RecordCipher } from '../../../shared/crypto/record-cipher.js';
import type { Env, Runtime } from '../../../shared/runtime/runtime.js';
import { systemClock } from '../../../shared/time/clock.js';

/** A deployed function's runtime: its environment only. */
const deployed = (env: Env): Runtime => ({ env, clock: systemClock });
/** The local cloud's runtime: local key files in `dir`, handed over in process. */
const local = (dir: string, env: Env = {}): Runtime => ({
  env,
  clock: systemClock,
  localKeys: {
    masterKeyFile: join(dir, 'master.key'),
    blindIndexKeyFile: join(dir, 'blind-index.key'),
    auditMacKeyFile: join(dir, 'audit-mac.key'),
    surveyTokenKeyFile: join(dir, 'survey-token.key'),
    auditAnchorDir: join(dir, 'audit-anchors'),
    capturedMessagesFile: join(dir, 'captured-messages.jsonl'),
  },
});

describe('keyProviderFor', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fincrm-env-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('builds a cached local provider over the local cloud’s master key file, which survives a restart', async () => {
    const first = keyProviderFor(local(dir));
    const { ciphertext, plaintext } = await first.generateDataKey({ recordId: 'cus_01' });

    const restarted = keyProviderFor(local(dir));

    expect(first).toBeInstanceOf(CachingKeyProvider);
    expect(await restarted.decryptDataKey(ciphertext, { recordId: 'cus_01' })).toEqual(plaintext);
    expect(restarted.callCount).toBe(1);
  });

  it('applies DATA_KEY_CACHE_TTL_SECONDS=0 as no caching', async () => {
    const keys = keyProviderFor(local(dir, { DATA_KEY_CACHE_TTL_SECONDS: '0' }));
    const records = new RecordCipher(keys);
    const { encryptedDataKey } = await records.newRecordKey({ recordId: 'cus_01' });

    await records.openRecordKey(encryptedDataKey, { recordId: 'cus_01' });

    expect(keys.callCount).toBe(2);
  });

  it('names the missing variable', () => {
    expect(() => keyProviderFor(deployed({}))).toThrow(/KMS_KEY_ID/);
    expect(() => keyProviderFor(deployed({}))).toThrow(CryptoConfigError);
  });

  it('cannot be configured into local keys through the environment: the old variables select nothing', () => {
    // Attack: a deployed function whose environment names local key files, as the local cloud once did.
    const env = {
      KEY_PROVIDER: 'local',
      LOCAL_MASTER_KEY_FILE: join(dir, 'master.key'),
      KMS_KEY_ID: 'alias/k',
    };

    // Act / Assess: KMS it is, with the key the environment names.
    expect(() =>
      keyProviderFor(deployed({ KEY_PROVIDER: 'local', LOCAL_MASTER_KEY_FILE: env.LOCAL_MASTER_KEY_FILE })),
    ).toThrow(/KMS_KEY_ID/);
    const kms = mockClient(KMSClient);
    kms.on(GenerateDataKeyCommand).resolves({
      Plaintext: new Uint8Array(randomBytes(32)),
      CiphertextBlob: new Uint8Array(randomBytes(64)),
    });
    return keyProviderFor(deployed(env))
      .generateDataKey({ recordId: 'cus_01' })
      .then(() => expect(kms).toHaveReceivedCommandWith(GenerateDataKeyCommand, { KeyId: 'alias/k' }))
      .finally(() => kms.restore());
  });

  it('refuses local key files in a deployed Lambda function even when a runtime carries them', () => {
    // Attack: local key files smuggled into the runtime of a function running in Lambda.
    const inLambda = local(dir, { AWS_LAMBDA_FUNCTION_NAME: 'fincrm-prod-CustomersApi' });

    // Act / Assess
    expect(() => keyProviderFor(inLambda)).toThrow(/refused in a deployed Lambda function/);
    expect(() => blindIndexKeySourceFor(inLambda)).toThrow(/refused in a deployed Lambda function/);
  });

  it('refuses a malformed cache TTL', () => {
    expect(() =>
      keyProviderFor(deployed({ KMS_KEY_ID: 'alias/x', DATA_KEY_CACHE_TTL_SECONDS: 'soon' })),
    ).toThrow(/DATA_KEY_CACHE_TTL_SECONDS/);
  });

  it('builds a KMS provider without contacting KMS until first use, then asks for data keys under KMS_KEY_ID', async () => {
    const kms = mockClient(KMSClient);
    kms.on(GenerateDataKeyCommand).resolves({
      Plaintext: new Uint8Array(randomBytes(32)),
      CiphertextBlob: new Uint8Array(randomBytes(64)),
    });
    try {
      const keys = keyProviderFor(deployed({ KMS_KEY_ID: 'alias/fincrm-customers' }));
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

describe('blindIndexKeySourceFor', () => {
  it('uses the local cloud’s key file, else the secret ARN, else names the variable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fincrm-blind-'));
    try {
      const key = await blindIndexKeySourceFor(local(dir)).getKey();
      // The same key as the file source over the local cloud's file, which it created.
      expect(await new FileBlindIndexKeySource(join(dir, 'blind-index.key')).getKey()).toEqual(key);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(() => blindIndexKeySourceFor(deployed({ BLIND_INDEX_KEY_FILE: join(tmpdir(), 'x.key') }))).toThrow(
      /BLIND_INDEX_SECRET_ARN/,
    );
  });

  it('reads the key from the secret named by BLIND_INDEX_SECRET_ARN on first use, once', async () => {
    // Prepare
    const secrets = mockClient(SecretsManagerClient);
    const key = randomBytes(32);
    const secretId = `arn:aws:secretsmanager:cn-north-1:1:secret:${randomBytes(2).toString('hex')}`;
    secrets.on(GetSecretValueCommand).resolves({ SecretString: key.toString('base64') });
    try {
      const source = blindIndexKeySourceFor(deployed({ BLIND_INDEX_SECRET_ARN: secretId }));
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
