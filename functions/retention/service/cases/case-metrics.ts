import { MetricUnit, metrics } from '../../../../shared/observability/index.js';
import type { CaseOutcome } from '../../domain/model.js';

/**
 * The retention cases' business metrics (EMF, namespace FinCrm, dimension `service` only: no
 * customer, case or branch on a metric; docs/operations.md §3). Each is counted once, after the
 * write that made it true: a retried task that finds the case already moved counts nothing.
 */

const OUTCOME_METRICS: Readonly<Record<CaseOutcome, string>> = {
  retained: 'RetentionCasesRetained',
  reactivated: 'RetentionCasesReactivated',
  lost: 'RetentionCasesLost',
};

/** A case opened for an alert. */
export function countCaseOpened(): void {
  metrics.addMetric('RetentionCasesOpened', MetricUnit.Count, 1);
}

/** A case's outreach was not done in time: the supervisor has it. */
export function countCaseEscalated(): void {
  metrics.addMetric('RetentionCasesEscalated', MetricUnit.Count, 1);
}

/** A case closed, at its window's end or early, with its outcome. */
export function countCaseClosed(outcome: CaseOutcome, early: boolean): void {
  metrics.addMetric('RetentionCasesClosed', MetricUnit.Count, 1);
  metrics.addMetric(OUTCOME_METRICS[outcome], MetricUnit.Count, 1);
  if (early) metrics.addMetric('RetentionCasesClosedEarly', MetricUnit.Count, 1);
}
