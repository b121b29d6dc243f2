import type { Clock } from '../../../shared/time/clock.js';
import type { ChurnModel } from '../domain/model.js';
import type { RetentionSettings } from '../domain/settings.js';
import type { CaseActions, ChurnModelStore, RetentionReader } from './ports.js';

/**
 * What the retention API's use cases are built from (docs/domain-rules.md §20.7): the read-only
 * reader of the items the consumer and the case service write, the model's audited store, the
 * case service's actions, the clock and the settings. Fakes in unit tests.
 */
export interface RetentionApiDeps {
  readonly reader: RetentionReader;
  readonly models: ChurnModelStore;
  readonly cases: CaseActions;
  /** The model in force while no admin saved one (DEFAULT_CHURN_MODEL). */
  readonly defaultModel: ChurnModel;
  readonly clock: Clock;
  readonly settings: RetentionSettings;
}
