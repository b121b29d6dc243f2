import { auditSignerFor } from '../../shared/audit/signer-material.js';
import { requiredEnv } from '../../shared/config/env.js';
import { documentClient } from '../../shared/dynamodb/client.js';
import type { Runtime } from '../../shared/runtime/runtime.js';
import { type RetentionSettings, retentionSettingsFromEnv } from './domain/settings.js';
import type { RetentionDeps, ScoringDeps } from './service/deps.js';
import { cachedModelReader } from './service/model.js';
import type { CaseEventConsumer, CaseOpener, ChurnModelStore, Rescorer } from './service/ports.js';
import { rescorer } from './service/rescore.js';
import { caseSide } from './setup-workflows.js';
import { DynamoChurnModelStore } from './store/dynamo-model-store.js';
import { DynamoScoringStore } from './store/dynamo-scoring-store.js';

/** What the case service gives the scoring side: the opener, its event consumer, the gauge. */
export interface CaseSide {
  readonly caseOpener: CaseOpener;
  readonly caseEvents: CaseEventConsumer;
  readonly countUncontacted: (now: Date) => Promise<number>;
}

/** Builds the case side from the runtime and the scoring side's Rescorer (the close task's rescore). */
export type CaseSideFactory = (runtime: Runtime, rescorer: Rescorer) => CaseSide;

/**
 * The scoring side from a function's runtime, once per process (cold start): the scoring store,
 * the model store and its cached reader (a saved model applies within a minute), the settings
 * (a malformed one fails the cold start). `caseOpener` opens a case on an alert.
 * @example const scoring = scoringDeps(runtime, opener); const scorer = rescorer(scoring);
 */
export function scoringDeps(
  runtime: Runtime,
  caseOpener: CaseOpener,
): ScoringDeps & { readonly modelStore: ChurnModelStore; readonly settings: RetentionSettings } {
  const { env, clock } = runtime;
  const db = documentClient();
  const table = requiredEnv(env, 'RETENTION_TABLE');
  // Only the API saves the model (and so appends to its audit); the others read it.
  const modelStore = new DynamoChurnModelStore(
    db,
    { table, auditTable: env.RETENTION_AUDIT_TABLE ?? '' },
    auditSignerFor(runtime),
  );
  return {
    scoring: new DynamoScoringStore(db, table),
    modelStore,
    models: cachedModelReader(modelStore, { clock }),
    caseOpener,
    clock,
    settings: retentionSettingsFromEnv(env),
  };
}

/**
 * Builds what the retention consumer, rescorer and jobs need, once per process: the scoring
 * side and the case service (setup-workflows.ts; a test passes its own `cases`). The scoring
 * side's Rescorer is handed to the case side (its close task rescores) and the case side's opener
 * to the scoring side (an alert opens a case): each is built once, the opener resolved at first
 * use.
 * @example const deps = setup(runtime);
 */
export function setup(runtime: Runtime, cases: CaseSideFactory = caseSide): RetentionDeps {
  let side: CaseSide | undefined;
  const caseSide = (): CaseSide => {
    side ??= cases(runtime, rescorer(scoring));
    return side;
  };
  const scoring = scoringDeps(runtime, { openFor: (opening) => caseSide().caseOpener.openFor(opening) });
  return {
    ...scoring,
    caseEvents: (event) => caseSide().caseEvents(event),
    countUncontacted: (now) => caseSide().countUncontacted(now),
  };
}
