import type { Clock } from '../time/clock.js';

/** Default lifetime of a cached configuration read: a saved change reaches every reader within it. */
export const CONFIG_CACHE_TTL_MS = 60_000;

export interface CachedReadOptions {
  /** How long one read is reused (default {@link CONFIG_CACHE_TTL_MS}; 0 reads on every call). */
  readonly ttlMs?: number;
  /** The function's clock, which ages the cached read. */
  readonly clock: Clock;
}

/**
 * A versioned configuration as the functions that apply it read it (the segmentation
 * configuration, the churn model): `load`'s answer reused per Lambda container for `ttlMs`, so a
 * burst of events costs one read, not one per event. A saved change therefore applies to the next
 * use that starts after the cache expires: within `ttlMs` in every container. Concurrent callers
 * share one read; a failed read is not cached (the caller's event is retried). Build it once per
 * container, next to the store.
 * @example const current = cachedRead(() => store.current(), { clock }); const config = await current();
 */
export function cachedRead<T>(load: () => Promise<T>, options: CachedReadOptions): () => Promise<T> {
  const ttlMs = options.ttlMs ?? CONFIG_CACHE_TTL_MS;
  if (!Number.isFinite(ttlMs) || ttlMs < 0) throw new RangeError('ttlMs must be a non-negative number');
  const { clock } = options;
  let cached: { readonly value: T; readonly readAtMs: number } | undefined;
  let inFlight: Promise<T> | undefined;

  const read = async (): Promise<T> => {
    const readAtMs = clock.now().getTime();
    const value = await load();
    cached = { value, readAtMs };
    return value;
  };

  return () => {
    if (cached !== undefined) {
      const age = clock.now().getTime() - cached.readAtMs;
      // A clock that went backwards counts as expired rather than as fresh forever.
      if (age >= 0 && age < ttlMs) return Promise.resolve(cached.value);
    }
    inFlight ??= read().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
}
