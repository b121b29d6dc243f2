import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { createEventConsumer } from '../../../shared/messaging/consumer.js';
import { metrics } from '../../../shared/observability/metrics.js';
import { activityRuntimeFromEnv } from '../runtime.js';
import { consumeEvent } from '../service/consume.js';

const { deps } = activityRuntimeFromEnv(process.env);

/**
 * The activity consumer: core banking's transactions, balances and holdings, credit ratings,
 * compliance statuses and the customers capability's registrations and profile changes.
 * Each is applied idempotently and the customer regraded; an invalid event goes to the DLQ
 * with its reason (createEventConsumer), a transient failure is retried by EventBridge/Lambda.
 */
export const handler = createEventConsumer(async (event) => {
  const result = await consumeEvent(deps, event);
  if (result.outcome === 'parked') {
    // Operations watch this: core banking ahead of customer onboarding, or ids that never match.
    metrics.addMetric('EventsParked', MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
  }
});
