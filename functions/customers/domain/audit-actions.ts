/**
 * What the customers capability records in a customer's audit chain (never values: the
 * record names fields). `review.completed` is the periodic information review's completion;
 * `customer.reveal-failed` an unmasked read that could not be decrypted (nothing was shown);
 * `audit.read` a read of the trail itself; `agent-grant.created` a service agent's search
 * grant (docs/domain-rules.md §12).
 */
export const CUSTOMER_AUDIT_ACTIONS = [
  'customer.created',
  'customer.updated',
  'customer.revealed',
  'customer.reveal-failed',
  'audit.read',
  'agent-grant.created',
  'customer.shredded',
  'consent.changed',
  'compliance.changed',
  'erasure.requested',
  'review.completed',
] as const;
export type CustomerAuditAction = (typeof CUSTOMER_AUDIT_ACTIONS)[number];
