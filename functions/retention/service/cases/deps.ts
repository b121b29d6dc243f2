import type { CalendarMirrorStore } from '../../../../shared/time/calendar-mirror.js';
import type { Clock } from '../../../../shared/time/clock.js';
import type { TaskTokenGateway } from '../../../../shared/workflows/task-gateway.js';
import type {
  CaseOutcome,
  CauseGroup,
  ChurnScore,
  RetentionStrategy,
  RiskLevel,
} from '../../domain/model.js';
import type { RetentionSettings } from '../../domain/settings.js';
import type { Rescorer } from '../ports.js';
import type { CaseStore } from './case-store.js';

/** What decides an outcome (docs/domain-rules.md §20.6), as domain/outcome.ts computes it. */
export interface OutcomeInput {
  /** Inactive or dormant at the alert. */
  readonly wasInactive: boolean;
  /** The alert's CST day (yyyy-mm-dd). */
  readonly alertDay: string;
  readonly relationship: 'active' | 'closed';
  /** The level of the score taken at the window's end. */
  readonly level: RiskLevel;
  /** The customer's last successful transaction's CST day, if any. */
  readonly lastTransactionDay: string | null;
}

/**
 * The scoring rules a case applies (domain/strategy.ts and domain/outcome.ts, docs/domain-rules.md
 * §20.5–20.6), passed in so the case service is tested on its own transitions.
 */
export interface CaseRules {
  strategyOf(score: ChurnScore): { readonly strategy: RetentionStrategy; readonly causeGroup?: CauseGroup };
  outcomeOf(input: OutcomeInput): CaseOutcome;
  /** Whether the alert proved right (the alert precision's numerator, §20.9). */
  alertConfirmed(outcome: CaseOutcome, cause: string): boolean;
}

/** What the case service needs: ids, codes and instants only, no data keys. */
export interface CaseDeps {
  readonly store: CaseStore;
  readonly workflows: TaskTokenGateway;
  readonly rescorer: Rescorer;
  readonly rules: CaseRules;
  readonly calendarMirror: CalendarMirrorStore;
  readonly settings: Pick<RetentionSettings, 'windowDays' | 'outreachWorkingDays' | 'causes'>;
  readonly clock: Clock;
}
