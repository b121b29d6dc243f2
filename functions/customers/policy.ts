import { definePolicy } from '../../shared/auth/policy.js';

/**
 * Who may do what to customer records (docs/domain-rules.md §4). Deny by default: a role not
 * listed for an action may not perform it. An RM reaches their own book (in their own branch), a supervisor their
 * branch, a compliance officer every record; a service agent reaches a record it was granted
 * (a search hit within the grant window, docs/domain-rules.md §4.4, or a complaint about the
 * customer assigned to it and still open); the complaints unit (`complaints-manager`) reads a
 * customer with an open complaint.
 */
export const customersPolicy = definePolicy({
  // Creation checks the new record's branch and RM the same way; the RM must also be one of the
  // branch's in the RM directory (service/assignment.ts, docs/domain-rules.md §4.2).
  'customer:create': { roles: { 'relationship-manager': 'own-book', supervisor: 'own-branch' } },
  'customer:read': {
    roles: {
      'relationship-manager': 'own-book',
      supervisor: 'own-branch',
      'compliance-officer': 'all',
      'service-agent': 'agent-access',
      // The head-office complaints unit reads a customer while a complaint about them is open
      // (masked as for a supervisor); the grant is the open complaint (service/access.ts).
      'complaints-manager': 'agent-access',
    },
  },
  'customer:reveal': { roles: { 'compliance-officer': 'all' } },
  'customer:update': { roles: { 'relationship-manager': 'own-book', supervisor: 'own-branch' } },
  'customer:list': {
    collection: true,
    roles: { 'relationship-manager': 'own-book', supervisor: 'own-branch', 'compliance-officer': 'all' },
  },
  'customer:search': {
    filterBy: 'customer:read',
    roles: {
      'relationship-manager': 'open',
      'service-agent': 'open',
      supervisor: 'open',
      'compliance-officer': 'open',
    },
  },
  'customer:audit:read': { roles: { 'compliance-officer': 'all', supervisor: 'own-branch' } },
  'customer:consent:write': {
    roles: { 'relationship-manager': 'own-book', supervisor: 'own-branch', 'service-agent': 'agent-access' },
  },
  'customer:erasure:request': {
    roles: {
      'relationship-manager': 'own-book',
      supervisor: 'own-branch',
      'service-agent': 'agent-access',
      'compliance-officer': 'all',
    },
  },
  'review:list': {
    collection: true,
    roles: { 'relationship-manager': 'own-book', supervisor: 'own-branch', 'compliance-officer': 'all' },
  },
  'review:complete': { roles: { 'relationship-manager': 'own-book', supervisor: 'own-branch' } },
});

export type CustomersAction = (typeof customersPolicy.actions)[number];
