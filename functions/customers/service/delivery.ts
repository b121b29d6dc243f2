import { SES_SOURCE } from '../../../shared/capability/email-events.js';
import {
  buildEvent,
  type EventDetail,
  MessageDeliveryReported,
  parseEventDetail,
  parseExternalEvent,
} from '../../../shared/events/index.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import { isEventOf, parsedOrRejected, UnprocessableEventError } from '../../../shared/messaging/rejection.js';
import { ContactDispatched } from '../../engagement/events.js';
import { isSesReportEvent, sesDeliveryReport } from '../delivery/ses-events.js';
import { type DeliveryFailure, decideDelivery, greetingName, personalise } from '../domain/delivery.js';
import { type DeliveryReport, reportResult } from '../domain/delivery-report.js';
import { ContactDelivered, ContactDeliveryFailed } from '../events.js';
import type { DeliveryLedger } from '../store/delivery-ledger.js';
import type { DeliveryPort, DeliveryProvider } from './delivery-port.js';
import type { CustomerDeps } from './deps.js';
import { reveal } from './secrets.js';

/** What delivering a contact needs: the record and its data key, the clock, a provider and the markers. */
export type DeliveryDeps = Pick<CustomerDeps, 'store' | 'cipher' | 'clock'> & {
  readonly port: DeliveryPort;
  readonly ledger: DeliveryLedger;
};

/** What one event came to: codes and a provider only, for the log line (never an address or a name). */
export type DeliveryOutcome =
  | { readonly outcome: 'delivered'; readonly provider: DeliveryProvider }
  | { readonly outcome: 'failed'; readonly reason: DeliveryFailure; readonly contactPointFailed: boolean }
  | { readonly outcome: 'duplicate' };

type Dispatched = EventDetail<typeof ContactDispatched>;

/**
 * The CustomersDelivery function's work for one event: a contact engagement dispatched (deliver
 * it) or a report of the bank's messaging gateway on one (announce its result). Anything else,
 * or a malformed detail, is unprocessable (dead-lettered with its code).
 */
export async function processDeliveryEvent(
  deps: DeliveryDeps,
  event: ConsumedEvent,
): Promise<DeliveryOutcome> {
  if (isEventOf(ContactDispatched, event)) {
    return deliverContact(
      deps,
      parsedOrRejected(() => parseEventDetail(ContactDispatched, event.detail)),
    );
  }
  if (isEventOf(MessageDeliveryReported, event)) {
    const report = parsedOrRejected(() => parseExternalEvent(MessageDeliveryReported, event));
    return applyDeliveryReport(deps, {
      contactId: report.contactId,
      customerId: report.customerId,
      channel: report.channel,
      status: report.status,
      provider: 'gateway',
      at: report.at,
    });
  }
  if (isSesReportEvent(event)) return applyDeliveryReport(deps, sesDeliveryReport(event));
  throw new UnprocessableEventError(
    'EVENT_UNSUPPORTED',
    `expected ${ContactDispatched.source}/${ContactDispatched.detailType}, ${MessageDeliveryReported.source}/${MessageDeliveryReported.detailType} or ${SES_SOURCE} e-mail delivery events`,
  );
}

/**
 * Delivers one dispatched contact (docs/domain-rules.md §18.5), at most once per contact id:
 *
 * 1. The record decides again, as it is now (erased, restricted, the customer's own marketing
 *    consent, an address for the channel). A refusal is recorded with ContactDeliveryFailed in
 *    one transaction with the contact's marker, so a redelivery finds the marker and does nothing.
 * 2. Otherwise the contact is claimed (a conditional put of its marker) before anything is sent;
 *    a redelivery that finds the claim sends nothing.
 * 3. The address and the name are decrypted in memory, `{name}` filled in, and the message sent.
 * 4. The outcome is recorded with ContactDelivered or ContactDeliveryFailed, in one transaction.
 *
 * A failure worth retrying (throttling, a timeout, no sender configured) gives the claim up and
 * is thrown: the platform delivers the event again and the retry sends. A crash between the send
 * and step 4 (the function timed out, the process died) leaves the claim: the message may have
 * gone out, so a redelivery does not send it again and no result is announced; the contact stays
 * `sent` in engagement, and its marker stays `sending` until it expires. At most once, never twice.
 */
