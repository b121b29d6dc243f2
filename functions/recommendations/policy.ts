import { definePolicy } from '../../shared/auth/policy.js';

/**
 * Who may do what with recommendations (docs/domain-rules.md §19.6). Deny by default. A
 * customer's recommendations follow the customer record's scope: an RM their own book, a
 * supervisor their branch, compliance every customer (read only). Only those who serve the
 * customer record a recommendation or its answer. KPIs are aggregates: no customer in them.
 */
const book = { 'relationship-manager': 'own-book', supervisor: 'own-branch' } as const;

export const recommendationsPolicy = definePolicy({
  'recommendation:list': { roles: { ...book, 'compliance-officer': 'all' } },
  'recommendation:make': { roles: book },
  'recommendation:respond': { roles: book },
  'recommendation:kpis': {
    collection: true,
    roles: { supervisor: 'own-branch', 'compliance-officer': 'all', analyst: 'all' },
  },
});

export type RecommendationsAction = (typeof recommendationsPolicy.actions)[number];
