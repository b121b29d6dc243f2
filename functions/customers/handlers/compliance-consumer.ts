import { createEventConsumer } from '../../../shared/messaging/consumer.js';
import { logger } from '../../../shared/observability/index.js';
import { customerDepsFromEnv } from '../runtime.js';
import { processComplianceEvent } from '../service/compliance.js';

// No key material and no workflows: the AML status is C1, nothing is sealed or revealed.
const deps = customerDepsFromEnv();

/**
 * EventBridge target of `aml` / ComplianceStatusChanged: applies the status to the customer
 * (review cadence, compliance-risk restriction). Unprocessable events go to the dead-letter
 * queue with their code; any other failure is retried by the platform.
 */
export const handler = createEventConsumer(async (event) => {
  const result = await processComplianceEvent(deps, event);
  // Ids and outcomes only.
  logger.info('Compliance status event processed', { ...result });
});
