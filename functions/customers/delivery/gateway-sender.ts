import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeliveryPort, OutboundMessage, SendOutcome } from '../service/delivery-port.js';

/**
 * What the bank's messaging gateway reads from the gateway queue, one message per contact. The
 * queue is encrypted with the customer-managed key and owned by the customers capability: the
 * only place an address leaves it, for the bank's own system. The gateway reports the outcome
 * as MessageDeliveryReported (source `bank-messaging`), naming the contact.
 */
export interface GatewayMessage {
  readonly contactId: string;
  readonly channel: OutboundMessage['channel'];
  /** The mobile or e-mail address (SMS, e-mail). */
  readonly address?: string;
  /** The customer, for app push: the gateway knows the customer's devices, we do not. */
  readonly customerId?: string;
  readonly subject?: string;
  readonly text: string;
  readonly promotional: boolean;
}

/** The gateway message of an outbound message: an address, or the customer id for app push. */
export function gatewayMessage(message: OutboundMessage): GatewayMessage {
  return {
    contactId: message.contactId,
    channel: message.channel,
    ...(message.address === undefined ? { customerId: message.customerId } : { address: message.address }),
    ...(message.subject === undefined ? {} : { subject: message.subject }),
    text: message.text,
    promotional: message.promotional,
  };
}

/**
 * Hands messages to the bank's own messaging gateway through its queue (SQS `SendMessage`); the
 * only provider in `aws-cn`. Accepted once the queue has it; what the gateway makes of it comes
 * back as MessageDeliveryReported. Any SQS error is thrown (retried).
 */
export class GatewaySender implements DeliveryPort {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(message: OutboundMessage): Promise<SendOutcome> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(gatewayMessage(message)),
        // Names the contact, never the customer's data: the gateway may route on it.
        MessageAttributes: { channel: { DataType: 'String', StringValue: message.channel } },
      }),
    );
    return { outcome: 'accepted', provider: 'gateway' };
  }
}
