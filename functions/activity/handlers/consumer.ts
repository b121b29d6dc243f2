import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { eventBridgeHandler } from '../../../shared/lambda/event-bridge.js';
import { metrics } from '../../../shared/observability/metrics.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import { consumeEvent } from '../service/consume.js';
import { ingestSetup } from '../setup.js';

/**
 * The activity consumer: core banking's transactions, balances and holdings, credit ratings,
 * compliance statuses and the customers capability's registrations and profile changes.
 * Each is applied idempotently and the customer's grading requested (the grader does it,
 * coalesced per customer); an invalid event goes to the DLQ with its reason
 * (eventBridgeHandler), a transient failure (a request SQS refused included) is retried by
 * EventBridge/Lambda.
 */
export function createHandler(runtime: Runtime) {
  const { deps } = ingestSetup(runtime);
  return eventBridgeHandler(
    async (event) => {
      const result = await consumeEvent(deps, event);
      // Operations watch this: core banking ahead of customer onboarding, or ids that never match.
      if (result.outcome === 'parked') metrics.addMetric('EventsParked', MetricUnit.Count, 1);
    },
    { env: runtime.env },
  );
}

export const handler = createHandler(lambdaRuntime());
