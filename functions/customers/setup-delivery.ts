import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { requiredEnv } from '../../shared/config/env.js';
import { documentClient } from '../../shared/dynamodb/client.js';
import { isDeployedLambda, type Runtime } from '../../shared/runtime/runtime.js';
import { CaptureSink } from './delivery/capture-sink.js';
import { ChannelRouter } from './delivery/channel-router.js';
import { GatewaySender } from './delivery/gateway-sender.js';
import { SesEmailSender } from './delivery/ses-email-sender.js';
import { SmsSender } from './delivery/sms-sender.js';
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
 * the gateway), each client built on first use.
 */
export function deliveryPortFor(runtime: Runtime, settings: DeliverySettings): DeliveryPort {
  const local = runtime.localKeys;
  if (local !== undefined) {
    if (isDeployedLambda(runtime.env))
      throw new Error('Local files are refused in a deployed Lambda function');
    return new CaptureSink(local.capturedMessagesFile, runtime.clock);
  }
  checkProvidersOffered(settings, runtime.env.AWS_REGION);
  let gateway: DeliveryPort | undefined;
  const viaGateway = (): DeliveryPort => {
    gateway ??= new GatewaySender(new SQSClient({}), requiredEnv(runtime.env, GATEWAY_QUEUE_URL_ENV));
    return gateway;
  };
  return new ChannelRouter({
    email:
      settings.emailProvider === 'ses'
        ? () =>
            new SesEmailSender(
              new SESv2Client({}),
              settings.emailFrom,
              requiredEnv(runtime.env, SES_CONFIGURATION_SET_ENV),
            )
        : viaGateway,
    sms:
      settings.smsProvider === 'sms'
        ? () => new SmsSender(new PinpointSMSVoiceV2Client({}), settings.smsOrigination)
        : viaGateway,
    'app-push': viaGateway,
  });
}

/** The delivery function's own parts: its provider (per the settings, read at cold start) and its markers. */
export function deliveryParts(runtime: Runtime): { port: DeliveryPort; ledger: DeliveryLedger } {
  return {
    port: deliveryPortFor(runtime, deliverySettingsFromEnv(runtime.env)),
    ledger: new DynamoDeliveryLedger(documentClient(), requiredEnv(runtime.env, 'CUSTOMERS_TABLE')),
  };
}
