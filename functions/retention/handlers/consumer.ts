import { workRequestsFromEnv } from '../../../shared/coalescing/sqs-work-requests.js';
import { eventBridgeHandler } from '../../../shared/lambda/event-bridge.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import { consumeRetentionEvent } from '../service/features.js';
import { CHURN_RESCORING } from '../service/rescoring.js';
import { setup } from '../setup.js';

/**
 * EventBridge target of every retention subscription (docs/domain-rules.md §20.1, §20.4): the
 * case events (offers, calendar years) go to the case service; every other event is a features
 * event, applied and the customer's rescore requested on the ChurnRescoring queue (the
 * RetentionRescorer scores and opens a case on an alert). An unprocessable event goes to this
 * function's DLQ with its reason (eventBridgeHandler).
 */
export function createHandler(runtime: Runtime) {
  const deps = {
    ...setup(runtime),
    rescoreRequests: workRequestsFromEnv(runtime.env, CHURN_RESCORING.envVar, runtime.clock),
  };
  return eventBridgeHandler((event) => consumeRetentionEvent(deps, event), { env: runtime.env });
}

export const handler = createHandler(lambdaRuntime());
