import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requiredEnv } from '../../shared/config/env.js';
import type { RecordCipher } from '../../shared/crypto/record-cipher.js';
import type { BlindIndexKeySource } from '../../shared/crypto/types.js';
import { policiesFromEnv } from './domain/policies.js';
import type { CustomerDeps } from './service/deps.js';
import type { WorkflowGateway } from './service/workflow-gateway.js';
import { DynamoCustomerStore } from './store/dynamo-customer-store.js';
import { DynamoReviewStore } from './store/dynamo-review-store.js';

/** Builds a function's key material from its environment (`runtime-keys.ts`). */
export interface KeyMaterialSource {
  cipher(env: NodeJS.ProcessEnv): RecordCipher;
  blindIndexKey(env: NodeJS.ProcessEnv): BlindIndexKeySource;
}

/**
 * The parts only some functions use, each passed by the handler that needs it, so that a
 * function's bundle carries only the SDK clients it calls (the manifest grants the same way).
 */
export interface RuntimeParts {
  /** Data keys and the blind-index key: the API function only (`usesDataKeys`). */
  readonly keys?: KeyMaterialSource;
  /** Step Functions: the functions that start reviews or complete their tasks. */
  readonly workflows?: (env: NodeJS.ProcessEnv) => WorkflowGateway;
}

// A function deployed without a part (no KMS_KEY_ID, no state machine grant) reaching for it
// is a programming error: say so plainly instead of failing on a missing variable later.
function missing(part: string): never {
  throw new Error(`This function is not given ${part} (see its handler and the manifest)`);
}

/**
 * Builds the customers capability's dependencies from the function's environment, once per
 * process (cold start). The local cloud sets the same variables, so nothing here is local-only.
 * The optional `parts` are built lazily, on first use.
 * @example customerDepsFromEnv(process.env, { workflows: stepFunctionsFromEnv })
 */
export function customerDepsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  parts: RuntimeParts = {},
): CustomerDeps {
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const customersTable = requiredEnv(env, 'CUSTOMERS_TABLE');
  let cipher: RecordCipher | undefined;
  let blindIndexKey: BlindIndexKeySource | undefined;
  let workflows: WorkflowGateway | undefined;
  return {
    store: new DynamoCustomerStore(db, {
      customers: customersTable,
      audit: env.CUSTOMER_AUDIT_TABLE ?? '',
    }),
    reviews: new DynamoReviewStore(db, customersTable),
    get cipher() {
      cipher ??= parts.keys?.cipher(env) ?? missing('data keys');
      return cipher;
    },
    get blindIndexKey() {
      blindIndexKey ??= parts.keys?.blindIndexKey(env) ?? missing('the blind-index key');
      return blindIndexKey;
    },
    policies: policiesFromEnv(env),
    get workflows() {
      workflows ??= parts.workflows?.(env) ?? missing('Step Functions');
      return workflows;
    },
  };
}
