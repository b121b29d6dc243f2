import { eventBridgeHandler } from '../../../shared/lambda/event-bridge.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';

/**
 * EventBridge target of every recommendations subscription: customer facts, segments, holdings
 * and the catalogue, mirrored idempotently. (Skeleton: the mirror engineer applies them.)
 */
export function createHandler(runtime: Runtime) {
  return eventBridgeHandler(async () => {}, { env: runtime.env });
}

export const handler = createHandler(lambdaRuntime());
