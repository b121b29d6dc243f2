import {
  AML_SOURCE,
  buildEvent,
  ComplianceStatusChanged,
  type CrmEvent,
  type EventDetail,
  parseExternalEvent,
} from '../../../shared/events/index.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import { isEventOf, parsedOrRejected, UnprocessableEventError } from '../../../shared/messaging/rejection.js';
import {
  type ComplianceIgnoreReason,
  type CompliancePlan,
  planComplianceChange,
} from '../domain/compliance.js';
import type { CustomerRecord } from '../domain/customer.js';
import { CustomerRestricted, CustomerRestrictionLifted } from '../events.js';
import type { AttributePath, CustomerChange } from '../store/customer-store.js';
import { auditEntry } from './audit-entry.js';
import type { Actor, CustomerDeps } from './deps.js';

/** What applying a status needs: no keys (nothing is sealed or revealed), no workflows. */
export type ComplianceDeps = Pick<CustomerDeps, 'store' | 'policies' | 'clock'>;

export type ComplianceOutcome =
  | { readonly outcome: 'applied'; readonly version: number }
  | { readonly outcome: 'ignored'; readonly reason: ComplianceIgnoreReason };

/** The AML system, as the audit trail names it. */
export const AML_ACTOR_SUB = 'system:aml';
const RETRIES = 3;

/**
 * The CustomersComplianceConsumer's work for one delivered event: validates it (a malformed
 * or misrouted event is unprocessable: `EVENT_INVALID`, `EVENT_UNSUPPORTED`) and applies it.
 */
export async function processComplianceEvent(
  deps: ComplianceDeps,
  event: ConsumedEvent,
): Promise<ComplianceOutcome> {
  if (!isEventOf(ComplianceStatusChanged, event)) {
    throw new UnprocessableEventError(
      'EVENT_UNSUPPORTED',
      `expected ${AML_SOURCE}/${ComplianceStatusChanged.detailType}`,
    );
  }
  const detail = parsedOrRejected(() => parseExternalEvent(ComplianceStatusChanged, event));
  return applyComplianceStatus(deps, detail);
}

/**
 * Applies an AML status report to the customer: status and its `at`, the review cadence,
 * the compliance-risk restriction, with the audit record and the events in one transaction.
 * A report not later than the one applied, or for an erased customer, changes nothing.
 * An unknown customer is unprocessable (`CUSTOMER_UNKNOWN`); a change that keeps losing to
 * concurrent writers throws, so the platform retries it.
 */
export async function applyComplianceStatus(
  deps: ComplianceDeps,
  detail: EventDetail<typeof ComplianceStatusChanged>,
): Promise<ComplianceOutcome> {
  let record = await deps.store.get(detail.customerId);
  // Event ids are ASCII tokens (idField), so the audit may carry one as the request id.
  const actor: Actor = { sub: AML_ACTOR_SUB, role: 'system', requestId: detail.eventId };
  for (let attempt = 0; attempt < RETRIES && record !== undefined; attempt += 1) {
    const now = deps.clock.now();
    const plan = planComplianceChange(record, detail, now, deps.policies);
    if (plan.kind === 'ignore') return { outcome: 'ignored', reason: plan.reason };
    const outcome = await deps.store.change(complianceChange(record, plan, actor, detail.reasonCode, now));
    if (outcome.ok) return { outcome: 'applied', version: outcome.record.version };
    // Another change (or the daily review scan) got there first: plan again on what is stored.
    record = await deps.store.get(detail.customerId);
  }
  if (record === undefined) {
    throw new UnprocessableEventError('CUSTOMER_UNKNOWN', 'customerId names no customer of this CRM', [
      'customerId',
    ]);
  }
  throw new Error('The customer kept changing while its compliance status was applied');
}

function complianceChange(
  record: CustomerRecord,
  plan: CompliancePlan & { kind: 'apply' },
  actor: Actor,
  reasonCode: string | undefined,
  at: Date,
): CustomerChange {
  const now = at.toISOString();
  const { customerId } = record;
  const set: [AttributePath, unknown][] = [
    [['complianceStatus'], plan.status],
    [['complianceStatusAt'], plan.at],
    [['updatedAt'], now],
  ];
  const remove: AttributePath[] = [];
  if (plan.nextReviewAt !== undefined) set.push([['nextReviewAt'], plan.nextReviewAt]);
  const events: CrmEvent[] = [];
  if (plan.restriction === 'impose') {
    set.push([['restricted'], true], [['restrictionReason'], 'compliance-risk']);
    events.push(buildEvent(CustomerRestricted, { customerId, reason: 'compliance-risk', at: plan.at }, at));
  }
  if (plan.restriction === 'lift') {
    set.push([['restricted'], false]);
    remove.push(['restrictionReason']);
    events.push(
      buildEvent(CustomerRestrictionLifted, { customerId, reason: 'compliance-risk', at: plan.at }, at),
    );
  }
  return {
    customerId,
    base: record,
    expectedAuditSeq: record.audit?.seq ?? 0,
    ...(plan.nextReviewAt === undefined ? {} : { expectedNextReviewAt: { value: record.nextReviewAt } }),
    bumpVersion: true,
    set,
    remove,
    audit: auditEntry(
      at,
      customerId,
      record.audit,
      actor,
      'compliance.changed',
      plan.changedFields,
      reasonCode === undefined ? undefined : `aml-reason:${reasonCode}`,
    ),
    events,
  };
}
