import type { Clock } from '../../../shared/time/clock.js';
import type { RecommendationsSettings } from '../domain/settings.js';
import type { RecommendationStore } from './ports.js';

/** What the API's use cases need: the store, the clock and the settings (docs/domain-rules.md §19). */
export interface RecommendationsApiDeps {
  readonly store: RecommendationStore;
  readonly clock: Clock;
  readonly settings: RecommendationsSettings;
}
