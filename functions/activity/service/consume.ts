import {
  ComplianceStatusChanged,
  CreditRatingChanged,
  type EventDefinition,
  type EventDetail,
  parseEventDetail,
  parseExternalEvent,
} from '../../../shared/events/index.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import { isEventOf, parsedOrRejected, UnprocessableEventError } from '../../../shared/messaging/rejection.js';
import { CustomerErased, CustomerProfileChanged, CustomerRegistered } from '../../customers/events.js';
import type { FactsChange } from '../domain/customer-facts.js';
import { canonicalInstant } from '../domain/months.js';
import type { FactsOutcome } from '../store/grading-store.js';
import type { IngestDeps } from './deps.js';
import { ingestEvent } from './ingest.js';

/**
 * What consuming one event did. `applied`: the customer's data changed (and its grading was
 * requested); `ignored`: a duplicate or an older fact, nothing new kept (the grading is
 * requested again: an earlier delivery may have failed before its request), or an erased
 * customer's late event; `parked`: the customer is unknown, the event is kept until it
 * registers; `already-parked`: the customer is still unknown and this event is kept already (a
 * redelivery, a replayed batch item): a duplicate, nothing new is kept.
 */
export type ConsumeOutcome = 'applied' | 'ignored' | 'parked' | 'already-parked';

export interface ConsumeResult {
  readonly outcome: ConsumeOutcome;
  readonly customerId: string;
  /** TransactWriteItems calls of a TransactionPosted's ingestion. */
  readonly writes?: number;
}

/** Our own events carry eventId/occurredAt in their detail; external ones get them from the envelope. */
function parseOwn<D extends EventDefinition>(definition: D, event: ConsumedEvent): EventDetail<D> {
  return parsedOrRejected(() => parseEventDetail(definition, event.detail));
}

function parseExternal<D extends EventDefinition>(definition: D, event: ConsumedEvent): EventDetail<D> {
  return parsedOrRejected(() => parseExternalEvent(definition, event));
}

/** The facts change an event brings, if it is one of the facts events. */
function factsChangeOf(event: ConsumedEvent): { customerId: string; change: FactsChange } | undefined {
  if (isEventOf(CustomerRegistered, event)) {
    const detail = parseOwn(CustomerRegistered, event);
    return {
      customerId: detail.customerId,
      change: {
        kind: 'registered',
        customerType: detail.customerType,
        branch: detail.branch,
        rmId: detail.rmId,
        onboardedAt: canonicalInstant(detail.onboardedAt),
      },
    };
  }
  if (isEventOf(CustomerProfileChanged, event)) {
    const detail = parseOwn(CustomerProfileChanged, event);
    return {
      customerId: detail.customerId,
      change: {
        kind: 'assignment',
        version: detail.version,
        branch: detail.branch,
        rmId: detail.rmId,
        relationship: detail.relationship,
      },
    };
  }
  if (isEventOf(CreditRatingChanged, event)) {
    const detail = parseExternal(CreditRatingChanged, event);
    return {
      customerId: detail.customerId,
      change: { kind: 'credit', grade: detail.grade, at: canonicalInstant(detail.at) },
    };
  }
  if (isEventOf(ComplianceStatusChanged, event)) {
    const detail = parseExternal(ComplianceStatusChanged, event);
    return {
      customerId: detail.customerId,
      change: { kind: 'compliance', status: detail.status, at: canonicalInstant(detail.at) },
    };
  }
  return undefined;
}

/**
 * Consumes one event: customer facts (crm.customers, credit risk, AML) or activity (core
 * banking), then requests the customer's grading (the grader does it, coalesced per customer:
 * docs/architecture.md, "Coalesced work"); CustomerErased removes everything kept about the
 * customer (docs/domain-rules.md §9.4) and requests nothing. Idempotent and order-independent
 * (see ingest.ts and the facts' ordering). An event for an unknown customer is parked and
 * applied when the customer registers; registration releases what was parked.
 * Throws UnprocessableEventError for an event that can never be applied, and whatever the
 * request's queue throws (the event is retried: applying again is idempotent).
 */
export interface ConsumeOptions {
  /**
   * Request the customer's grading after applying (default true). A batch applies all its
   * items first and requests each customer's grading once at the end (see batch.ts).
   */
  readonly requestGrading?: boolean;
}

