import { requiredEnv } from '../../shared/config/env.js';
import { documentClient } from '../../shared/dynamodb/client.js';
import type { Runtime } from '../../shared/runtime/runtime.js';
import { DEFAULT_CHURN_MODEL } from './domain/default-model.js';
import type { RetentionApiDeps } from './service/api-deps.js';
import { caseActions } from './service/cases/actions.js';
import type { CaseDeps } from './service/cases/deps.js';
import { caseOpener } from './service/cases/opening.js';
import { rescorer } from './service/rescore.js';
import { scoringDeps } from './setup.js';
import { caseDeps } from './setup-workflows.js';
import { DynamoRetentionReader } from './store/dynamo-retention-reader.js';

/**
 * Builds what the retention API needs from its function's runtime, once per process (cold
 * start): the read-only reader, the model's audited store, the case service's actions (an early
 * close rescores the customer through the scoring side) and the settings; a missing table name or
 * a malformed setting fails the cold start, not a request.
 *
 * The scoring side's case opener is the case service's: a rescore from an early close runs while
 * the case's open-case marker still exists, so it never opens a second case (docs/domain-rules.md
 * §20.4) and the API never starts an execution (it may only answer task tokens).
 * @example const deps = setupApi(runtime);
 */
export function setupApi(runtime: Runtime): RetentionApiDeps {
  let cases: CaseDeps | undefined;
  const scoring = scoringDeps(runtime, { openFor: (opening) => caseOpener(caseSide()).openFor(opening) });
  const caseSide = (): CaseDeps => {
    cases ??= caseDeps(runtime, rescorer(scoring));
    return cases;
  };
  return {
    reader: new DynamoRetentionReader(documentClient(), requiredEnv(runtime.env, 'RETENTION_TABLE')),
    models: scoring.modelStore,
    cases: caseActions(caseSide()),
    clock: runtime.clock,
    settings: scoring.settings,
    defaultModel: DEFAULT_CHURN_MODEL,
  };
}
