/**
 * Envelope-encryption contracts. A record gets one data key (AES-256) from a key provider;
 * every C2 field of the record is sealed with AES-256-GCM under that key, with the field
 * name and record id as associated data. Only the encrypted data key is stored.
 */

/** Names the record a data key belongs to. Never contains personal information. */
export type EncryptionContext = Readonly<Record<string, string>>;

export interface GeneratedDataKey {
  /** 32 bytes, kept in memory only. */
  readonly plaintext: Uint8Array;
  /** The provider's ciphertext of the key, stored beside the record. */
  readonly ciphertext: Uint8Array;
}

/** AWS KMS in the cloud, a master-key file locally: the same context-binding semantics. */
export interface KeyProvider {
  /** Creates a fresh AES-256 data key bound to the context. */
  generateDataKey(context: EncryptionContext): Promise<GeneratedDataKey>;
  /** Returns the plaintext key; fails (DecryptionFailedError) when the context differs from the one used at generation. */
  decryptDataKey(ciphertext: Uint8Array, context: EncryptionContext): Promise<Uint8Array>;
  /** Calls made to the underlying service since creation (KMS calls cost money and quota). */
  readonly callCount: number;
}

/** Source of the secret key for blind indexes (keyed HMAC-SHA256). Fetched once, then held in memory. */
export interface BlindIndexKeySource {
  getKey(): Promise<Uint8Array>;
}
