export { type BlindIndexKind, blindIndex, MIN_BLIND_INDEX_KEY_BYTES } from './blind-index.js';
export { blindIndexKeySourceFor } from './blind-index-key-material.js';
export {
  FileBlindIndexKeySource,
  SecretsManagerBlindIndexKeySource,
  type SecretsManagerBlindIndexKeySourceOptions,
} from './blind-index-key-source.js';
export { canonicalContext } from './context.js';
export {
  CachingKeyProvider,
  type DataKeyCacheOptions,
  DEFAULT_DATA_KEY_CACHE_ENTRIES,
  DEFAULT_DATA_KEY_TTL_MS,
} from './data-key-cache.js';
export { CryptoConfigError, DecryptionFailedError, KeyMaterialError, KeyProviderError } from './errors.js';
export { keyProviderFor } from './key-material.js';
export { KmsKeyProvider, type KmsKeyProviderOptions } from './kms-key-provider.js';
export { LazyKeyProvider } from './lazy-key-provider.js';
export { LocalKeyProvider, loadOrCreateMasterKey } from './local-key-provider.js';
export { complaintKeyContext, customerKeyContext, FieldSealer, RecordCipher } from './record-cipher.js';
export type { BlindIndexKeySource, EncryptionContext, GeneratedDataKey, KeyProvider } from './types.js';
