import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { canonicalContext } from './context.js';
import { DecryptionFailedError, KeyMaterialError } from './errors.js';
import { loadOrCreateKeyFile } from './key-file.js';
import type { EncryptionContext, GeneratedDataKey, KeyProvider } from './types.js';

const MASTER_KEY_BYTES = 32;
const DATA_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** First byte of every local data-key ciphertext, so the format can evolve. */
const FORMAT_VERSION = 1;
const CIPHERTEXT_BYTES = 1 + IV_BYTES + DATA_KEY_BYTES + TAG_BYTES;

/**
 * Local stand-in for KMS (local cloud, tests). A data key is wrapped with AES-256-GCM under the
 * master key, with the canonical encryption context as associated data: decrypting with a
 * different context fails with DecryptionFailedError, exactly as KMS does.
 *
 * Ciphertext layout: version (1 byte) | IV (12) | wrapped key (32) | GCM tag (16).
 */
export class LocalKeyProvider implements KeyProvider {
  readonly #masterKey: Uint8Array;
  #calls = 0;

  constructor(masterKey: Uint8Array) {
    if (masterKey.length !== MASTER_KEY_BYTES) {
      throw new KeyMaterialError(`The local master key must be ${MASTER_KEY_BYTES} bytes`);
    }
    this.#masterKey = Uint8Array.from(masterKey);
  }

  get callCount(): number {
    return this.#calls;
  }

  /** Creates a random AES-256 data key wrapped under the master key, bound to the context. */
  async generateDataKey(context: EncryptionContext): Promise<GeneratedDataKey> {
    this.#calls += 1;
    const plaintext = randomBytes(DATA_KEY_BYTES);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#masterKey, iv);
    cipher.setAAD(Buffer.from(canonicalContext(context), 'utf8'));
    const wrapped = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const ciphertext = Buffer.concat([Buffer.of(FORMAT_VERSION), iv, wrapped, cipher.getAuthTag()]);
    return { plaintext: new Uint8Array(plaintext), ciphertext: new Uint8Array(ciphertext) };
  }

  /** Unwraps a data key; any tamper or a different context is a DecryptionFailedError. */
  async decryptDataKey(ciphertext: Uint8Array, context: EncryptionContext): Promise<Uint8Array> {
    this.#calls += 1;
    if (ciphertext.length !== CIPHERTEXT_BYTES || ciphertext[0] !== FORMAT_VERSION) {
      throw new DecryptionFailedError('Malformed data key ciphertext');
    }
    const bytes = Buffer.from(ciphertext);
    const iv = bytes.subarray(1, 1 + IV_BYTES);
    const wrapped = bytes.subarray(1 + IV_BYTES, 1 + IV_BYTES + DATA_KEY_BYTES);
    const tag = bytes.subarray(1 + IV_BYTES + DATA_KEY_BYTES);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#masterKey, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(canonicalContext(context), 'utf8'));
      decipher.setAuthTag(tag);
      return new Uint8Array(Buffer.concat([decipher.update(wrapped), decipher.final()]));
    } catch (error) {
      throw new DecryptionFailedError('Data key ciphertext does not match the master key or context', {
        cause: error,
      });
    }
  }
}

/**
 * Loads the local master key (base64 text file), creating a random 32-byte key with mode 0600
 * (and the parent directory) when the file does not exist.
 */
export async function loadOrCreateMasterKey(path: string): Promise<Uint8Array> {
  const key = await loadOrCreateKeyFile(path, MASTER_KEY_BYTES);
  if (key.length !== MASTER_KEY_BYTES) {
    throw new KeyMaterialError(`Master key file ${path} must hold exactly ${MASTER_KEY_BYTES} bytes`);
  }
  return key;
}
