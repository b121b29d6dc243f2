import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CAPTURED_MESSAGES_FILE } from './environment.js';

/** The files under the data directory through which the local cloud outlives a restart. */
export interface LocalStateFiles {
  /** DynamoDB Local's data. */
  readonly dynamodb: string;
  /** How far `POST /local/clock/advance` moved the clock (one clock per data directory). */
  readonly clock: string;
  /** The Step Functions journal; per table prefix, like the records its workflows act on. */
  readonly executions: string;
  /** The messages the capture sink kept (`GET /local/messages`): they name customers of the data. */
  readonly messages: string;
}

export function localStateFiles(dataDir: string, tablePrefix: string): LocalStateFiles {
  return {
    dynamodb: join(dataDir, 'dynamodb'),
    clock: join(dataDir, 'clock.json'),
    executions: join(dataDir, `step-functions-${tablePrefix}.json`),
    messages: join(dataDir, CAPTURED_MESSAGES_FILE),
  };
}

/**
 * `--fresh`: the data, the clock, the workflows and the captured messages go together. Workflows resumed over
 * emptied tables would wait for records that are gone, and a clock left days ahead would
 * put every new deadline in the past.
 */
export async function removeLocalState(files: LocalStateFiles): Promise<void> {
  await Promise.all(Object.values(files).map((path) => rm(path, { recursive: true, force: true })));
}
