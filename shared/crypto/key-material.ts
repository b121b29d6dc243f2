import type { Env, Runtime } from '../runtime/runtime.js';
import { CachingKeyProvider, DEFAULT_DATA_KEY_CACHE_ENTRIES } from './data-key-cache.js';
import { CryptoConfigError } from './errors.js';
import { LazyKeyProvider } from './lazy-key-provider.js';
import { LocalKeyProvider, loadOrCreateMasterKey } from './local-key-provider.js';
import { localKeysOf } from './local-keys.js';
import type { KeyProvider } from './types.js';

const DEFAULT_TTL_SECONDS = 300;

/**
 * The data-key provider of a function, wrapped in the data-key cache (on the runtime's clock):
 * - in a deployed function, AWS KMS with the key in `KMS_KEY_ID`;
 * - in the local cloud, whose runtime carries `localKeys`, the local provider over its master
 *   key file (refused in a deployed function, see {@link localKeysOf}).
 * `DATA_KEY_CACHE_TTL_SECONDS` (default 300, 0 disables) and `DATA_KEY_CACHE_MAX_ENTRIES`
 * (default 1000) tune the cache. Nothing is read and no client is created until first use.
 * @example const cipher = new RecordCipher(keyProviderFor(runtime));
 */
export function keyProviderFor(runtime: Runtime): KeyProvider {
  const { env } = runtime;
  const local = localKeysOf(runtime);
  let inner: KeyProvider;
  if (local !== undefined) {
    const path = local.masterKeyFile;
    inner = new LazyKeyProvider(async () => new LocalKeyProvider(await loadOrCreateMasterKey(path)));
  } else {
    const keyId = required(env, 'KMS_KEY_ID', 'the KMS key provider');
    // The KMS SDK and provider are loaded on first use (a chunk of their own): a cold start of
    // a function that reads no encrypted field pays nothing for them.
    inner = new LazyKeyProvider(async () => {
      const [{ KmsKeyProvider }, { sharedKmsClient }] = await Promise.all([
        import('./kms-key-provider.js'),
        import('./kms-client.js'),
      ]);
      return new KmsKeyProvider({ client: sharedKmsClient(), keyId });
    });
  }
  return new CachingKeyProvider(inner, { clock: runtime.clock, ...dataKeyCacheOptions(env) });
}

/**
 * The data-key cache's tuning from `DATA_KEY_CACHE_TTL_SECONDS` (default 300, 0 disables) and
 * `DATA_KEY_CACHE_MAX_ENTRIES` (default 1000, 0 keeps none).
 * @throws CryptoConfigError for a value that is not a whole number, 0 or more.
 */
export function dataKeyCacheOptions(env: Env): { ttlMs: number; maxEntries: number } {
  return {
    ttlMs: wholeNumber(env, 'DATA_KEY_CACHE_TTL_SECONDS', DEFAULT_TTL_SECONDS) * 1000,
    maxEntries: wholeNumber(env, 'DATA_KEY_CACHE_MAX_ENTRIES', DEFAULT_DATA_KEY_CACHE_ENTRIES),
  };
}

function required(env: Env, name: string, purpose: string): string {
  const value = env[name]?.trim();
  if (!value) throw new CryptoConfigError(`Missing environment variable ${name} (required for ${purpose})`);
  return value;
}

function wholeNumber(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d{1,9}$/.test(raw)) {
    throw new CryptoConfigError(
      `Environment variable ${name} must be a whole number, 0 or more, got '${raw}'`,
    );
  }
  return Number(raw);
}
