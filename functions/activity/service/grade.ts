import { gradeCustomer } from '../domain/customer-grading.js';
import type { ActivityDeps } from './deps.js';

/** How often a grading that lost a race with another is recomputed from a fresh read. */
const MAX_ATTEMPTS = 5;

export type RegradeOutcome = 'changed' | 'unchanged' | 'unknown-customer';

/**
 * Grades a customer from what is kept now and saves the grading if anything changed, with
 * a history entry and a CustomerSegmentChanged event per changed dimension, and an
 * ActivitySummaryChanged event when the activity summary changed materially (it differs from the
 * one kept with the grading: docs/domain-rules.md §20.1). Reads after the
 * event's write (consistently), so a grading never misses the event that triggered it; two
 * gradings racing are serialised by the grading's version, the loser reading again.
 */
export async function regradeCustomer(deps: ActivityDeps, customerId: string): Promise<RegradeOutcome> {
  for (let attempt = 1; ; attempt++) {
    const now = deps.clock.now();
    const partition = await deps.grading.readCustomer(customerId, now);
    if (partition.facts === undefined) return 'unknown-customer';
    const { version: configVersion, config } = await deps.config.current();
    const grading = gradeCustomer({
      aggregate: partition.aggregate,
      facts: partition.facts,
      previous: partition.segments?.state,
      config,
      configVersion,
      now,
    });
    if (!grading.changed) return 'unchanged';
    const at = now.toISOString();
    const changes = grading.changes.map(({ dimension, from, to, at: changedAt }) => ({
      customerId,
      dimension,
      from,
      to,
      at: changedAt ?? at,
    }));
    const { summary } = grading;
    const summaryChange = grading.summaryChanged
      ? { customerId, ...summary, months: [...summary.months], at }
      : undefined;
    const saved = await deps.grading.saveGrading(
      partition.segments,
      grading.state,
      changes,
      now,
      summaryChange,
    );
    if (saved === 'saved') return 'changed';
    if (attempt >= MAX_ATTEMPTS) {
      throw new Error(`Grading lost ${MAX_ATTEMPTS} races in a row; the event will be retried`);
    }
  }
}

/**
 * The grader's work for one customer of a batch (docs/architecture.md, "Coalesced work"): one
 * grading from the latest aggregates, whatever number of requests the batch held for it. A
 * customer unknown by now (erased since the request) or whose grade is unchanged writes nothing.
 */
export function gradingWork(deps: ActivityDeps): (customerId: string) => Promise<void> {
  return async (customerId) => {
    await regradeCustomer(deps, customerId);
  };
}
