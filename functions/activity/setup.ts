import { requiredEnv } from '../../shared/config/env.js';
import { documentClient } from '../../shared/dynamodb/client.js';
import type { Env, Runtime } from '../../shared/runtime/runtime.js';
import type { ActivityDeps } from './service/deps.js';
import { cachedConfigSource } from './service/segmentation-config.js';
import { DynamoActivityStore } from './store/dynamo-activity-store.js';
import { DynamoSegmentationConfigStore } from './store/dynamo-config-store.js';
import { DynamoGradingStore } from './store/dynamo-grading-store.js';

/** Default time an event for an unknown customer waits for its registration (3 days). */
export const DEFAULT_PARKING_HOURS = 72;

function parkingHours(env: Env): number {
  const raw = env.PARKED_EVENT_HOURS;
  if (raw === undefined || raw === '') return DEFAULT_PARKING_HOURS;
  const hours = Number(raw);
  if (!Number.isInteger(hours) || hours < 1)
    throw new Error('PARKED_EVENT_HOURS must be a whole number of hours');
  return hours;
}

/** Default clock skew allowed for a transaction's `postedAt` ahead of ours (5 minutes). */
export const DEFAULT_POSTED_AT_SKEW_SECONDS = 300;
/** A day: more skew than this is a misconfiguration (a unit mistake), not a clock. */
const MAX_POSTED_AT_SKEW_SECONDS = 86_400;

/**
 * `POSTED_AT_SKEW_SECONDS`: how far in the future a transaction's `postedAt` may lie when it
 * arrives. A whole number of seconds from 0 to a day; anything else fails the cold start.
 * @example postedAtSkewSeconds({ POSTED_AT_SKEW_SECONDS: '120' }) // 120
 */
export function postedAtSkewSeconds(env: Env): number {
  const raw = env.POSTED_AT_SKEW_SECONDS;
  if (raw === undefined || raw === '') return DEFAULT_POSTED_AT_SKEW_SECONDS;
  const seconds = /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(seconds) || seconds > MAX_POSTED_AT_SKEW_SECONDS) {
    throw new Error(
      `POSTED_AT_SKEW_SECONDS must be a whole number of seconds from 0 to ${MAX_POSTED_AT_SKEW_SECONDS}`,
    );
  }
  return seconds;
}

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
  const configStore = new DynamoSegmentationConfigStore(db, {
    table,
    auditTable: env.ACTIVITY_AUDIT_TABLE ?? '',
  });
  const deps: ActivityDeps = {
    activity: new DynamoActivityStore(db, table, clock),
    grading: new DynamoGradingStore(db, table, env.ACTIVITY_OUTBOX_TABLE ?? ''),
    configStore,
    config: cachedConfigSource(configStore, { clock }),
    clock,
    parkingHours: parkingHours(env),
    postedAtSkewSeconds: postedAtSkewSeconds(env),
  };
  return { deps };
}
