import { auditSignerFor } from '../../shared/audit/signer-material.js';
import { requiredEnv } from '../../shared/config/env.js';
import type { RecordCipher } from '../../shared/crypto/record-cipher.js';
import { documentClient } from '../../shared/dynamodb/client.js';
import type { Runtime } from '../../shared/runtime/runtime.js';
import { DynamoCalendarMirror } from '../../shared/time/dynamo-calendar-mirror.js';
import type { TaskTokenGateway } from '../../shared/workflows/task-gateway.js';
import { complaintSettingsFromEnv } from './domain/settings.js';
import type { ComplaintDeps } from './service/deps.js';
import { DynamoComplaintStore } from './store/dynamo-complaint-store.js';

/** Builds a function's key material from its runtime (`setup-keys.ts`). */
export interface KeyMaterialSource {
  cipher(runtime: Runtime): RecordCipher;
}

/**
 * The parts only some functions use, each passed by the handler that needs it, so that a
 * function's bundle carries only the SDK clients it calls (its definition grants the same way).
 */
export interface SetupParts {
  /** Data keys for the sealed free text and notes: the API function only (`usesDataKeys`). */
  readonly keys?: KeyMaterialSource;
  /** Step Functions: the functions that start the ComplaintHandling execution or answer its steps. */
  readonly workflows?: (runtime: Runtime) => TaskTokenGateway;
}

// A function deployed without a part (no KMS_KEY_ID, no state machine grant) reaching for it
// is a programming error: say so plainly instead of failing on a missing variable later.
function missing(part: string): never {
  throw new Error(`This function is not given ${part} (see its handler and the capability definition)`);
}

/**
 * Builds the complaints capability's dependencies from a function's runtime, once per process
 * (cold start): the settings are parsed here, so a bad setting fails the cold start, not a
 * request. The local cloud gives the same variables and its own clock. The optional `parts`
 * are built lazily, on first use.
 * @example const { deps } = setup(runtime, { keys: keyMaterial, workflows: stepFunctions });
 */
export function setup(runtime: Runtime, parts: SetupParts = {}): { deps: ComplaintDeps } {
  const { env, clock } = runtime;
  const db = documentClient();
  const complaintsTable = requiredEnv(env, 'COMPLAINTS_TABLE');
  const tables = {
    complaints: complaintsTable,
    audit: env.COMPLAINT_AUDIT_TABLE ?? '',
    keys: env.COMPLAINT_KEYS_TABLE ?? '',
  };
  const auditSigner = auditSignerFor(runtime);
  let cipher: RecordCipher | undefined;
  let workflows: TaskTokenGateway | undefined;
  const deps: ComplaintDeps = {
    store: new DynamoComplaintStore(db, tables, clock, auditSigner),
    get cipher() {
      cipher ??= parts.keys?.cipher(runtime) ?? missing('data keys');
      return cipher;
    },
    settings: complaintSettingsFromEnv(env),
    calendarMirror: new DynamoCalendarMirror(db, complaintsTable, clock),
    get workflows() {
      workflows ??= parts.workflows?.(runtime) ?? missing('Step Functions');
      return workflows;
    },
    auditSigner,
    clock,
  };
  return { deps };
}
