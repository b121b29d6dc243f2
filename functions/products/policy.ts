import { definePolicy } from '../../shared/auth/policy.js';

/**
 * Who may read and change the product catalogue (docs/domain-rules.md §19.1). Deny by default.
 * The catalogue is the bank's public offer: every staff role reads it; admins alone write it,
 * since a product's risk level and sale status decide what may be recommended to whom.
 */
const everyStaffRole = {
  admin: 'all',
  'relationship-manager': 'all',
  supervisor: 'all',
  'service-agent': 'all',
  'complaints-manager': 'all',
  'compliance-officer': 'all',
  analyst: 'all',
} as const;

export const productsPolicy = definePolicy({
  'product:list': { collection: true, roles: everyStaffRole },
  'product:read': { roles: everyStaffRole },
  'product:write': { roles: { admin: 'all' } },
});

export type ProductsAction = (typeof productsPolicy.actions)[number];
