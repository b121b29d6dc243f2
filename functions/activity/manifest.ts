import type { CapabilityManifest } from '../../infra/manifest/types.js';

/**
 * Customer activity: ingests what core banking publishes (transactions, balance snapshots,
 * product holdings) into per-customer aggregates. Only the table for now; the consumer, the
 * API and the rules join when their handlers exist (issue 4).
 */
export const activityManifest: CapabilityManifest = {
  name: 'activity',
  tables: [
    {
      // Single-table design: monthly buckets, one summary per customer and the transaction
      // idempotency records. See functions/activity/store/keys.ts for the key schema.
      id: 'Activity',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      // Monthly buckets age out after the 12-month window, idempotency records after 400 days.
      timeToLiveAttribute: 'expiresAt',
      envVar: 'ACTIVITY_TABLE',
    },
  ],
  functions: [],
};
