import { definePolicy } from '../../shared/auth/policy.js';

/**
 * Who may read activity profiles and segment counts, ingest transactions and change the
 * segmentation configuration. Deny by default.
 */
export const activityPolicy = definePolicy({
  // A profile is read like the customer record it belongs to, on the branch and RM mirrored
  // from the customers capability. Service agents are absent: their grants (a case, a search
  // hit) live in the customers capability, which this one does not read.
  'customer-profile:read': {
    roles: { 'relationship-manager': 'own-book', supervisor: 'own-branch', 'compliance-officer': 'all' },
  },
  // The admin owns configuration (thresholds and weights of the grading).
  'segmentation-config:read': { roles: { admin: 'all' } },
  'segmentation-config:write': { roles: { admin: 'all' } },
  // Counts per segment, no personal information: analysts and admins everywhere, supervisors
  // for their own branch (a collection: scoped by scopeFilter).
  'segments:summary': {
    collection: true,
    roles: { analyst: 'all', admin: 'all', supervisor: 'own-branch' },
  },
  // Core systems without EventBridge post transactions: admins, and machine clients holding
  // the ingestion scope.
  'transactions:ingest': { roles: { admin: 'all', 'ingestion-client': 'all' } },
});

export type ActivityAction = (typeof activityPolicy.actions)[number];
