export { type BlindIndexKind, blindIndex, MIN_BLIND_INDEX_KEY_BYTES } from './blind-index.js';
export { blindIndexKeySourceFor } from './blind-index-key-material.js';
// The key sources and the KMS provider are not re-exported: importing them from here would put
// their AWS SDK clients on every cold start of the functions that use this index (they are
// loaded on first use, docs/operations.md §1). Import them from their own modules.
export type { SecretsManagerBlindIndexKeySourceOptions } from './blind-index-key-source.js';
export { canonicalContext } from './context.js';
export {
  CachingKeyProvider,
  type DataKeyCacheOptions,
  DEFAULT_DATA_KEY_CACHE_ENTRIES,
  DEFAULT_DATA_KEY_TTL_MS,
} from './data-key-cache.js';
export { CryptoConfigError, DecryptionFailedError, KeyMaterialError, KeyProviderError } from './errors.js';
export { keyProviderFor } from './key-material.js';
export type { KmsKeyProviderOptions } from './kms-key-provider.js';
export { LazyKeyProvider } from './lazy-key-provider.js';
export { LocalKeyProvider, loadOrCreateMasterKey } from './local-key-provider.js';
export { complaintKeyContext, customerKeyContext, FieldSealer, RecordCipher } from './record-cipher.js';
export type { BlindIndexKeySource, EncryptionContext, GeneratedDataKey, KeyProvider } from './types.js';
