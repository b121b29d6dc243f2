import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requiredEnv } from '../../shared/config/env.js';
import { clock } from '../../shared/time/clock.js';
import type { ActivityDeps } from './service/deps.js';
import { cachedConfigSource } from './service/segmentation-config.js';
import { DynamoActivityStore } from './store/dynamo-activity-store.js';
import { DynamoSegmentationConfigStore } from './store/dynamo-config-store.js';
import { DynamoGradingStore } from './store/dynamo-grading-store.js';

/** Default time an event for an unknown customer waits for its registration (3 days). */
export const DEFAULT_PARKING_HOURS = 72;

function parkingHours(env: NodeJS.ProcessEnv): number {
  const raw = env.PARKED_EVENT_HOURS;
  if (raw === undefined || raw === '') return DEFAULT_PARKING_HOURS;
  const hours = Number(raw);
  if (!Number.isInteger(hours) || hours < 1)
    throw new Error('PARKED_EVENT_HOURS must be a whole number of hours');
  return hours;
}

/** The activity capability's stores and configuration, built once per process from the environment. */
export function activityRuntimeFromEnv(env: NodeJS.ProcessEnv = process.env) {
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const table = requiredEnv(env, 'ACTIVITY_TABLE');
  // Only the API writes the configuration (and so appends to its audit); the others read it.
  const configStore = new DynamoSegmentationConfigStore(db, {
    table,
    auditTable: env.ACTIVITY_AUDIT_TABLE ?? '',
  });
  const deps: ActivityDeps = {
    activity: new DynamoActivityStore(db, table),
    grading: new DynamoGradingStore(db, table, env.ACTIVITY_OUTBOX_TABLE ?? ''),
    config: cachedConfigSource(configStore),
    // The shared clock: the local cloud moves it, so the daily job sees the days pass.
    clock: { now: () => clock.now() },
    parkingHours: parkingHours(env),
  };
  return { deps, configStore };
}
