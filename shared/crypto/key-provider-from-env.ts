import { KMSClient } from '@aws-sdk/client-kms';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { FileBlindIndexKeySource, SecretsManagerBlindIndexKeySource } from './blind-index-key-source.js';
import { CachingKeyProvider, DEFAULT_DATA_KEY_CACHE_ENTRIES } from './data-key-cache.js';
import { CryptoConfigError } from './errors.js';
import { KmsKeyProvider } from './kms-key-provider.js';
import { LazyKeyProvider } from './lazy-key-provider.js';
import { LocalKeyProvider, loadOrCreateMasterKey } from './local-key-provider.js';
import type { BlindIndexKeySource, KeyProvider } from './types.js';

type Env = Readonly<Record<string, string | undefined>>;

const DEFAULT_TTL_SECONDS = 300;

// One client per process (per Lambda container), created only when first needed.
let kmsClient: KMSClient | undefined;
let secretsClient: SecretsManagerClient | undefined;

function sharedKmsClient(): KMSClient {
  kmsClient ??= new KMSClient({});
  return kmsClient;
}

function sharedSecretsClient(): SecretsManagerClient {
  secretsClient ??= new SecretsManagerClient({});
  return secretsClient;
}

/**
 * The key provider the environment asks for, wrapped in the data-key cache:
 * - `KEY_PROVIDER=local` + `LOCAL_MASTER_KEY_FILE`: LocalKeyProvider (local cloud, tests);
 * - `KEY_PROVIDER` unset or `kms` + `KMS_KEY_ID`: KmsKeyProvider.
 * `DATA_KEY_CACHE_TTL_SECONDS` (default 300, 0 disables) and `DATA_KEY_CACHE_MAX_ENTRIES`
 * (default 1000) tune the cache. The master key file or KMS client is only touched on first use.
 */
export function keyProviderFromEnv(env: Env = process.env): KeyProvider {
  const mode = (env.KEY_PROVIDER ?? '').trim() || 'kms';
  let inner: KeyProvider;
  if (mode === 'local') {
    const path = required(env, 'LOCAL_MASTER_KEY_FILE', 'KEY_PROVIDER=local');
    inner = new LazyKeyProvider(async () => new LocalKeyProvider(await loadOrCreateMasterKey(path)));
  } else if (mode === 'kms') {
    const keyId = required(env, 'KMS_KEY_ID', 'the KMS key provider');
    inner = new LazyKeyProvider(() => new KmsKeyProvider({ client: sharedKmsClient(), keyId }));
  } else {
    throw new CryptoConfigError(`KEY_PROVIDER must be 'kms' or 'local', not '${mode}'`);
  }
  return new CachingKeyProvider(inner, {
    ttlMs: nonNegativeNumber(env, 'DATA_KEY_CACHE_TTL_SECONDS', DEFAULT_TTL_SECONDS) * 1000,
    maxEntries: Math.floor(
      nonNegativeNumber(env, 'DATA_KEY_CACHE_MAX_ENTRIES', DEFAULT_DATA_KEY_CACHE_ENTRIES),
    ),
  });
}

/**
 * The blind-index key source: `BLIND_INDEX_KEY_FILE` (local, created if missing) or else
 * `BLIND_INDEX_SECRET_ARN` (Secrets Manager, fetched once).
 */
export function blindIndexKeySourceFromEnv(env: Env = process.env): BlindIndexKeySource {
  const file = env.BLIND_INDEX_KEY_FILE?.trim();
  if (file) return new FileBlindIndexKeySource(file);
  const secretId = env.BLIND_INDEX_SECRET_ARN?.trim();
  if (secretId) {
    // Passing the getter defers client creation to the first getKey() call.
    return new SecretsManagerBlindIndexKeySource({ secretId, client: sharedSecretsClient });
  }
  throw new CryptoConfigError(
    'Missing environment variable BLIND_INDEX_SECRET_ARN (or BLIND_INDEX_KEY_FILE for a local key)',
  );
}

function required(env: Env, name: string, purpose: string): string {
  const value = env[name]?.trim();
  if (!value) throw new CryptoConfigError(`Missing environment variable ${name} (required for ${purpose})`);
  return value;
}

function nonNegativeNumber(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new CryptoConfigError(`Environment variable ${name} must be a non-negative number, got '${raw}'`);
  }
  return value;
}
