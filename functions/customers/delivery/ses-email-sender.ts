import {
  AccountSuspendedException,
  BadRequestException,
  MailFromDomainNotVerifiedException,
  MessageRejected,
  NotFoundException,
  type SESv2Client,
  SendEmailCommand,
  SendingPausedException,
} from '@aws-sdk/client-sesv2';
import {
  DeliveryNotConfiguredError,
  type DeliveryPort,
  type OutboundMessage,
  type SendOutcome,
} from '../service/delivery-port.js';
import { SES_TAGS } from './ses-events.js';

/** SES refusals that a retry would meet again: the message (or the account) is refused for good. */
const PERMANENT = [
  MessageRejected,
  MailFromDomainNotVerifiedException,
  AccountSuspendedException,
  SendingPausedException,
  NotFoundException,
  BadRequestException,
];

/** A subject line when the template has none: the text's first line, shortened. */
function subjectOf(message: OutboundMessage): string {
  const firstLine = message.text.split(/\r?\n/, 1)[0] ?? '';
  return message.subject ?? (firstLine.length > 78 ? `${firstLine.slice(0, 77)}…` : firstLine);
}

/**
 * E-mail through Amazon SES v2 (`SendEmail`, a simple UTF-8 text message) from the configured
 * sender, with the configured configuration set. SES does not refuse a recipient address
 * synchronously (a bounce arrives later, through the configuration set's event destination to
 * EventBridge), so a refusal here is never a failed contact point. The message is tagged with
 * its contact and customer ids (never an address): SES hands the tags back in every event of the
 * message, which is how a later bounce names its contact (ses-events.ts).
 */
export class SesEmailSender implements DeliveryPort {
  constructor(
    private readonly ses: SESv2Client,
    private readonly from: string | undefined,
    private readonly configurationSet: string | undefined,
  ) {}

  async send(message: OutboundMessage): Promise<SendOutcome> {
    if (this.from === undefined) {
      throw new DeliveryNotConfiguredError('DELIVERY_EMAIL_FROM is not set: SES has no sender');
    }
    if (message.address === undefined) throw new Error('An e-mail needs an address');
    try {
      await this.ses.send(
        new SendEmailCommand({
          FromEmailAddress: this.from,
          Destination: { ToAddresses: [message.address] },
          Content: {
            Simple: {
              Subject: { Data: subjectOf(message), Charset: 'UTF-8' },
              Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
            },
          },
          EmailTags: [
            { Name: SES_TAGS.contactId, Value: message.contactId },
            { Name: SES_TAGS.customerId, Value: message.customerId },
          ],
          ...(this.configurationSet === undefined ? {} : { ConfigurationSetName: this.configurationSet }),
        }),
      );
      return { outcome: 'accepted', provider: 'ses' };
    } catch (error) {
      if (PERMANENT.some((kind) => error instanceof kind)) {
        return { outcome: 'rejected', provider: 'ses', addressRejected: false };
      }
      throw error;
    }
  }
}
