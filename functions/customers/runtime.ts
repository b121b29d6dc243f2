import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { blindIndexKeySourceFromEnv, keyProviderFromEnv, RecordCipher } from '../../shared/crypto/index.js';
import { policiesFromEnv } from './domain/policies.js';
import type { CustomerDeps } from './service/deps.js';
import { StepFunctionsGateway } from './service/workflow-gateway.js';
import { DynamoCustomerStore } from './store/dynamo-customer-store.js';
import { DynamoReviewStore } from './store/dynamo-review-store.js';

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
}

/**
 * Builds the customers capability's dependencies from the function's environment, once per
 * process (cold start). The local cloud sets the same variables, so nothing here is local-only.
 */
export function customerDepsFromEnv(env: NodeJS.ProcessEnv = process.env): CustomerDeps {
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const customersTable = required(env, 'CUSTOMERS_TABLE');
  // Key material is configured only for functions that use it (manifest: usesDataKeys,
  // usesBlindIndexKey); the review and shredding functions never touch it, so build it lazily.
  let cipher: RecordCipher | undefined;
  let blindIndexKey: ReturnType<typeof blindIndexKeySourceFromEnv> | undefined;
  return {
    store: new DynamoCustomerStore(db, {
      customers: customersTable,
      audit: env.CUSTOMER_AUDIT_TABLE ?? '',
    }),
    reviews: new DynamoReviewStore(db, customersTable),
    get cipher() {
      cipher ??= new RecordCipher(keyProviderFromEnv(env));
      return cipher;
    },
    get blindIndexKey() {
      blindIndexKey ??= blindIndexKeySourceFromEnv(env);
      return blindIndexKey;
    },
    policies: policiesFromEnv(env),
    workflows: new StepFunctionsGateway(new SFNClient({}), env.STATE_MACHINE_PERIODIC_REVIEW_ARN),
  };
}
