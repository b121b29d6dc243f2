import { auditSignerFor } from '../../shared/audit/signer-material.js';
import { requiredEnv } from '../../shared/config/env.js';
import { documentClient } from '../../shared/dynamodb/client.js';
import type { Runtime } from '../../shared/runtime/runtime.js';
import { builtInYears } from '../../shared/time/calendars/built-in.js';
import { parseMonthDay } from './domain/check-window.js';
import type { CalendarsDeps } from './service/deps.js';
import { DynamoCalendarStore } from './store/dynamo-calendar-store.js';

/**
 * Builds the calendars capability's dependencies from a function's runtime, once per process
 * (cold start). A bad `CALENDAR_CHECK_FROM` fails here, at cold start, by name.
 * @example const { deps } = setup(runtime);
 */
export function setup(runtime: Runtime): { deps: CalendarsDeps } {
  const { env, clock } = runtime;
  const db = documentClient();
  // Only the API saves (and so appends to the audit and the outbox); the daily check reads.
  const store = new DynamoCalendarStore(
    db,
    { table: requiredEnv(env, 'CALENDARS_TABLE'), auditTable: env.CALENDAR_AUDIT_TABLE ?? '' },
    clock,
    auditSignerFor(runtime),
  );
  return {
    deps: { store, builtIn: builtInYears, checkFrom: parseMonthDay(env.CALENDAR_CHECK_FROM), clock },
  };
}
