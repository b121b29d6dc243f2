import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { DeliveryPort } from '../service/delivery-port.js';
import { GatewaySender } from './gateway-sender.js';
import { SesEmailSender } from './ses-email-sender.js';
import { SmsSender } from './sms-sender.js';

// Loaded with `import()` by setup-delivery.ts on the first message a deployed function sends:
// the providers' clients are chunks of their own, not part of the cold start.

/** SES v2 e-mail from `from`, with the function's configuration set. */
export function sesSender(from: string | undefined, configurationSet: string): DeliveryPort {
  return new SesEmailSender(new SESv2Client({}), from, configurationSet);
}

/** End User Messaging SMS from `origination`. */
export function smsSender(origination: string | undefined): DeliveryPort {
  return new SmsSender(new PinpointSMSVoiceV2Client({}), origination);
}

/** The bank's messaging gateway queue. */
export function gatewaySender(queueUrl: string): DeliveryPort {
  return new GatewaySender(new SQSClient({}), queueUrl);
}
