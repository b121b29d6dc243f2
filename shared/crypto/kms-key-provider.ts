import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { DecryptionFailedError, KeyProviderError } from './errors.js';
import type { EncryptionContext, GeneratedDataKey, KeyProvider } from './types.js';

export interface KmsKeyProviderOptions {
  readonly client: KMSClient;
  /** Key id, ARN or alias of the customer-managed key. */
  readonly keyId: string;
}

const DATA_KEY_BYTES = 32;

/**
 * AWS KMS key provider: data keys from GenerateDataKey (AES_256) bound to the encryption
 * context; Decrypt passes the same context and pins the KeyId so a ciphertext from another
 * key is refused by KMS rather than silently decrypted.
 */
export class KmsKeyProvider implements KeyProvider {
  readonly #client: KMSClient;
  readonly #keyId: string;
  #calls = 0;

  constructor(options: KmsKeyProviderOptions) {
    this.#client = options.client;
    this.#keyId = options.keyId;
  }

  get callCount(): number {
    return this.#calls;
  }

  /** Creates a fresh AES-256 data key with KMS, bound to the context. */
  async generateDataKey(context: EncryptionContext): Promise<GeneratedDataKey> {
    this.#calls += 1;
    let plaintext: Uint8Array | undefined;
    let ciphertext: Uint8Array | undefined;
    try {
      const output = await this.#client.send(
        new GenerateDataKeyCommand({
          KeyId: this.#keyId,
          KeySpec: 'AES_256',
          EncryptionContext: { ...context },
        }),
      );
      plaintext = output.Plaintext;
      ciphertext = output.CiphertextBlob;
    } catch (error) {
      throw new KeyProviderError('KMS GenerateDataKey failed', { cause: error });
    }
    if (!plaintext || plaintext.length !== DATA_KEY_BYTES || !ciphertext || ciphertext.length === 0) {
      throw new KeyProviderError('KMS GenerateDataKey returned no usable data key');
    }
    return { plaintext, ciphertext };
  }

  /** Decrypts a data key with KMS; a wrong context or foreign ciphertext is a DecryptionFailedError. */
  async decryptDataKey(ciphertext: Uint8Array, context: EncryptionContext): Promise<Uint8Array> {
    this.#calls += 1;
    let plaintext: Uint8Array | undefined;
    try {
      const output = await this.#client.send(
        new DecryptCommand({
          KeyId: this.#keyId,
          CiphertextBlob: ciphertext,
          EncryptionContext: { ...context },
        }),
      );
      plaintext = output.Plaintext;
    } catch (error) {
      if (isInvalidCiphertext(error)) {
        throw new DecryptionFailedError('KMS refused the data key ciphertext', { cause: error });
      }
      throw new KeyProviderError('KMS Decrypt failed', { cause: error });
    }
    if (!plaintext || plaintext.length !== DATA_KEY_BYTES) {
      throw new KeyProviderError('KMS Decrypt returned no usable data key');
    }
    return plaintext;
  }
}

/**
 * KMS answers a wrong context, a corrupted blob and (with KeyId pinned) a ciphertext of another
 * key with InvalidCiphertextException or IncorrectKeyException: the data is bad, not the service.
 */
function isInvalidCiphertext(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'InvalidCiphertextException' || error.name === 'IncorrectKeyException';
}
