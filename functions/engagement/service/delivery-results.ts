import { parseEventDetail } from '../../../shared/events/index.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import { isEventOf, parsedOrRejected } from '../../../shared/messaging/rejection.js';
import { ContactDelivered, ContactDeliveryFailed } from '../../customers/events.js';
import { customerFactsOf } from '../domain/facts-mirror.js';
import type { ConsentChannel } from '../domain/model.js';
import type { ContactRecord, DeliveryResult } from '../store/contact-store.js';
import type { ContactPathDeps } from './contacts.js';
import { applyChange } from './facts.js';

/**
 * Delivery results (docs/domain-rules.md §18.5): the customers capability reports what became of
 * a dispatched contact. The contact takes the result (delivered, or failed with the reason); a
 * failed contact point marks the channel failed in the customer's facts (the policy then avoids
 * it) until a later delivery on it succeeds; a delivered survey counts `surveysDelivered` (the
 * response rate's denominator). A result older than the one recorded changes nothing, so a
 * redelivery writes nothing twice.
 */
const ATTEMPTS = 3;

interface ReportedResult {
  readonly customerId: string;
  readonly contactId: string;
  readonly channel: ConsentChannel;
  readonly result: DeliveryResult;
}

function resultOf(event: ConsumedEvent): ReportedResult | undefined {
  if (isEventOf(ContactDelivered, event)) {
    const detail = parsedOrRejected(() => parseEventDetail(ContactDelivered, event.detail));
    return {
      customerId: detail.customerId,
      contactId: detail.contactId,
      channel: detail.channel,
      result: { result: 'delivered', at: detail.at, channel: detail.channel, provider: detail.provider },
    };
  }
  if (isEventOf(ContactDeliveryFailed, event)) {
    const detail = parsedOrRejected(() => parseEventDetail(ContactDeliveryFailed, event.detail));
    return {
      customerId: detail.customerId,
      contactId: detail.contactId,
      channel: detail.channel,
      result: {
        result: 'failed',
        at: detail.at,
        channel: detail.channel,
        reason: detail.reason,
        contactPointFailed: detail.contactPointFailed,
      },
    };
  }
  return undefined;
}

/** Whether `result` is news for the contact: it was sent and has no result yet, or an older one. */
function takes(contact: ContactRecord, result: DeliveryResult): boolean {
  if (contact.delivery !== undefined) return contact.delivery.at < result.at;
  return contact.status === 'sent';
}

async function recordOnContact(
  deps: ContactPathDeps,
  customerId: string,
  contactId: string,
  result: DeliveryResult,
): Promise<void> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const contact = await deps.store.contact(customerId, contactId);
    // A result for a contact this capability did not dispatch changes no contact.
    if (contact === undefined || !takes(contact, result)) return;
    const firstDelivery =
      contact.purpose === 'survey' && result.result === 'delivered' && contact.status === 'sent';
    const facts = firstDelivery ? customerFactsOf(await deps.facts.get(customerId)) : undefined;
    const outcome = await deps.store.record({
      at: result.at,
      contact: { ...contact, status: result.result, delivery: result },
      expectedRevision: contact.revision,
      events: [],
      kpi:
        facts === undefined
          ? undefined
          : { branch: facts.branch, at: result.at, increments: { surveysDelivered: 1 } },
    });
    if (outcome === 'written') return;
  }
  throw new Error('A contact kept changing while its delivery result was recorded; it will be retried');
}

/** Applies a delivery result; false when the event is not one. */
export async function consumeDeliveryResult(deps: ContactPathDeps, event: ConsumedEvent): Promise<boolean> {
  const found = resultOf(event);
  if (found === undefined) return false;
  const { customerId, contactId, channel, result } = found;
  await recordOnContact(deps, customerId, contactId, result);
  if (result.result === 'delivered' || result.contactPointFailed === true) {
    await applyChange(deps, customerId, {
      kind: 'channel-result',
      channel,
      failed: result.result === 'failed',
      at: result.at,
    });
  }
  return true;
}
