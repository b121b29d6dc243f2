import { type EventDefinition, type EventDetail, parseEventDetail } from '../../../shared/events/index.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import { isEventOf, parsedOrRejected } from '../../../shared/messaging/rejection.js';
import { applyUnderRevision } from '../../../shared/mirror/apply-under-revision.js';
import { CustomerSegmentChanged } from '../../activity/events.js';
import {
  ConsentChanged,
  ContactPreferencesChanged,
  CustomerErased,
  CustomerProfileChanged,
  CustomerRegistered,
  CustomerRestricted,
  CustomerRestrictionLifted,
} from '../../customers/events.js';
import {
  applyFactsChange,
  type FactsChange,
  type FactsRecord,
  isWithdrawal,
} from '../domain/facts-mirror.js';
import type { KpiAddition } from '../store/contact-store.js';
import type { CustomerKeys } from '../store/customer-keys.js';
import { type ContactPathDeps, refuseDeferred } from './contacts.js';

/**
 * The facts mirror's consumer (docs/domain-rules.md §18.6): each customers or activity event
 * becomes one change to the customer's facts, applied under the item's revision; a repeated or
 * older event changes nothing. A marketing withdrawal counts an opt-out with the change and
 * refuses the deferred marketing contacts the consent no longer allows; an erasure clears the
 * consents, shreds the customer's engagement key and refuses every deferred contact.
 */
export interface FactsDeps extends ContactPathDeps {
  readonly keys: CustomerKeys;
}

function parseOwn<D extends EventDefinition>(definition: D, event: ConsumedEvent): EventDetail<D> {
  return parsedOrRejected(() => parseEventDetail(definition, event.detail));
}

/** The facts change an event brings, if it is one the mirror keeps. */
export function factsChangeOf(event: ConsumedEvent): { customerId: string; change: FactsChange } | undefined {
  if (isEventOf(CustomerRegistered, event)) {
    const { customerId, branch, rmId } = parseOwn(CustomerRegistered, event);
    return { customerId, change: { kind: 'registered', branch, rmId } };
  }
  if (isEventOf(CustomerProfileChanged, event)) {
    const { customerId, version, branch, rmId, relationship } = parseOwn(CustomerProfileChanged, event);
    return { customerId, change: { kind: 'profile', version, branch, rmId, relationship } };
  }
  if (isEventOf(ConsentChanged, event)) {
    const { customerId, purpose, granted, channels, at } = parseOwn(ConsentChanged, event);
    return { customerId, change: { kind: 'consent', purpose, granted, channels, at } };
  }
  if (isEventOf(CustomerRestricted, event) || isEventOf(CustomerRestrictionLifted, event)) {
    const active = isEventOf(CustomerRestricted, event);
    const { customerId, reason, at } = parseOwn(
      active ? CustomerRestricted : CustomerRestrictionLifted,
      event,
    );
    return { customerId, change: { kind: 'restriction', reason, active, at } };
  }
  if (isEventOf(ContactPreferencesChanged, event)) {
    const { customerId, version, preferredChannel, timeZone } = parseOwn(ContactPreferencesChanged, event);
    return { customerId, change: { kind: 'preferences', version, preferredChannel, timeZone } };
  }
  if (isEventOf(CustomerSegmentChanged, event)) {
    const { customerId, dimension, to, at } = parseOwn(CustomerSegmentChanged, event);
    // The subscription filters the composite grade; any other dimension is not the mirror's.
    if (dimension !== 'compositeGrade') return undefined;
    return { customerId, change: { kind: 'grade', grade: to, at } };
  }
  if (isEventOf(CustomerErased, event)) {
    const { customerId, at } = parseOwn(CustomerErased, event);
    return { customerId, change: { kind: 'erased', at } };
  }
  return undefined;
}

/** An opt-out, counted with the withdrawal in the customer's branch (marketing only). */
function optOutOf(
  before: FactsRecord | undefined,
  after: FactsRecord,
  change: FactsChange,
): KpiAddition | undefined {
  if (change.kind !== 'consent' || change.purpose !== 'marketing' || after.branch === undefined)
    return undefined;
  const consent = after.consents.marketing;
  if (consent === undefined || !isWithdrawal(before?.consents.marketing, consent)) return undefined;
  return { branch: after.branch, at: change.at, increments: { optOuts: 1 } };
}

/**
 * Applies one change to the customer's facts. Undefined when it changed nothing; the facts
 * before and after otherwise.
 */
export async function applyChange(
  deps: Pick<FactsDeps, 'facts'>,
  customerId: string,
  change: FactsChange,
): Promise<{ readonly before: FactsRecord | undefined; readonly after: FactsRecord } | undefined> {
  return applyUnderRevision<FactsRecord>({
    read: () => deps.facts.get(customerId),
    apply: (before) => applyFactsChange(before, customerId, change),
    write: (after, expectedRevision, before) =>
      deps.facts.put(after, expectedRevision, optOutOf(before, after, change)),
  });
}

/**
 * Applies a customers or activity event to the mirror; false when the event is not the
 * mirror's. The refusals run on every delivery of a withdrawal or an erasure (they are
 * idempotent), so a delivery retried after the facts were written still finishes them.
 */
export async function consumeFactsEvent(deps: FactsDeps, event: ConsumedEvent): Promise<boolean> {
  const found = factsChangeOf(event);
  if (found === undefined) return false;
  const { customerId, change } = found;
  await applyChange(deps, customerId, change);
  if (change.kind === 'erased') {
    await deps.keys.shred(customerId);
    await refuseDeferred(deps, customerId, 'customer-erased', () => true);
  } else if (change.kind === 'consent' && change.purpose === 'marketing') {
    const consent = (await deps.facts.get(customerId))?.consents.marketing;
    const granted: readonly string[] = consent?.channels ?? [];
    await refuseDeferred(
      deps,
      customerId,
      'consent-withdrawn',
      (contact) =>
        contact.purpose === 'marketing' &&
        // A contact deferred before its channel was chosen goes while any channel is granted;
        // the policy checks the consent again when it is due.
        (contact.channel === undefined ? granted.length === 0 : !granted.includes(contact.channel)),
    );
  }
  return true;
}
