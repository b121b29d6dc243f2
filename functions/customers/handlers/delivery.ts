import { eventBridgeHandler } from '../../../shared/lambda/event-bridge.js';
import { logger } from '../../../shared/observability/index.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import { processDeliveryEvent } from '../service/delivery.js';
import { setup } from '../setup.js';
import { dataKeys } from '../setup-data-keys.js';
import { deliveryParts } from '../setup-delivery.js';

/**
 * EventBridge target of `crm.engagement` / ContactDispatched (deliver the contact: the one place
 * an address is opened to be sent), of `bank-messaging` / MessageDeliveryReported (the
 * gateway's report on one) and of `aws.ses` e-mail events of its configuration set (SES's report
 * on an e-mail it accepted, from the default bus). Data keys only (no blind-index key, no workflows). Unprocessable
 * events go to the dead-letter queue with their code; any other failure is retried by the
 * platform.
 */
export function createHandler(runtime: Runtime) {
  const { deps } = setup(runtime, { keys: dataKeys });
  const delivery = {
    store: deps.store,
    clock: deps.clock,
    // Opened on first use, like every part of setup.
    get cipher() {
      return deps.cipher;
    },
    ...deliveryParts(runtime),
  };
  return eventBridgeHandler(
    async (event) => {
      const result = await processDeliveryEvent(delivery, event);
      // Outcomes, reasons and providers only: never an address, a name or the text.
      logger.info('Contact delivery event processed', { ...result });
    },
    { env: runtime.env },
  );
}

export const handler = createHandler(lambdaRuntime());
