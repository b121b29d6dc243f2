import { eventBridgeHandler } from '../../../shared/lambda/event-bridge.js';
import { logger } from '../../../shared/observability/index.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import { processComplianceEvent } from '../service/compliance.js';
import { setup } from '../setup.js';

/**
 * EventBridge target of `aml` / ComplianceStatusChanged: applies the status to the customer
 * (review cadence, compliance-risk restriction). Unprocessable events go to the dead-letter
 * queue with their code; any other failure is retried by the platform. No key material and no
 * workflows: the AML status is C1, nothing is sealed or revealed.
 */
export function createHandler(runtime: Runtime) {
  const { deps } = setup(runtime);
  return eventBridgeHandler(
    async (event) => {
      const result = await processComplianceEvent(deps, event);
      // Ids and outcomes only.
      logger.info('Compliance status event processed', { ...result });
    },
    { env: runtime.env },
  );
}

export const handler = createHandler(lambdaRuntime());
