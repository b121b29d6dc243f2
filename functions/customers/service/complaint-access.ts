import { type EventDefinition, type EventDetail, parseEventDetail } from '../../../shared/events/index.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import { isEventOf, parsedOrRejected, UnprocessableEventError } from '../../../shared/messaging/rejection.js';
import { ComplaintAssigned, ComplaintClosed, ComplaintReceived } from '../../complaints/events.js';
import type { CustomerAuditAction } from '../domain/audit-actions.js';
import type { CustomerRecord } from '../domain/customer.js';
import type { ComplaintAccess, CustomerChange, SideItem } from '../store/customer-store.js';
import { complaintGrantKey } from '../store/keys.js';
import { complaintAccessItem, complaintGrant } from '../store/side-items.js';
import { auditEntry } from './audit-entry.js';
import type { Actor, CustomerDeps } from './deps.js';

/** What applying a complaint's event needs: the store and the clock, no keys, no workflows. */
export type ComplaintAccessDeps = Pick<CustomerDeps, 'store' | 'clock'>;

/** The complaints capability, as the customer's audit trail names it. */
export const COMPLAINTS_ACTOR_SUB = 'system:complaints';

/**
 * How long a closed complaint's tombstone is kept (DynamoDB TTL): far longer than any
 * redelivery or dead-letter redrive of its events, so a late assignment grants nothing.
 */
export const COMPLAINT_TOMBSTONE_DAYS = 400;
const RETRIES = 3;

/**
 * `applied`: the customer's audit chain records what changed. `ignored`: nothing to do: a
 * repeat (no clock, the open complaint it links to gives the access), an event already applied
 * or older than the one applied, a complaint already closed, an erased customer (nothing of
 * theirs is read any more).
 */
export type ComplaintAccessOutcome =
  | { readonly outcome: 'applied'; readonly action: CustomerAuditAction }
  | { readonly outcome: 'ignored'; readonly reason: 'repeat' | 'known' | 'stale' | 'closed' | 'erased' };

type Fact =
  | { readonly kind: 'received' }
  | { readonly kind: 'assigned'; readonly assignee: string; readonly order: string }
  | { readonly kind: 'closed' };

/**
 * The CustomersComplaintAccess consumer's work for one event of `crm.complaints` (the bus
 * policy lets only the complaints capability publish under that source): a complaint received
 * opens the customer to the complaints unit; an assignment gives its assignee a read grant
 * (ending the previous assignee's); a closure ends both. Each change is one transaction with a
 * record in the customer's audit chain. An event never widens access beyond what it states:
 * the grant is the assignee's, on the complaint's customer, while that complaint is open.
 */
export async function processComplaintEvent(
  deps: ComplaintAccessDeps,
  event: ConsumedEvent,
): Promise<ComplaintAccessOutcome> {
  if (isEventOf(ComplaintReceived, event)) {
    const detail = parsed(ComplaintReceived, event);
    if (detail.repeat) return { outcome: 'ignored', reason: 'repeat' };
    return applyComplaintFact(deps, detail, { kind: 'received' });
  }
  if (isEventOf(ComplaintAssigned, event)) {
    const detail = parsed(ComplaintAssigned, event);
    const order = `${detail.occurredAt}#${detail.eventId}`;
    return applyComplaintFact(deps, detail, { kind: 'assigned', assignee: detail.assignee, order });
  }
  if (isEventOf(ComplaintClosed, event)) {
    return applyComplaintFact(deps, parsed(ComplaintClosed, event), { kind: 'closed' });
  }
  throw new UnprocessableEventError(
    'EVENT_UNSUPPORTED',
    'expected crm.complaints/ComplaintReceived, ComplaintAssigned or ComplaintClosed',
  );
}

function parsed<D extends EventDefinition>(definition: D, event: ConsumedEvent): EventDetail<D> {
  return parsedOrRejected(() => parseEventDetail(definition, event.detail));
}

interface ComplaintRef {
  readonly eventId: string;
  readonly customerId: string;
  readonly complaintId: string;
}

