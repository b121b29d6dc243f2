import type { ScoringDeps } from './deps.js';
import { rescoreIfOwed } from './rescore.js';

/**
 * The churn rescoring's coalesced work (docs/domain-rules.md §20.4): its id (the capability
 * definition's `coalescedWork` entry, the `work` dimension of CoalescedWorkLate) and the
 * variable holding its FIFO queue's URL on the sender, the RetentionConsumer. Named once here
 * for the definition and both handlers.
 */
export const CHURN_RESCORING = {
  id: 'ChurnRescoring',
  envVar: 'CHURN_RESCORING_QUEUE_URL',
} as const;

/**
 * The ChurnRescoring work of one customer, as the coalesced-work handler runs it once per
 * customer of a batch: the rescore if owed (service/rescore.ts `rescoreIfOwed`). Throwing (the
 * records kept changing, the table or the case service unavailable) fails that customer's
 * requests only; the queue gives them out again.
 */
export function churnRescoringWork(deps: ScoringDeps): (customerId: string) => Promise<void> {
  return async (customerId) => {
    await rescoreIfOwed(deps, customerId);
  };
}
