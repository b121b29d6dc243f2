/**
 * What the customers capability records in a customer's audit chain (never values: the
 * record names fields). `review.completed` is the periodic information review's completion;
 * `customer.reveal-failed` an unmasked read that could not be decrypted (nothing was shown);
 * `audit.read` a read of the trail itself; `agent-grant.created` a service agent's search
 * grant (docs/domain-rules.md §12);
 * `contact-preferences.changed` the preferred channel and time zone set (or cleared);
 * `registration.referred` the back-office check opened when someone outside the customer's
 * scope tried to register their identity document again (docs/domain-rules.md §4.7).
 * `complaint-access.*`: what a complaint about the customer opened to staff, from the
 * complaints capability's events: `opened` (the complaints unit may read the customer while it
 * is open), `assigned` (its assignee holds a read grant; a previous assignee's ends),
 * `closed` (every grant it gave ends). The purpose names the complaint and the staff ids.
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
  'contact-preferences.changed',
  'compliance.changed',
  'erasure.requested',
  'review.completed',
  'registration.referred',
  'complaint-access.opened',
  'complaint-access.assigned',
  'complaint-access.closed',
] as const;
export type CustomerAuditAction = (typeof CUSTOMER_AUDIT_ACTIONS)[number];

/**
 * What a searcher's own audit chain records (subject `searcher#<sub>`, docs/domain-rules.md
 * §4.6): every search answered, every search refused while locked out, and the refusal that
 * started a lockout. Never the value searched for.
 */
export const SEARCH_AUDIT_ACTIONS = ['search.answered', 'search.refused', 'search.locked-out'] as const;
export type SearchAuditAction = (typeof SEARCH_AUDIT_ACTIONS)[number];
