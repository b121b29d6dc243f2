import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FileBlindIndexKeySource,
  SecretsManagerBlindIndexKeySource,
} from '../../../shared/crypto/blind-index-key-source.js';
import { KeyMaterialError, KeyProviderError } from '../../../shared/crypto/errors.js';

const SECRET_ARN = 'arn:aws:secretsmanager:cn-north-1:111122223333:secret:fincrm/blind-index-AbCdEf';
const secrets = mockClient(SecretsManagerClient);

describe('SecretsManagerBlindIndexKeySource', () => {
  beforeEach(() => secrets.reset());

  it('reads the base64 key from the secret once and memoises it', async () => {
    const key = randomBytes(32);
    secrets.on(GetSecretValueCommand).resolves({ SecretString: key.toString('base64') });
    const source = new SecretsManagerBlindIndexKeySource({
      secretId: SECRET_ARN,
      client: new SecretsManagerClient({}),
    });

    const first = await source.getKey();
    const second = await source.getKey();

    expect(first).toEqual(new Uint8Array(key));
    expect(second).toBe(first);
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);
    expect(secrets).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: SECRET_ARN });
  });

  it('refuses a key shorter than 32 bytes', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: randomBytes(16).toString('base64') });
    const source = new SecretsManagerBlindIndexKeySource({
      secretId: SECRET_ARN,
      client: new SecretsManagerClient({}),
    });

    await expect(source.getKey()).rejects.toThrow(KeyMaterialError);
  });

  it('surfaces a fetch failure and retries on the next call', async () => {
    const key = randomBytes(32);
    secrets
      .on(GetSecretValueCommand)
      .rejectsOnce(new Error('network down'))
      .resolves({ SecretString: key.toString('base64') });
    const source = new SecretsManagerBlindIndexKeySource({
      secretId: SECRET_ARN,
      client: new SecretsManagerClient({}),
    });

    await expect(source.getKey()).rejects.toThrow(KeyProviderError);
    expect(await source.getKey()).toEqual(new Uint8Array(key));
  });
});

describe('FileBlindIndexKeySource', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fincrm-bidx-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a random 32-byte key file with mode 0600 and reads the same key later', async () => {
    const path = join(dir, 'keys', 'blind-index.key');

    const created = await new FileBlindIndexKeySource(path).getKey();
    const again = await new FileBlindIndexKeySource(path).getKey();

    expect(created).toHaveLength(32);
    expect(again).toEqual(created);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('refuses an existing key file holding fewer than 32 bytes', async () => {
    const path = join(dir, 'short.key');
    await writeFile(path, randomBytes(8).toString('base64'));

    await expect(new FileBlindIndexKeySource(path).getKey()).rejects.toThrow(KeyMaterialError);
  });
});
