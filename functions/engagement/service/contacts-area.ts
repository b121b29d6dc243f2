import { type EventDetail, parseEventDetail } from '../../../shared/events/index.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import { isEventOf, parsedOrRejected } from '../../../shared/messaging/rejection.js';
import { ComplaintContactRequested } from '../../complaints/events.js';
import { RecommendationContactRequested } from '../../recommendations/events.js';
import { RetentionContactRequested } from '../../retention/events.js';
import { contactApi } from '../api/contact-handlers.js';
import { customerFactsOf } from '../domain/facts-mirror.js';
import type { ContactRequest } from '../domain/model.js';
import { DynamoCustomerKeys } from '../store/customer-keys.js';
import { DynamoContactStore } from '../store/dynamo-contact-store.js';
import { DynamoFactsStore } from '../store/dynamo-facts-store.js';
import type { EngagementArea } from './area.js';
import { type ContactPathDeps, contactRequester } from './contacts.js';
import { consumeDeliveryResult } from './delivery-results.js';
import type { EngagementBase } from './deps.js';
import { decideDueContacts } from './due-contacts.js';
import { consumeFactsEvent, type FactsDeps } from './facts.js';
import type { ContactRequester, CustomerFactsReader, TemplateReader } from './ports.js';

/**
 * The contact requests other capabilities publish, each with who asks (its source): complaint
 * updates, the recommendations an RM sends (purpose `marketing`, docs/domain-rules.md §19.5) and
 * a retention case's care contacts and offers (purpose `care` or `marketing`, §20.5), which the
 * contact policy decides like any other request.
 */
const REQUESTED_CONTACTS = [
  ComplaintContactRequested,
  RecommendationContactRequested,
  RetentionContactRequested,
] as const;
type RequestedContact = (typeof REQUESTED_CONTACTS)[number];

/** The request a published contact request carries (its envelope left out), asked by its source. */
function publishedRequest(
  definition: RequestedContact,
  detail: EventDetail<RequestedContact>,
): ContactRequest {
  const { eventId: _eventId, occurredAt: _occurredAt, ...request } = detail;
  return { ...request, requestedBy: definition.source };
}

/**
 * The contact path's area (docs/domain-rules.md §18.1–18.6): the facts mirror, the requests of
 * other capabilities, delivery results, deferred contacts decided again by the minute job, and
 * the contact history routes. It gives the other areas the requester (surveys) and the facts.
 */
export function contactsArea(
  base: EngagementBase,
  ports: { readonly templates: TemplateReader },
): EngagementArea & { readonly requester: ContactRequester; readonly facts: CustomerFactsReader } {
  const facts = new DynamoFactsStore(base.db, base.tables.engagement);
  const deps: ContactPathDeps = {
    store: new DynamoContactStore(base.db, base.tables.engagement),
    facts,
    templates: ports.templates,
    settings: base.settings,
    clock: base.clock,
  };
  const factsDeps: FactsDeps = {
    ...deps,
    // Only erasure reaches for the key table (the consumer's `erase` access): nothing is opened.
    keys: new DynamoCustomerKeys(base.db, base.tables.keys, () => base.cipher),
  };
  return {
    routeHandlers: () => contactApi(deps),
    consume: async (event: ConsumedEvent) => {
      if (await consumeFactsEvent(factsDeps, event)) return;
      if (await consumeDeliveryResult(deps, event)) return;
      const definition = REQUESTED_CONTACTS.find((requested) => isEventOf(requested, event));
      if (definition !== undefined) {
        const detail = parsedOrRejected(() => parseEventDetail(definition, event.detail));
        await contactRequester(deps).request(publishedRequest(definition, detail));
      }
    },
    due: (now) => decideDueContacts(deps, now),
    daily: async () => ({}),
    requester: contactRequester(deps),
    facts: { factsOf: async (customerId) => customerFactsOf(await facts.get(customerId)) },
  };
}
