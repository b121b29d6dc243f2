import {
  DecryptCommand,
  GenerateDataKeyCommand,
  InvalidCiphertextException,
  KMSClient,
  KMSServiceException,
} from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DecryptionFailedError, KeyProviderError } from '../../../shared/crypto/errors.js';
import { KmsKeyProvider } from '../../../shared/crypto/kms-key-provider.js';

const KEY_ID = 'arn:aws:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const context = { recordType: 'customer', recordId: 'cus_01HZX' };
const kms = mockClient(KMSClient);

function provider(): KmsKeyProvider {
  return new KmsKeyProvider({ client: new KMSClient({ region: 'cn-north-1' }), keyId: KEY_ID });
}

describe('KmsKeyProvider', () => {
  beforeEach(() => kms.reset());

  it('generates an AES-256 data key bound to the encryption context', async () => {
    const plaintext = new Uint8Array(32).fill(7);
    const ciphertext = new Uint8Array([1, 2, 3]);
    kms
      .on(GenerateDataKeyCommand)
      .resolves({ Plaintext: plaintext, CiphertextBlob: ciphertext, KeyId: KEY_ID });
    const keys = provider();

    const key = await keys.generateDataKey(context);

    expect(key.plaintext).toEqual(plaintext);
    expect(key.ciphertext).toEqual(ciphertext);
    expect(kms).toHaveReceivedCommandWith(GenerateDataKeyCommand, {
      KeyId: KEY_ID,
      KeySpec: 'AES_256',
      EncryptionContext: context,
    });
    expect(keys.callCount).toBe(1);
  });

  it('decrypts with the same encryption context and pins the KeyId', async () => {
    const plaintext = new Uint8Array(32).fill(9);
    kms.on(DecryptCommand).resolves({ Plaintext: plaintext, KeyId: KEY_ID });
    const keys = provider();
    const ciphertext = new Uint8Array([4, 5, 6]);

    const key = await keys.decryptDataKey(ciphertext, context);

    expect(key).toEqual(plaintext);
    expect(kms).toHaveReceivedCommandWith(DecryptCommand, {
      KeyId: KEY_ID,
      CiphertextBlob: ciphertext,
      EncryptionContext: context,
    });
    expect(keys.callCount).toBe(1);
  });

  it('maps InvalidCiphertextException (e.g. a wrong context) to DecryptionFailedError', async () => {
    kms
      .on(DecryptCommand)
      .rejects(
        new InvalidCiphertextException({ message: 'context mismatch', $metadata: { httpStatusCode: 400 } }),
      );

    const attempt = provider().decryptDataKey(new Uint8Array([1]), context);

    await expect(attempt).rejects.toBeInstanceOf(DecryptionFailedError);
    await expect(attempt).rejects.toMatchObject({ code: 'DECRYPTION_FAILED' });
  });

  it('surfaces other Decrypt failures as KeyProviderError with the cause kept', async () => {
    const throttled = new KMSServiceException({
      name: 'ThrottlingException',
      $fault: 'client',
      message: 'Rate exceeded',
      $metadata: { httpStatusCode: 400 },
    });
    kms.on(DecryptCommand).rejects(throttled);
    const keys = provider();

    const error = await keys.decryptDataKey(new Uint8Array([1]), context).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(KeyProviderError);
    expect(error).toMatchObject({ code: 'KEY_PROVIDER_FAILED', cause: throttled });
    expect(keys.callCount).toBe(1);
  });

  it('surfaces GenerateDataKey failures as KeyProviderError', async () => {
    const disabled = new KMSServiceException({
      name: 'DisabledException',
      $fault: 'client',
      message: 'key is disabled',
      $metadata: {},
    });
    kms.on(GenerateDataKeyCommand).rejects(disabled);

    const error = await provider()
      .generateDataKey(context)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(KeyProviderError);
    expect(error).toMatchObject({ cause: disabled });
  });

  it('refuses a response without a 32-byte key instead of using it', async () => {
    kms
      .on(GenerateDataKeyCommand)
      .resolves({ Plaintext: new Uint8Array(16), CiphertextBlob: new Uint8Array([1]) });

    await expect(provider().generateDataKey(context)).rejects.toBeInstanceOf(KeyProviderError);
  });
});
