import type { CaseStore } from './case-store.js';

/**
 * Open cases whose outreach is past due and nobody reached the customer (docs/domain-rules.md
 * §20.9): the jobs function publishes it hourly as the gauge RetentionCasesUncontacted, which
 * alarms at 1. A case leaves the count when the customer is reached or the case closes.
 */
export function countUncontacted(store: Pick<CaseStore, 'countOutreachOverdue'>, now: Date): Promise<number> {
  return store.countOutreachOverdue(now);
}
