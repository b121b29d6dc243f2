import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Runtime } from '../runtime/runtime.js';
import { FileBlindIndexKeySource, SecretsManagerBlindIndexKeySource } from './blind-index-key-source.js';
import { CryptoConfigError } from './errors.js';
import { localKeysOf } from './local-keys.js';
import type { BlindIndexKeySource } from './types.js';

// Apart from key-material.ts so that a function with data keys but no search (the complaints
// API) does not carry the Secrets Manager client in its bundle.

// One client per process (per Lambda container), created only when first needed.
let secretsClient: SecretsManagerClient | undefined;

function sharedSecretsClient(): SecretsManagerClient {
  secretsClient ??= new SecretsManagerClient({});
  return secretsClient;
}

/**
 * The blind-index key source: Secrets Manager (`BLIND_INDEX_SECRET_ARN`, fetched once) in a
 * deployed function; the local cloud's key file when its runtime carries `localKeys`.
 */
export function blindIndexKeySourceFor(runtime: Runtime): BlindIndexKeySource {
  const local = localKeysOf(runtime);
  if (local !== undefined) return new FileBlindIndexKeySource(local.blindIndexKeyFile);
  const secretId = runtime.env.BLIND_INDEX_SECRET_ARN?.trim();
  if (secretId) {
    // Passing the getter defers client creation to the first getKey() call.
    return new SecretsManagerBlindIndexKeySource({ secretId, client: sharedSecretsClient });
  }
  throw new CryptoConfigError('Missing environment variable BLIND_INDEX_SECRET_ARN');
}