export async function consumeEvent(
  deps: IngestDeps,
  event: ConsumedEvent,
  options: ConsumeOptions = {},
): Promise<ConsumeResult> {
  // The cause is the event's own id: SQS drops a repeat of the same customer and cause, so a
  // redelivered event queues nothing new while its first request is still queued.
  const requestGrading =
    options.requestGrading === false
      ? async () => undefined
      : (id: string) => deps.gradingRequests.request(id, causeOf(event));
  if (isEventOf(CustomerErased, event)) {
    const { customerId, at } = parseOwn(CustomerErased, event);
    await deps.grading.eraseCustomer(customerId, canonicalInstant(at));
    return { outcome: 'applied', customerId };
  }
  const facts = factsChangeOf(event);
  if (facts !== undefined) {
    const { customerId, change } = facts;
    const outcome: FactsOutcome = await deps.grading.applyFacts(customerId, change);
    if (outcome === 'unknown') {
      return park(deps, event, customerId, `EVENT#${causeOf(event)}`);
    }
    if (outcome === 'erased') return { outcome: 'ignored', customerId };
    if (outcome === 'other-branch') {
      // Scope is never widened on an event alone: no CRM change moves a customer across
      // branches, so such an event is forged or from a future producer; an operator looks at it.
      throw new UnprocessableEventError(
        'EVENT_INVALID',
        'the assignment moves the customer to another branch, which the customers capability never does',
      );
    }
    if (change.kind === 'registered') {
      // A redelivered registration releases too: parking may have raced the first one.
      await releaseParked(deps, customerId);
    }
    // Requested even when stale: see below.
    await requestGrading(customerId);
    return { outcome: outcome === 'stale' ? 'ignored' : 'applied', customerId };
  }
  const ingested = await ingestEvent(deps.activity, event, {
    now: deps.clock.now(),
    postedAtSkewSeconds: deps.postedAtSkewSeconds,
    amountCaps: deps.amountCaps,
  });
  const writes = ingested.writes === undefined ? {} : { writes: ingested.writes };
  switch (ingested.outcome) {
    case 'unknown-customer':
      return { ...(await park(deps, ingested.parkable, ingested.customerId, ingested.eventKey)), ...writes };
    default:
      // A redelivery requests too: when the request failed after the write (and the event was
      // retried), this is the retry that finishes the job. An unchanged grade writes nothing.
      if (ingested.affectsGrading) await requestGrading(ingested.customerId);
      return {
        outcome: ingested.outcome === 'accepted' ? 'applied' : 'ignored',
        customerId: ingested.customerId,
        ...writes,
      };
  }
}

/**
 * What identifies an event (the id a facts event is parked under, the cause of the grading it
 * requests): its own eventId when it has one, else EventBridge's.
 */
function causeOf(event: ConsumedEvent): string {
  const detail = event.detail;
  if (
    typeof detail === 'object' &&
    detail !== null &&
    'eventId' in detail &&
    typeof detail.eventId === 'string'
  ) {
    return detail.eventId;
  }
  return event.id;
}

async function park(
  deps: IngestDeps,
  event: ConsumedEvent,
  customerId: string,
  key: string,
): Promise<ConsumeResult> {
  const now = deps.clock.now();
  const outcome = await deps.grading.park({
    customerId,
    key,
    event,
    parkedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + deps.parkingHours * 3_600_000).toISOString(),
  });
  // An erased customer's late events are dropped: nothing of it is kept again.
  if (outcome === 'erased') return { outcome: 'ignored', customerId };
  // The registration may have committed between our write and the parking, and released an
  // empty list: look again, so the event is never left behind for a known customer.
  const partition = await deps.grading.readCustomer(customerId, now);
  if (partition.facts !== undefined) await releaseParked(deps, customerId);
  return { outcome, customerId };
}

/**
 * Applies every event parked for a customer that is now known, then removes it. Applying is
 * idempotent, so two releases racing (registration and a late parking) do no harm.
 */
export async function releaseParked(deps: IngestDeps, customerId: string): Promise<number> {
  const parked = await deps.grading.parkedFor(customerId);
  for (const item of parked) {
    const result = await consumeEvent(deps, item.event);
    // Still unknown cannot happen for a known customer; if it did, the item stays parked.
    if (result.outcome !== 'parked' && result.outcome !== 'already-parked') {
      await deps.grading.unpark(customerId, item.key);
    }
  }
  return parked.length;
}
