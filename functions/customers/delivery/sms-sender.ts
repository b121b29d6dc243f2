import {
  AccessDeniedException,
  ConflictException,
  type PinpointSMSVoiceV2Client,
  ResourceNotFoundException,
  SendTextMessageCommand,
  ValidationException,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { DeliveryPort, OutboundMessage, SendOutcome } from '../service/delivery-port.js';

/**
 * Refusals that name the destination number itself: it opted out, or the account's protect
 * configuration blocks it. The number does not work for us: a failed contact point.
 */
const ADDRESS_REFUSALS: ReadonlySet<string> = new Set([
  'DESTINATION_PHONE_NUMBER_OPTED_OUT',
  'DESTINATION_PHONE_NUMBER_BLOCKED_BY_PROTECT_NUMBER_OVERRIDE',
]);

/** Mobiles are kept as 11 mainland digits (shared/identity/mobile.ts); the service takes E.164. */
function e164(mobile: string): string {
  return mobile.startsWith('+') ? mobile : `+86${mobile}`;
}

/**
 * SMS through AWS End User Messaging SMS (`SendTextMessage`), from the configured origination
 * identity, transactional unless the contact is marketing. Throttling and server errors are
 * thrown (retried); a refusal of the number is a failed contact point; any other refusal of the
 * request (validation, access, an unknown identity) fails the message only.
 */
export class SmsSender implements DeliveryPort {
  constructor(
    private readonly sms: PinpointSMSVoiceV2Client,
    private readonly origination: string | undefined,
  ) {}

  async send(message: OutboundMessage): Promise<SendOutcome> {
    if (message.address === undefined) throw new Error('An SMS needs a mobile number');
    try {
      await this.sms.send(
        new SendTextMessageCommand({
          DestinationPhoneNumber: e164(message.address),
          MessageBody: message.text,
          MessageType: message.promotional ? 'PROMOTIONAL' : 'TRANSACTIONAL',
          ...(this.origination === undefined ? {} : { OriginationIdentity: this.origination }),
        }),
      );
      return { outcome: 'accepted', provider: 'sms' };
    } catch (error) {
      if (error instanceof ConflictException || error instanceof ValidationException) {
        const addressRejected = error.Reason !== undefined && ADDRESS_REFUSALS.has(error.Reason);
        return { outcome: 'rejected', provider: 'sms', addressRejected };
      }
      if (error instanceof AccessDeniedException || error instanceof ResourceNotFoundException) {
        return { outcome: 'rejected', provider: 'sms', addressRejected: false };
      }
      throw error;
    }
  }
}
