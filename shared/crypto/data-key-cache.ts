import { type Clock, systemClock } from '../time/clock.js';
import { canonicalContext } from './context.js';
import type { EncryptionContext, GeneratedDataKey, KeyProvider } from './types.js';

export interface DataKeyCacheOptions {
  /** How long a decrypted data key stays in memory. Default 5 minutes. */
  readonly ttlMs?: number;
  /** Upper bound on cached keys; the oldest is evicted first. Default 1000. */
  readonly maxEntries?: number;
  /** Time source (the function's injected clock); defaults to the system clock. */
  readonly clock?: Clock;
}

export const DEFAULT_DATA_KEY_TTL_MS = 5 * 60 * 1000;
export const DEFAULT_DATA_KEY_CACHE_ENTRIES = 1000;

interface Entry {
  readonly key: Uint8Array;
  readonly expiresAt: number;
}

/**
 * Keeps decrypted data keys in memory for a short time so that repeated reads of one record
 * (and a create followed by a read) do not each cost a KMS call. Entries are keyed by the
 * ciphertext and the canonical context, so a different context never hits a cached key and
 * still goes to the provider (which refuses it). TTL counts from insertion, not last use, so
 * a key never stays in memory longer than the configured time.
 */
export class CachingKeyProvider implements KeyProvider {
  readonly #inner: KeyProvider;
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #clock: Clock;
  readonly #entries = new Map<string, Entry>();
  /** Concurrent opens of the same key share one provider call. */
  readonly #inFlight = new Map<string, Promise<Uint8Array>>();

  constructor(inner: KeyProvider, options: DataKeyCacheOptions = {}) {
    const ttlMs = options.ttlMs ?? DEFAULT_DATA_KEY_TTL_MS;
    const maxEntries = options.maxEntries ?? DEFAULT_DATA_KEY_CACHE_ENTRIES;
    if (!Number.isFinite(ttlMs) || ttlMs < 0) throw new RangeError('ttlMs must be a non-negative number');
    if (!Number.isInteger(maxEntries) || maxEntries < 0) {
      throw new RangeError('maxEntries must be a non-negative integer');
    }
    this.#inner = inner;
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
    this.#clock = options.clock ?? systemClock;
  }

  /** Calls made by the wrapped provider: cache hits cost nothing. */
  get callCount(): number {
    return this.#inner.callCount;
  }

  /** Number of keys currently held (expired ones included until touched). */
  get size(): number {
    return this.#entries.size;
  }

  /** Generates through the wrapped provider and caches the new key for the following reads. */
  async generateDataKey(context: EncryptionContext): Promise<GeneratedDataKey> {
    const generated = await this.#inner.generateDataKey(context);
    this.#put(cacheKey(generated.ciphertext, context), generated.plaintext);
    return generated;
  }

  /** Returns a cached key when fresh, otherwise asks the wrapped provider and caches the answer. */
  async decryptDataKey(ciphertext: Uint8Array, context: EncryptionContext): Promise<Uint8Array> {
    const key = cacheKey(ciphertext, context);
    const cached = this.#get(key);
    if (cached) return cached;
    const pending = this.#inFlight.get(key);
    if (pending) return Uint8Array.from(await pending);
    const request = this.#inner.decryptDataKey(ciphertext, context);
    this.#inFlight.set(key, request);
    try {
      const plaintext = await request;
      this.#put(key, plaintext);
      return Uint8Array.from(plaintext);
    } finally {
      this.#inFlight.delete(key);
    }
  }

  /** Drops every cached key (e.g. after a data key is destroyed for crypto-shredding). */
  clear(): void {
    this.#entries.clear();
  }

  #get(key: string): Uint8Array | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (this.#clock.now().getTime() >= entry.expiresAt) {
      this.#entries.delete(key);
      return undefined;
    }
    // A copy, so a caller that wipes its key does not wipe the cache.
    return Uint8Array.from(entry.key);
  }

  #put(key: string, plaintext: Uint8Array): void {
    if (this.#maxEntries === 0 || this.#ttlMs === 0) return;
    this.#entries.delete(key);
    while (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, {
      key: Uint8Array.from(plaintext),
      expiresAt: this.#clock.now().getTime() + this.#ttlMs,
    });
  }
}

function cacheKey(ciphertext: Uint8Array, context: EncryptionContext): string {
  return `${Buffer.from(ciphertext).toString('base64')}\u0000${canonicalContext(context)}`;
}
