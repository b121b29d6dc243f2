import type { TestProject } from 'vitest/node';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../infra/local/dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's shared in-memory DynamoDB Local (`inject('dynamodbEndpoint')`). */
    dynamodbEndpoint: string;
  }
}

interface Shared {
  starting: Promise<DynamoDbLocal> | undefined;
  users: number;
}

// On globalThis rather than in module scope: each project may evaluate this module anew,
// and the integration and e2e projects of one run must share one DynamoDB Local.
const KEY = Symbol.for('fincrm.test.dynamodbLocal');
const holder = globalThis as typeof globalThis & { [KEY]?: Shared };
const shared: Shared = holder[KEY] ?? { starting: undefined, users: 0 };
holder[KEY] = shared;

/**
 * vitest globalSetup of the integration and e2e projects: one in-memory DynamoDB Local per
 * run, its endpoint provided to the tests, stopped when the last project tears down.
 * Tests isolate themselves with their own table prefix (`createIsolatedTables`).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  shared.users += 1;
  shared.starting ??= startDynamoDbLocal();
  const local = await shared.starting;
  project.provide('dynamodbEndpoint', local.endpoint);
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    shared.starting = undefined;
    await local.stop();
  };
}
