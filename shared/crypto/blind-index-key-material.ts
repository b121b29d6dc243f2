import { onFirstUse } from '../runtime/on-first-use.js';
import type { Runtime } from '../runtime/runtime.js';
import { CryptoConfigError } from './errors.js';
import { localKeysOf } from './local-keys.js';
import type { BlindIndexKeySource } from './types.js';

// Apart from key-material.ts so that a function with data keys but no search (the complaints
// API) does not carry the Secrets Manager client in its bundle. And where a function does
// search, the client and the sources are loaded on the first key read (a chunk of their own,
// docs/operations.md §1): a cold start pays nothing for them.

/**
 * The blind-index key source: Secrets Manager (`BLIND_INDEX_SECRET_ARN`, fetched once) in a
 * deployed function; the local cloud's key file when its runtime carries `localKeys`. The
 * variable is checked here, at cold start; the source itself is built on the first read.
 */
export function blindIndexKeySourceFor(runtime: Runtime): BlindIndexKeySource {
  const local = localKeysOf(runtime);
  if (local !== undefined) {
    const file = local.blindIndexKeyFile;
    return builtOnFirstRead(
      async () => new (await import('./blind-index-key-source.js')).FileBlindIndexKeySource(file),
    );
  }
  const secretId = runtime.env.BLIND_INDEX_SECRET_ARN?.trim();
  if (!secretId) throw new CryptoConfigError('Missing environment variable BLIND_INDEX_SECRET_ARN');
  return builtOnFirstRead(async () => {
    const [{ SecretsManagerBlindIndexKeySource }, { sharedSecretsClient }] = await Promise.all([
      import('./blind-index-key-source.js'),
      import('./secrets-manager-client.js'),
    ]);
    return new SecretsManagerBlindIndexKeySource({ secretId, client: sharedSecretsClient });
  });
}

function builtOnFirstRead(create: () => Promise<BlindIndexKeySource>): BlindIndexKeySource {
  const source = onFirstUse(create);
  return { getKey: async () => (await source()).getKey() };
}
