import { definePolicy } from '../../shared/auth/policy.js';

/**
 * Who may do what with churn risk and retention cases (docs/domain-rules.md §20.8). Deny by
 * default. A customer's risk follows the customer record's scope (an RM their own book, a
 * supervisor their branch, compliance every customer, read only). The worklist is the RM's own
 * book or the supervisor's branch; analysts see it aggregated only (no customer in it). Cases are
 * worked by the RM of the customer and the branch supervisor, who alone closes one early. The
 * model (weights, thresholds, value at risk) is configuration: admins change it, those who
 * answer for it read it.
 */
const book = { 'relationship-manager': 'own-book', supervisor: 'own-branch' } as const;

export const retentionPolicy = definePolicy({
  'churn-risk:read': { roles: { ...book, 'compliance-officer': 'all' } },
  'churn-risk:worklist': { collection: true, roles: { ...book, analyst: 'all' } },
  'churn-model:read': {
    roles: { admin: 'all', analyst: 'all', 'compliance-officer': 'all', supervisor: 'all' },
  },
  'churn-model:write': { roles: { admin: 'all' } },
  'retention-case:list': { collection: true, roles: book },
  'retention-case:read': { roles: book },
  'retention-case:attempt': { roles: book },
  'retention-case:close-early': { roles: { supervisor: 'own-branch' } },
  'retention:kpis': {
    collection: true,
    roles: { supervisor: 'own-branch', 'compliance-officer': 'all', analyst: 'all' },
  },
});

export type RetentionAction = (typeof retentionPolicy.actions)[number];
