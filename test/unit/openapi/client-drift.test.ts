import { execFile } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** How a finished process ended: its exit code and what it wrote to stderr. */
interface Ended {
  readonly code: number;
  readonly stderr: string;
}

/**
 * Runs the generator's `--check` in a process of its own: the generator registers a module
 * hook (TypeScript 5 for openapi-typescript) that must not leak into the test worker.
 */
async function checkGeneratedClient(): Promise<Ended> {
  try {
    const { stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/generate-api-client.ts', '--check'],
      { cwd: ROOT },
    );
    return { code: 0, stderr };
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    return {
      code: 'code' in error && typeof error.code === 'number' ? error.code : -1,
      stderr: 'stderr' in error && typeof error.stderr === 'string' ? error.stderr : error.message,
    };
  }
}

describe('the committed API client types', () => {
  it('are what the generator makes of the current OpenAPI document', { timeout: 60_000 }, async () => {
    // A route contract changed without `npm run generate:client` fails here, with the line.
    expect(await checkGeneratedClient()).toEqual({ code: 0, stderr: '' });
  });
});
