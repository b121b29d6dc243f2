import { ProductHoldingChanged, parseExternalEvent } from '../../../shared/events/external.js';
import { type EventDefinition, type EventDetail, parseEventDetail } from '../../../shared/events/index.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import { isEventOf, parsedOrRejected, UnprocessableEventError } from '../../../shared/messaging/rejection.js';
import { applyUnderRevision } from '../../../shared/mirror/apply-under-revision.js';
import { CustomerSegmentChanged } from '../../activity/events.js';
import {
  CustomerErased,
  CustomerProfileChanged,
  CustomerRegistered,
  CustomerRestricted,
  CustomerRestrictionLifted,
} from '../../customers/events.js';
import { type AnnouncedProduct, ProductChanged } from '../../products/events.js';
import {
  applyMirrorChange,
  MIRRORED_DIMENSIONS,
  type MirrorChange,
  type MirroredDimension,
  type MirrorRecord,
} from '../domain/facts-mirror.js';
import type { RecommendationsDeps } from './deps.js';

/**
 * The consumer's work (docs/domain-rules.md §19.2): each subscribed event becomes one change to
 * a customer's facts (applied under the item's revision; a repeated or older event changes
 * nothing) or one product of the catalogue mirror (kept when its version is higher). A malformed
 * event is unprocessable (`EVENT_INVALID`), an event of another kind was routed here by mistake
 * (`EVENT_UNSUPPORTED`); both go to the dead letter, anything else is retried by the platform.
 */
export type MirrorDeps = Pick<RecommendationsDeps, 'mirror'>;

function parseOwn<D extends EventDefinition>(definition: D, event: ConsumedEvent): EventDetail<D> {
  return parsedOrRejected(() => parseEventDetail(definition, event.detail));
}

const isMirroredDimension = (dimension: string): dimension is MirroredDimension =>
  (MIRRORED_DIMENSIONS as readonly string[]).includes(dimension);

/** What an event tells the mirror: a customer's facts change, a product, or nothing it keeps. */
export type MirrorUpdate =
  | { readonly kind: 'customer'; readonly customerId: string; readonly change: MirrorChange }
  | { readonly kind: 'product'; readonly product: AnnouncedProduct }
  | { readonly kind: 'ignored' };

/** The update an event brings; throws UnprocessableEventError for one it cannot take. */
export function mirrorUpdateOf(event: ConsumedEvent): MirrorUpdate {
  if (isEventOf(CustomerRegistered, event)) {
    const { customerId, customerType, branch, rmId, suitability } = parseOwn(CustomerRegistered, event);
    return {
      kind: 'customer',
      customerId,
      change: { kind: 'registered', customerType, branch, rmId, suitability },
    };
  }
  if (isEventOf(CustomerProfileChanged, event)) {
    const { customerId, version, branch, rmId, relationship, suitability } = parseOwn(
      CustomerProfileChanged,
      event,
    );
    return {
      kind: 'customer',
      customerId,
      change: { kind: 'profile', version, branch, rmId, relationship, suitability },
    };
  }
  if (isEventOf(CustomerRestricted, event) || isEventOf(CustomerRestrictionLifted, event)) {
    const active = isEventOf(CustomerRestricted, event);
    const { customerId, reason, at } = parseOwn(
      active ? CustomerRestricted : CustomerRestrictionLifted,
      event,
    );
    return { kind: 'customer', customerId, change: { kind: 'restriction', reason, active, at } };
  }
  if (isEventOf(CustomerErased, event)) {
    const { customerId, at } = parseOwn(CustomerErased, event);
    return { kind: 'customer', customerId, change: { kind: 'erased', at } };
  }
  if (isEventOf(CustomerSegmentChanged, event)) {
    const { customerId, dimension, to, at } = parseOwn(CustomerSegmentChanged, event);
    // The subscription filters the dimensions the mirror keeps; any other is not its business.
    if (!isMirroredDimension(dimension)) return { kind: 'ignored' };
    return { kind: 'customer', customerId, change: { kind: 'segment', dimension, value: to, at } };
  }
  if (isEventOf(ProductHoldingChanged, event)) {
    const { customerId, productId, riskLevel, action, at } = parsedOrRejected(() =>
      parseExternalEvent(ProductHoldingChanged, event),
    );
    return {
      kind: 'customer',
      customerId,
      change: { kind: 'holding', holding: { productId, riskLevel, action, at } },
    };
  }
  if (isEventOf(ProductChanged, event)) {
    const {
      eventId: _eventId,
      occurredAt: _occurredAt,
      at: _at,
      ...product
    } = parseOwn(ProductChanged, event);
    return { kind: 'product', product };
  }
  throw new UnprocessableEventError(
    'EVENT_UNSUPPORTED',
    'expected a customers, segment, product holding or product event',
  );
}

/**
 * Applies one change to the customer's facts. Undefined when it changed nothing; the facts
 * before and after otherwise.
 */
export function applyToFacts(
  deps: MirrorDeps,
  customerId: string,
  change: MirrorChange,
): Promise<{ readonly before: MirrorRecord | undefined; readonly after: MirrorRecord } | undefined> {
  return applyUnderRevision<MirrorRecord>({
    read: () => deps.mirror.facts(customerId),
    apply: (before) => applyMirrorChange(before, customerId, change),
    write: (after, expectedRevision) => deps.mirror.putFacts(after, expectedRevision),
  });
}

/** Applies one delivered event to the mirrors (idempotent: a redelivery changes nothing). */
export async function consumeMirrorEvent(deps: MirrorDeps, event: ConsumedEvent): Promise<void> {
  const update = mirrorUpdateOf(event);
  switch (update.kind) {
    case 'customer':
      await applyToFacts(deps, update.customerId, update.change);
      return;
    case 'product':
      await deps.mirror.putProduct(update.product);
      return;
    case 'ignored':
      return;
  }
}
