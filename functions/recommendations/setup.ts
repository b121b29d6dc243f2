import { requiredEnv } from '../../shared/config/env.js';
import { documentClient } from '../../shared/dynamodb/client.js';
import type { Runtime } from '../../shared/runtime/runtime.js';
import { recommendationsSettingsFromEnv } from './domain/settings.js';
import type { RecommendationsDeps } from './service/deps.js';
import { DynamoMirrorStore } from './store/dynamo-mirror-store.js';
import { DynamoRecommendationStore } from './store/dynamo-recommendation-store.js';

/**
 * Builds what the recommendations functions need from a function's runtime, once per process
 * (cold start): a missing table name fails the cold start, not a request.
 * @example const deps = setup(runtime);
 */
export function setup(runtime: Runtime): RecommendationsDeps {
  const { env, clock } = runtime;
  const db = documentClient();
  const table = requiredEnv(env, 'RECOMMENDATIONS_TABLE');
  return {
    store: new DynamoRecommendationStore(db, table),
    mirror: new DynamoMirrorStore(db, table),
    clock,
    settings: recommendationsSettingsFromEnv(env),
  };
}
