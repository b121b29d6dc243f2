import { eventBridgeHandler } from '../../../shared/lambda/event-bridge.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import { consumeRecommendationsEvent } from '../service/consumer.js';
import { setup } from '../setup.js';

/**
 * EventBridge target of every recommendations subscription: customer facts, segments, holdings
 * and the catalogue, mirrored idempotently (service/facts.ts), and retention cases' offer
 * requests, answered once (service/retention-offer.ts). An unprocessable event goes to this
 * function's DLQ with its reason (eventBridgeHandler).
 */
export function createHandler(runtime: Runtime) {
  const deps = setup(runtime);
  return eventBridgeHandler((event) => consumeRecommendationsEvent(deps, event), { env: runtime.env });
}

export const handler = createHandler(lambdaRuntime());
