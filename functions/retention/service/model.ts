import { type CachedReadOptions, cachedRead } from '../../../shared/config/cached-read.js';
import { DEFAULT_CHURN_MODEL } from '../domain/default-model.js';
import type { ChurnModelStore, ModelReader } from './ports.js';

/**
 * The model in force (docs/domain-rules.md §20.3, §20.4): the saved one, else the shipped
 * DEFAULT_CHURN_MODEL (version 1). Cached per container (shared/config/cached-read.ts, one minute
 * by default) so a burst of events or the daily pass costs one read, not one per customer: a
 * saved model applies to each customer's next scoring that starts after the cache expires.
 * @example const model = await cachedModelReader(store, { clock }).current();
 */
export function cachedModelReader(store: ChurnModelStore, options: CachedReadOptions): ModelReader {
  const current = cachedRead(async () => (await store.current())?.model ?? DEFAULT_CHURN_MODEL, options);
  return { current };
}
