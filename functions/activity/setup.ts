import { auditSignerFor } from '../../shared/audit/signer-material.js';
import { workRequestsFromEnv } from '../../shared/coalescing/sqs-work-requests.js';
import { requiredEnv } from '../../shared/config/env.js';
import { documentClient } from '../../shared/dynamodb/client.js';
import type { Runtime } from '../../shared/runtime/runtime.js';
import { parkingHours, postedAtSkewSeconds, transactionAmountCaps } from './domain/settings.js';
import type { ActivityDeps, IngestDeps } from './service/deps.js';
import { cachedConfigSource } from './service/segmentation-config.js';
import { DynamoActivityStore } from './store/dynamo-activity-store.js';
import { DynamoSegmentationConfigStore } from './store/dynamo-config-store.js';
import { DynamoGradingStore } from './store/dynamo-grading-store.js';

/**
 * Builds the activity capability's dependencies from a function's runtime, once per process
 * (cold start). The local cloud gives the same variables and its own clock.
 * @example const { deps } = setup(runtime);
 */
export function setup(runtime: Runtime): { deps: ActivityDeps } {
  const { env, clock } = runtime;
  const db = documentClient();
  const table = requiredEnv(env, 'ACTIVITY_TABLE');
  // Only the API writes the configuration (and so appends to its audit); the others read it.
  const configStore = new DynamoSegmentationConfigStore(
    db,
    { table, auditTable: env.ACTIVITY_AUDIT_TABLE ?? '' },
    auditSignerFor(runtime),
  );
  const deps: ActivityDeps = {
    activity: new DynamoActivityStore(db, table, clock),
    grading: new DynamoGradingStore(db, table, env.ACTIVITY_OUTBOX_TABLE ?? ''),
    configStore,
    config: cachedConfigSource(configStore, { clock }),
    clock,
    parkingHours: parkingHours(env),
    postedAtSkewSeconds: postedAtSkewSeconds(env),
    amountCaps: transactionAmountCaps(env),
  };
  return { deps };
}

/**
 * The deps of a function that applies events (the consumer, the API's batch ingestion): the
 * capability's, plus the Grading queue its requests go to (`GRADING_QUEUE_URL`, set by CDK on
 * the work's senders; missing, the cold start fails).
 * @example const { deps } = ingestSetup(runtime);
 */
export function ingestSetup(runtime: Runtime): { deps: IngestDeps } {
  const { deps } = setup(runtime);
  return {
    deps: { ...deps, gradingRequests: workRequestsFromEnv(runtime.env, 'GRADING_QUEUE_URL', runtime.clock) },
  };
}
