import { eventBridgeHandler } from '../../../shared/lambda/event-bridge.js';
import { logger } from '../../../shared/observability/index.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import { processComplaintEvent } from '../service/complaint-access.js';
import { setup } from '../setup.js';

/**
 * EventBridge target of `crm.complaints` / ComplaintReceived, ComplaintAssigned and
 * ComplaintClosed: who may read the customer because of an open complaint (the assignee, the
 * complaints unit), each change audited in the customer's chain. Unprocessable events go to
 * the dead-letter queue with their code; any other failure is retried by the platform. No key
 * material and no workflows: ids only.
 */
export function createHandler(runtime: Runtime) {
  const { deps } = setup(runtime);
  return eventBridgeHandler(
    async (event) => {
      const result = await processComplaintEvent(deps, event);
      // Outcomes and codes only: no customer, complaint or staff id in the log line's fields.
      logger.info('Complaint event applied to customer access', { ...result });
    },
    { env: runtime.env },
  );
}

export const handler = createHandler(lambdaRuntime());
