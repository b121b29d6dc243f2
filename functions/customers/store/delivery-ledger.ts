import type { CrmEvent } from '../../../shared/events/index.js';
import type { DeliveryChannel } from '../domain/delivery.js';

/** A contact's delivery as the customers capability keeps it: ids, a channel and a status, nothing personal. */
export interface DeliveryMarker {
  readonly contactId: string;
  readonly customerId: string;
  readonly channel: DeliveryChannel;
  /** `sending`: claimed, the outcome not recorded yet. */
  readonly status: 'sending' | 'delivered' | 'failed';
}

/**
 * The per-contact markers that make delivery idempotent: a redelivered ContactDispatched (or a
 * redriven dead letter) finds the contact's marker and sends nothing twice. Each outcome is
 * written with its event (ContactDelivered, ContactDeliveryFailed) in one transaction.
 */
export interface DeliveryLedger {
  /** Claims the contact before anything is sent: false when a delivery of it was already made or begun. */
  claim(marker: Omit<DeliveryMarker, 'status'>, now: Date): Promise<boolean>;
  /** Records the outcome of a claimed send, with its event. */
  settle(contactId: string, status: 'delivered' | 'failed', event: CrmEvent, now: Date): Promise<void>;
  /** Gives up a claim whose send failed in a way worth retrying, so the retry may send. */
  release(contactId: string): Promise<void>;
  /** Records a contact refused before sending, with its event: false when the contact was already handled. */
  refuse(marker: Omit<DeliveryMarker, 'status'>, event: CrmEvent, now: Date): Promise<boolean>;
  /** The contact's marker, if it was ever handed to delivery (and the marker has not expired). */
  find(contactId: string): Promise<DeliveryMarker | undefined>;
  /** Records a gateway report with its event, once per contact and status: false when already recorded. */
  report(contactId: string, status: string, event: CrmEvent, now: Date): Promise<boolean>;
}
