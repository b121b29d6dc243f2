import { auditSignerFor } from '../../shared/audit/signer-material.js';
import { requiredEnv } from '../../shared/config/env.js';
import type { RecordCipher } from '../../shared/crypto/record-cipher.js';
import type { BlindIndexKeySource } from '../../shared/crypto/types.js';
import { documentClient } from '../../shared/dynamodb/client.js';
import { maskingRulesFromEnv } from '../../shared/masking/index.js';
import type { Runtime } from '../../shared/runtime/runtime.js';
import { DynamoCalendarMirror } from '../../shared/time/dynamo-calendar-mirror.js';
import { policiesFromEnv } from './domain/policies.js';
import type { CustomerDeps } from './service/deps.js';
import type { WorkflowGateway } from './service/workflow-gateway.js';
import { DynamoCustomerStore } from './store/dynamo-customer-store.js';
import { DynamoReviewStore } from './store/dynamo-review-store.js';
import { DynamoSearchLedger } from './store/dynamo-search-ledger.js';

/** Builds a function's key material from its runtime (`setup-keys.ts`). */
export interface KeyMaterialSource {
  /** Absent for a function that hashes with the blind-index key but never opens a record (the daily jobs). */
  cipher?(runtime: Runtime): RecordCipher;
  /** Absent for a function that opens data keys but never searches (delivery). */
  blindIndexKey?(runtime: Runtime): BlindIndexKeySource;
}

/**
 * The parts only some functions use, each passed by the handler that needs it, so that a
 * function's bundle carries only the SDK clients it calls (its definition grants the same way).
 */
export interface SetupParts {
  /** Data keys and the blind-index key: the functions with `usesDataKeys` or `usesBlindIndexKey`. */
  readonly keys?: KeyMaterialSource;
  /** Step Functions: the functions that start reviews or complete their tasks. */
  readonly workflows?: (runtime: Runtime) => WorkflowGateway;
}

// A function deployed without a part (no KMS_KEY_ID, no state machine grant) reaching for it
// is a programming error: say so plainly instead of failing on a missing variable later.
function missing(part: string): never {
  throw new Error(`This function is not given ${part} (see its handler and the capability definition)`);
}

/**
 * Builds the customers capability's dependencies from a function's runtime, once per process
 * (cold start). The local cloud gives the same variables and its own clock, so nothing here is
 * local-only. The optional `parts` are built lazily, on first use.
 * @example const { deps } = setup(runtime, { workflows: stepFunctions });
 */
export function setup(runtime: Runtime, parts: SetupParts = {}): { deps: CustomerDeps } {
  const { env, clock } = runtime;
  const db = documentClient();
  const customersTable = requiredEnv(env, 'CUSTOMERS_TABLE');
  const tables = {
    customers: customersTable,
    audit: env.CUSTOMER_AUDIT_TABLE ?? '',
    keys: env.CUSTOMER_KEYS_TABLE ?? '',
  };
  const auditSigner = auditSignerFor(runtime);
  let cipher: RecordCipher | undefined;
  let blindIndexKey: BlindIndexKeySource | undefined;
  let workflows: WorkflowGateway | undefined;
  const deps: CustomerDeps = {
    store: new DynamoCustomerStore(db, tables, clock, auditSigner),
    reviews: new DynamoReviewStore(db, tables, clock, auditSigner),
    auditSigner,
    searchLedger: new DynamoSearchLedger(db, tables, auditSigner),
    get cipher() {
      cipher ??= parts.keys?.cipher?.(runtime) ?? missing('data keys');
      return cipher;
    },
    get blindIndexKey() {
      blindIndexKey ??= parts.keys?.blindIndexKey?.(runtime) ?? missing('the blind-index key');
      return blindIndexKey;
    },
    policies: policiesFromEnv(env),
    masking: maskingRulesFromEnv(env),
    calendarMirror: new DynamoCalendarMirror(db, customersTable, clock),
    get workflows() {
      workflows ??= parts.workflows?.(runtime) ?? missing('Step Functions');
      return workflows;
    },
    clock,
  };
  return { deps };
}
