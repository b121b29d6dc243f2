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