export async function deliverContact(deps: DeliveryDeps, contact: Dispatched): Promise<DeliveryOutcome> {
  const record = await deps.store.get(contact.customerId);
  if (record === undefined) {
    throw new UnprocessableEventError('CUSTOMER_UNKNOWN', 'customerId names no customer of this CRM', [
      'customerId',
    ]);
  }
  const marker = { contactId: contact.contactId, customerId: contact.customerId, channel: contact.channel };
  const decision = decideDelivery(record, contact);
  if (decision.kind === 'refuse') {
    const now = deps.clock.now();
    const refused = await deps.ledger.refuse(marker, failedEvent(contact, decision.reason, false, now), now);
    return refused
      ? { outcome: 'failed', reason: decision.reason, contactPointFailed: false }
      : { outcome: 'duplicate' };
  }
  if (!(await deps.ledger.claim(marker, deps.clock.now()))) return { outcome: 'duplicate' };

  let sent: Awaited<ReturnType<DeliveryPort['send']>>;
  try {
    const fields = [decision.addressField, decision.nameField].flatMap((field) =>
      field === undefined ? [] : [field],
    );
    const secrets = await reveal(deps, record, fields);
    const name = greetingName(
      record,
      decision.nameField === undefined ? undefined : secrets[decision.nameField],
    );
    sent = await deps.port.send({
      contactId: contact.contactId,
      customerId: contact.customerId,
      channel: contact.channel,
      address: decision.addressField === undefined ? undefined : secrets[decision.addressField],
      subject: contact.subject === undefined ? undefined : personalise(contact.subject, name, contact.locale),
      text: personalise(contact.text, name, contact.locale),
      promotional: contact.purpose === 'marketing',
    });
  } catch (error) {
    // Nothing was accepted (a transient error, or no sender configured): let the retry send.
    await deps.ledger.release(contact.contactId);
    throw error;
  }

  const now = deps.clock.now();
  if (sent.outcome === 'accepted') {
    const event = buildEvent(
      ContactDelivered,
      { ...marker, provider: sent.provider, at: now.toISOString() },
      now,
    );
    await deps.ledger.settle(contact.contactId, 'delivered', event, now);
    return { outcome: 'delivered', provider: sent.provider };
  }
  await deps.ledger.settle(
    contact.contactId,
    'failed',
    failedEvent(contact, 'failed', sent.addressRejected, now),
    now,
  );
  return { outcome: 'failed', reason: 'failed', contactPointFailed: sent.addressRejected };
}

function failedEvent(
  contact: Pick<Dispatched, 'contactId' | 'customerId' | 'channel'>,
  reason: DeliveryFailure,
  contactPointFailed: boolean,
  now: Date,
) {
  return buildEvent(
    ContactDeliveryFailed,
    {
      contactId: contact.contactId,
      customerId: contact.customerId,
      channel: contact.channel,
      reason,
      contactPointFailed,
      at: now.toISOString(),
    },
    now,
  );
}

/**
 * What a provider later reports on a message it accepted (docs/domain-rules.md §18.5): the
 * bank's gateway (MessageDeliveryReported) or SES (its configuration set's events, the contact
 * named by the message's tags), one mapping for both (`reportResult`): `delivered` →
 * ContactDelivered with the provider; `bounced` → ContactDeliveryFailed `bounced` with
 * `contactPointFailed` (the address does not work); `failed` and a complaint →
 * ContactDeliveryFailed `failed`. Only a contact this capability handed to delivery, for the
 * same customer and channel, is reported on (`CONTACT_UNKNOWN` otherwise): an event never marks
 * another customer's address. Once per contact and status: a repeated report announces nothing.
 */
export async function applyDeliveryReport(
  deps: Pick<DeliveryDeps, 'ledger' | 'clock'>,
  report: DeliveryReport,
): Promise<DeliveryOutcome> {
  const marker = await deps.ledger.find(report.contactId);
  if (marker === undefined || marker.customerId !== report.customerId || marker.channel !== report.channel) {
    throw new UnprocessableEventError(
      'CONTACT_UNKNOWN',
      'contactId names no contact handed to delivery for this customer and channel',
      ['contactId'],
    );
  }
  const now = deps.clock.now();
  const { at } = report;
  const subject = { contactId: marker.contactId, customerId: marker.customerId, channel: marker.channel };
  const outcome = reportResult(report);
  const event =
    outcome.outcome === 'delivered'
      ? buildEvent(ContactDelivered, { ...subject, provider: outcome.provider, at }, now)
      : buildEvent(
          ContactDeliveryFailed,
          { ...subject, reason: outcome.reason, contactPointFailed: outcome.contactPointFailed, at },
          now,
        );
  const recorded = await deps.ledger.report(report.contactId, report.status, event, now);
  return recorded ? outcome : { outcome: 'duplicate' };
}
