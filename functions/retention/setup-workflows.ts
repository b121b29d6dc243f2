import { auditSignerFor } from '../../shared/audit/signer-material.js';
import { requiredEnv } from '../../shared/config/env.js';
import { documentClient } from '../../shared/dynamodb/client.js';
import type { Runtime } from '../../shared/runtime/runtime.js';
import { DynamoCalendarMirror } from '../../shared/time/dynamo-calendar-mirror.js';
import type { TaskTokenGateway } from '../../shared/workflows/task-gateway.js';
import { taskGatewayOnFirstUse } from '../../shared/workflows/task-gateway-on-first-use.js';
import { retentionSettingsFromEnv } from './domain/settings.js';
import { caseEventConsumer } from './service/cases/case-events.js';
import type { CaseDeps } from './service/cases/deps.js';
import { caseOpener } from './service/cases/opening.js';
import { countUncontacted } from './service/cases/uncontacted.js';
import type { CaseEventConsumer, CaseOpener, Rescorer } from './service/ports.js';
import { DynamoCaseStore } from './store/dynamo-case-store.js';

/**
 * The Step Functions gateway of the RetentionCase workflow. Imported only by the handlers that
 * start executions or answer waiting steps, so no other bundle carries the SFN client, and
 * those load it on first use. Only
 * the functions that start executions are given the state machine's ARN; answering a token
 * needs none.
 */
export function stepFunctions(runtime: Runtime): TaskTokenGateway {
  return taskGatewayOnFirstUse(
    runtime.env.STATE_MACHINE_RETENTION_CASE_ARN,
    'STATE_MACHINE_RETENTION_CASE_ARN',
  );
}

/**
 * The case service's dependencies from a function's runtime, once per process (cold start): the
 * settings are parsed here, so a bad setting fails the cold start. The Step Functions client
 * is built on first use.
 * @example const deps = caseDeps(runtime, rescorer);
 */
export function caseDeps(runtime: Runtime, rescorer: Rescorer): CaseDeps {
  const { env, clock } = runtime;
  const db = documentClient();
  const retention = requiredEnv(env, 'RETENTION_TABLE');
  let workflows: TaskTokenGateway | undefined;
  return {
    store: new DynamoCaseStore(
      db,
      { retention, audit: env.RETENTION_AUDIT_TABLE ?? '' },
      clock,
      auditSignerFor(runtime),
    ),
    get workflows() {
      workflows ??= stepFunctions(runtime);
      return workflows;
    },
    rescorer,
    calendarMirror: new DynamoCalendarMirror(db, retention, clock),
    settings: retentionSettingsFromEnv(env),
    clock,
  };
}

/**
 * What the scoring side (the consumer, the jobs) takes from the cases: the opener an alert
 * calls, the consumer of the case events (offers, calendar years), the uncontacted count.
 * @example const deps = setup(runtime, caseSide);
 */
export function caseSide(
  runtime: Runtime,
  rescorer: Rescorer,
): {
  readonly caseOpener: CaseOpener;
  readonly caseEvents: CaseEventConsumer;
  readonly countUncontacted: (now: Date) => Promise<number>;
} {
  const deps = caseDeps(runtime, rescorer);
  return {
    caseOpener: caseOpener(deps),
    caseEvents: caseEventConsumer(deps),
    countUncontacted: (now) => countUncontacted(deps.store, now),
  };
}
