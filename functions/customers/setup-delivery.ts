import { requiredEnv } from '../../shared/config/env.js';
import { documentClient } from '../../shared/dynamodb/client.js';
import { onFirstUse } from '../../shared/runtime/on-first-use.js';
import { isDeployedLambda, type Runtime } from '../../shared/runtime/runtime.js';
import { CaptureSink } from './delivery/capture-sink.js';
import { ChannelRouter } from './delivery/channel-router.js';
import {
  checkProvidersOffered,
  type DeliverySettings,
  deliverySettingsFromEnv,
} from './domain/delivery-settings.js';
import type { DeliveryPort } from './service/delivery-port.js';
import type { DeliveryLedger } from './store/delivery-ledger.js';
import { DynamoDeliveryLedger } from './store/dynamo-delivery-ledger.js';

/** The environment variable of the gateway queue's URL (set by CDK on the functions that send messages). */
export const GATEWAY_QUEUE_URL_ENV = 'MESSAGING_GATEWAY_QUEUE_URL';
/**
 * The SES configuration set e-mail is sent with: created by the stack for the function, with the
 * event destination that brings bounces and complaints back (shared/capability/email-events.ts).
 */
export const SES_CONFIGURATION_SET_ENV = 'SES_CONFIGURATION_SET';

/**
 * Where a function's messages go: in the local cloud (its runtime carries local files), the
 * capture sink, refused in a deployed function; in AWS, each channel to the provider its
 * setting names (e-mail: SES or the gateway; SMS: End User Messaging or the gateway; app push:
 * the gateway), each client loaded and built on first use.
 */
export function deliveryPortFor(runtime: Runtime, settings: DeliverySettings): DeliveryPort {
  const local = runtime.localKeys;
  if (local !== undefined) {
    if (isDeployedLambda(runtime.env))
      throw new Error('Local files are refused in a deployed Lambda function');
    return new CaptureSink(local.capturedMessagesFile, runtime.clock);
  }
  checkProvidersOffered(settings, runtime.env.AWS_REGION);
  const senders = () => import('./delivery/aws-senders.js');
  const viaGateway = onFirstSend(async () =>
    (await senders()).gatewaySender(requiredEnv(runtime.env, GATEWAY_QUEUE_URL_ENV)),
  );
  return new ChannelRouter({
    email:
      settings.emailProvider === 'ses'
        ? onFirstSend(async () =>
            (await senders()).sesSender(
              settings.emailFrom,
              requiredEnv(runtime.env, SES_CONFIGURATION_SET_ENV),
            ),
          )
        : viaGateway,
    sms:
      settings.smsProvider === 'sms'
        ? onFirstSend(async () => (await senders()).smsSender(settings.smsOrigination))
        : viaGateway,
    'app-push': viaGateway,
  });
}

/**
 * A channel's provider, built on its first message with its client loaded then (a chunk of its
 * own, docs/operations.md §1): a cold start pays for no provider's client.
 */
function onFirstSend(create: () => Promise<DeliveryPort>): () => DeliveryPort {
  const sender = onFirstUse(create);
  const port: DeliveryPort = { send: async (message) => (await sender()).send(message) };
  return () => port;
}

/** The delivery function's own parts: its provider (per the settings, read at cold start) and its markers. */
export function deliveryParts(runtime: Runtime): { port: DeliveryPort; ledger: DeliveryLedger } {
  return {
    port: deliveryPortFor(runtime, deliverySettingsFromEnv(runtime.env)),
    ledger: new DynamoDeliveryLedger(documentClient(), requiredEnv(runtime.env, 'CUSTOMERS_TABLE')),
  };
}