async function applyComplaintFact(
  deps: ComplaintAccessDeps,
  ref: ComplaintRef,
  fact: Fact,
): Promise<ComplaintAccessOutcome> {
  // Event ids are ASCII tokens (idField), so the audit may carry one as the request id.
  const actor: Actor = { sub: COMPLAINTS_ACTOR_SUB, role: 'system', requestId: ref.eventId };
  for (let attempt = 0; attempt < RETRIES; attempt += 1) {
    const record = await deps.store.get(ref.customerId);
    if (record === undefined) {
      // The complaints capability takes complaints only for customers it learnt of from this
      // one's events: an unknown customer is a defect or a forged event.
      throw new UnprocessableEventError('CUSTOMER_UNKNOWN', 'customerId names no customer of this CRM', [
        'customerId',
      ]);
    }
    const known = await deps.store.complaintAccess(ref.customerId, ref.complaintId);
    const plan = planAccess(record, ref.complaintId, known, fact);
    if (plan.kind === 'ignore') return { outcome: 'ignored', reason: plan.reason };
    const outcome = await deps.store.change(accessChange(deps, record, actor, ref, plan));
    if (outcome.ok) return { outcome: 'applied', action: plan.action };
    // Another change to the customer got there first: plan again on what is stored now.
  }
  throw new Error('The customer kept changing while a complaint event was applied');
}

type Plan =
  | { readonly kind: 'ignore'; readonly reason: 'known' | 'stale' | 'closed' | 'erased' }
  | {
      readonly kind: 'write';
      readonly action: CustomerAuditAction;
      readonly next: ComplaintAccess;
      /** The assignee whose grant begins, and the one whose grant ends. */
      readonly grant?: string | undefined;
      readonly revoke?: string | undefined;
    };

/** What one fact changes, given what is known of the complaint. Pure. */
export function planAccess(
  record: Pick<CustomerRecord, 'shreddedAt'>,
  complaintId: string,
  known: ComplaintAccess | undefined,
  fact: Fact,
): Plan {
  if (known !== undefined && !known.open) return { kind: 'ignore', reason: 'closed' };
  if (fact.kind === 'closed') {
    return {
      kind: 'write',
      action: 'complaint-access.closed',
      next: { complaintId, open: false },
      revoke: known?.assignee,
    };
  }
  // An erased customer is read by no one: no new access, though a closure still ends access.
  if (record.shreddedAt !== undefined) return { kind: 'ignore', reason: 'erased' };
  if (fact.kind === 'received') {
    return known === undefined
      ? { kind: 'write', action: 'complaint-access.opened', next: { complaintId, open: true } }
      : { kind: 'ignore', reason: 'known' };
  }
  const applied = known?.assignedOrder;
  if (applied !== undefined && applied >= fact.order) {
    return { kind: 'ignore', reason: applied === fact.order ? 'known' : 'stale' };
  }
  return {
    kind: 'write',
    action: 'complaint-access.assigned',
    next: { complaintId, open: true, assignee: fact.assignee, assignedOrder: fact.order },
    grant: fact.assignee,
    revoke: known?.assignee === fact.assignee ? undefined : known?.assignee,
  };
}

function accessChange(
  deps: ComplaintAccessDeps,
  record: CustomerRecord,
  actor: Actor,
  ref: ComplaintRef,
  plan: Extract<Plan, { kind: 'write' }>,
): CustomerChange {
  const now = deps.clock.now();
  const tombstoneUntil = plan.next.open
    ? undefined
    : new Date(now.getTime() + COMPLAINT_TOMBSTONE_DAYS * 86_400_000);
  const sideItems: SideItem[] = [complaintAccessItem(ref.customerId, plan.next, tombstoneUntil)];
  if (plan.grant !== undefined) sideItems.push(complaintGrant(plan.grant, ref.customerId, ref.complaintId));
  // Staff ids and the complaint id only: who may read the customer now, and because of what.
  const purpose = [
    `complaint:${ref.complaintId}`,
    ...(plan.grant === undefined ? [] : [`granted:${plan.grant}`]),
    ...(plan.revoke === undefined ? [] : [`ended:${plan.revoke}`]),
  ].join(' ');
  return {
    customerId: ref.customerId,
    base: record,
    expectedAuditSeq: record.audit?.seq ?? 0,
    bumpVersion: false,
    set: [],
    audit: auditEntry(now, ref.customerId, record.audit, actor, plan.action, fieldsOf(plan), purpose),
    events: [],
    sideItems,
    ...(plan.revoke === undefined
      ? {}
      : { deleteItems: [complaintGrantKey(plan.revoke, ref.customerId, ref.complaintId)] }),
  };
}

function fieldsOf(plan: Extract<Plan, { kind: 'write' }>): string[] {
  return [
    'complaintAccess',
    ...(plan.grant === undefined ? [] : ['agentGrant']),
    ...(plan.revoke === undefined ? [] : ['agentGrantEnded']),
  ];
}
