import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { assertBlindIndexKey, MIN_BLIND_INDEX_KEY_BYTES } from './blind-index.js';
import { KeyMaterialError, KeyProviderError } from './errors.js';
import { loadOrCreateKeyFile } from './key-file.js';
import type { BlindIndexKeySource } from './types.js';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export interface SecretsManagerBlindIndexKeySourceOptions {
  /** ARN or name of the secret whose SecretString is the key in base64. */
  readonly secretId: string;
  /**
   * A client, or a function returning one (called on first fetch, so a shared per-process
   * client is only created when needed). Defaults to a client for the Lambda's region.
   */
  readonly client?: SecretsManagerClient | (() => SecretsManagerClient);
}

/**
 * Blind-index key from AWS Secrets Manager. Fetched once per process and held in memory; a
 * failed fetch is not memoised, so the next request retries.
 */
export class SecretsManagerBlindIndexKeySource implements BlindIndexKeySource {
  readonly #secretId: string;
  readonly #client: () => SecretsManagerClient;
  #key: Promise<Uint8Array> | undefined;

  constructor(options: SecretsManagerBlindIndexKeySourceOptions) {
    this.#secretId = options.secretId;
    const client = options.client;
    if (typeof client === 'function') this.#client = client;
    else {
      let created = client;
      this.#client = () => {
        created ??= new SecretsManagerClient({});
        return created;
      };
    }
  }

  /** The key (at least 32 bytes); throws KeyProviderError or KeyMaterialError. */
  getKey(): Promise<Uint8Array> {
    if (!this.#key) {
      this.#key = this.#fetch().catch((error: unknown) => {
        this.#key = undefined;
        throw error;
      });
    }
    return this.#key;
  }

  async #fetch(): Promise<Uint8Array> {
    const client = this.#client();
    let secret: string | undefined;
    try {
      const output = await client.send(new GetSecretValueCommand({ SecretId: this.#secretId }));
      secret = output.SecretString;
    } catch (error) {
      throw new KeyProviderError('Secrets Manager GetSecretValue failed for the blind-index key', {
        cause: error,
      });
    }
    const trimmed = secret?.trim() ?? '';
    if (!BASE64.test(trimmed)) {
      throw new KeyMaterialError('The blind-index secret must hold the key as base64 text');
    }
    const key = new Uint8Array(Buffer.from(trimmed, 'base64'));
    assertBlindIndexKey(key);
    return key;
  }
}

/**
 * Blind-index key from a local file (base64 text), created with 32 random bytes and mode 0600
 * when missing. For the local cloud and tests.
 */
export class FileBlindIndexKeySource implements BlindIndexKeySource {
  readonly #path: string;
  #key: Promise<Uint8Array> | undefined;

  constructor(path: string) {
    this.#path = path;
  }

  /** The key (at least 32 bytes), read or created once. */
  getKey(): Promise<Uint8Array> {
    if (!this.#key) {
      this.#key = this.#load().catch((error: unknown) => {
        this.#key = undefined;
        throw error;
      });
    }
    return this.#key;
  }

  async #load(): Promise<Uint8Array> {
    const key = await loadOrCreateKeyFile(this.#path, MIN_BLIND_INDEX_KEY_BYTES);
    assertBlindIndexKey(key);
    return key;
  }
}
