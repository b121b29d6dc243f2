import type { Runtime } from '../../shared/runtime/runtime.js';

/**
 * A task function for test-only workflows: it accepts any payload and does nothing (the
 * workflow waits for its task token). Shaped like every handler module: `createHandler`.
 */
export function createHandler(_runtime: Runtime) {
  return async (): Promise<Record<string, never>> => ({});
}

export const handler = createHandler({ env: {}, clock: { now: () => new Date() } });
