import type { EncryptionContext, GeneratedDataKey, KeyProvider } from './types.js';

/**
 * Builds the real provider on first use, so a Lambda's cold start pays for neither the KMS client
 * nor reading a key file until a record is actually encrypted or decrypted. A failed build is
 * not memoised: the next call retries.
 */
export class LazyKeyProvider implements KeyProvider {
  readonly #factory: () => KeyProvider | Promise<KeyProvider>;
  #provider: KeyProvider | undefined;
  #pending: Promise<KeyProvider> | undefined;

  constructor(factory: () => KeyProvider | Promise<KeyProvider>) {
    this.#factory = factory;
  }

  /** Calls made by the underlying provider; 0 until it is built. */
  get callCount(): number {
    return this.#provider?.callCount ?? 0;
  }

  async generateDataKey(context: EncryptionContext): Promise<GeneratedDataKey> {
    return (await this.#get()).generateDataKey(context);
  }

  async decryptDataKey(ciphertext: Uint8Array, context: EncryptionContext): Promise<Uint8Array> {
    return (await this.#get()).decryptDataKey(ciphertext, context);
  }

  #get(): Promise<KeyProvider> {
    if (this.#provider) return Promise.resolve(this.#provider);
    this.#pending ??= Promise.resolve()
      .then(() => this.#factory())
      .then(
        (provider) => {
          this.#provider = provider;
          return provider;
        },
        (error: unknown) => {
          this.#pending = undefined;
          throw error;
        },
      );
    return this.#pending;
  }
}
