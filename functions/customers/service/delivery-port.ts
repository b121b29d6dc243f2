import type { EventDetail } from '../../../shared/events/index.js';
import type { DeliveryChannel } from '../domain/delivery.js';
import type { ContactDelivered } from '../events.js';

/** Who accepted a message: SES, End User Messaging SMS, the bank's gateway, or the local capture sink. */
export type DeliveryProvider = EventDetail<typeof ContactDelivered>['provider'];

/**
 * One message on its way out. The address and the personalised text are personal data: they
 * exist in memory while the message is sent and are handed to the provider only (and, in the
 * local cloud, to its capture sink); never logged, evented or dead-lettered.
 */
export interface OutboundMessage {
  readonly contactId: string;
  readonly customerId: string;
  readonly channel: DeliveryChannel;
  /** The mobile or e-mail address; absent for app push (the gateway reaches the customer by id). */
  readonly address?: string | undefined;
  readonly subject?: string | undefined;
  readonly text: string;
  /** Marketing goes out as promotional traffic where the provider tells the two apart (SMS). */
  readonly promotional: boolean;
}

/**
 * What the provider said. `accepted`: it took the message (delivery reports may follow).
 * `rejected`: it refused this message for good (retrying would be refused again);
 * `addressRejected` when the reason is the address itself (opted out, unknown number): a failed
 * contact point. A transient failure (throttling, a timeout, a server error) is thrown instead,
 * so the delivery is tried again.
 */
export type SendOutcome =
  | { readonly outcome: 'accepted'; readonly provider: DeliveryProvider }
  | { readonly outcome: 'rejected'; readonly provider: DeliveryProvider; readonly addressRejected: boolean };

/** The delivery port: one implementation per provider, and the one that picks per channel. */
export interface DeliveryPort {
  send(message: OutboundMessage): Promise<SendOutcome>;
}

/** A provider that cannot send at all as configured (no sender address): retried, never a customer's failure. */
export class DeliveryNotConfiguredError extends Error {
  override readonly name = 'DeliveryNotConfiguredError';
}
