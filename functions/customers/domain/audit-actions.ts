/**
 * What the customers capability records in a customer's audit chain (never values: the
 * record names fields). `review.completed` is the periodic information review's completion.
 */
export const CUSTOMER_AUDIT_ACTIONS = [
  'customer.created',
  'customer.updated',
  'customer.revealed',
  'customer.shredded',
  'consent.changed',
  'compliance.changed',
  'erasure.requested',
  'review.completed',
] as const;
export type CustomerAuditAction = (typeof CUSTOMER_AUDIT_ACTIONS)[number];
