import type { Clock } from '../../../shared/time/clock.js';
import type { RecommendationsSettings } from '../domain/settings.js';
import type { MirrorStore } from '../store/mirror-store.js';
import type { RecommendationStore } from './ports.js';

/**
 * What the recommendations functions are built from; made once per process by `setup.ts`
 * (fakes in unit tests). The API reads and writes through `store`; the consumer keeps the
 * mirrors through `mirror`.
 */
export interface RecommendationsDeps {
  readonly store: RecommendationStore;
  readonly mirror: MirrorStore;
  readonly clock: Clock;
  /** The suitability, ranking and list settings (docs/domain-rules.md §19), read at cold start. */
  readonly settings: RecommendationsSettings;
}

/** What the API's use cases need: the store, the clock and the settings. */
export type RecommendationsApiDeps = Pick<RecommendationsDeps, 'store' | 'clock' | 'settings'>;
