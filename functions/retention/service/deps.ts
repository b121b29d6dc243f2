import type { Clock } from '../../../shared/time/clock.js';
import type { RetentionSettings } from '../domain/settings.js';
import type { ScoringStore } from '../store/scoring-store.js';
import type { CaseEventConsumer, CaseOpener, ChurnModelStore, ModelReader } from './ports.js';

/**
 * What the scoring side of the retention capability (the rescorer, the daily pass, the close
 * task's rescore) is built from; made once per process by `setup.ts` (fakes in unit tests).
 */
export interface ScoringDeps {
  /** Features, risk, history and level counts (docs/domain-rules.md §20.1, §20.4). */
  readonly scoring: ScoringStore;
  /** The model in force, cached (service/model.ts). */
  readonly models: ModelReader;
  /** Opens a case on an alert (the case service; idempotent, never twice). */
  readonly caseOpener: CaseOpener;
  readonly clock: Clock;
  readonly settings: Pick<RetentionSettings, 'historyLimit'>;
}

/** Everything the retention functions built by `setup.ts` share. */
export interface RetentionDeps extends ScoringDeps {
  /** The churn model's versioned, audited store (the API's GET and PUT). */
  readonly modelStore: ChurnModelStore;
  /** Case events other capabilities send back (offers, calendar years): the case service's. */
  readonly caseEvents: CaseEventConsumer;
  /** Open cases whose outreach is past due at `now` (the uncontacted gauge). */
  readonly countUncontacted: (now: Date) => Promise<number>;
  readonly settings: RetentionSettings;
}
