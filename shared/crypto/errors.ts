/**
 * Errors of the crypto layer. Each carries a stable `code` so callers (HTTP middleware, logs,
 * metrics) can branch on it without matching messages. Messages never contain key material,
 * plaintext or personal information.
 */

/** A ciphertext could not be opened: tampered, wrong key, wrong record, wrong field or wrong context. */
export class DecryptionFailedError extends Error {
  readonly code = 'DECRYPTION_FAILED' as const;

  constructor(message = 'Decryption failed', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DecryptionFailedError';
  }
}

/** The key provider (KMS, the local master key) failed for a reason other than a bad ciphertext. */
export class KeyProviderError extends Error {
  readonly code = 'KEY_PROVIDER_FAILED' as const;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeyProviderError';
  }
}

/** A blind-index key or master key is missing, malformed or too short. */
export class KeyMaterialError extends Error {
  readonly code = 'INVALID_KEY_MATERIAL' as const;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeyMaterialError';
  }
}

/** Required configuration (an environment variable) is missing or invalid. */
export class CryptoConfigError extends Error {
  readonly code = 'CRYPTO_CONFIG_INVALID' as const;

  constructor(message: string) {
    super(message);
    this.name = 'CryptoConfigError';
  }
}
