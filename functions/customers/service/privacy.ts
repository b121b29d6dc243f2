import type { AuthContext } from '../../../shared/auth/types.js';
import { buildEvent } from '../../../shared/events/index.js';
import { type IfMatchVersion, staleVersion, versionMatches } from '../../../shared/http/headers.js';
import { ConflictError } from '../../../shared/http/problem.js';
import type { JobItems } from '../../../shared/messaging/job-items.js';
import { singleShardPages } from '../../../shared/passes/chained-pages.js';
import { type PassSegmentInput, type PassSegmentOutput, runSegment } from '../../../shared/passes/segment.js';
import type { ConsentState, CustomerRecord } from '../domain/customer.js';
import { CustomerRuleError } from '../domain/errors.js';
import {
  CONTACT_CHANNELS,
  type ConsentPurpose,
  type ErasureRequestInput,
  type PutConsentInput,
} from '../domain/schemas.js';
import { ConsentChanged, CustomerErased, CustomerRestricted } from '../events.js';
import type { ChangeOutcome, CustomerChange } from '../store/customer-store.js';
import { identityLockKey, shredScheduleKey } from '../store/keys.js';
import { shredSchedule } from '../store/side-items.js';
import { loadAuthorised } from './access.js';
import { auditEntry } from './audit-entry.js';
import type { Actor, CustomerDeps } from './deps.js';

const RETRIES = 3;

/**
 * Retries a change when only the audit head moved underneath it (a concurrent audited read).
 * With `expectedVersion` (a client's If-Match), the record must be at that version on every
 * attempt, and `build` must make the change conditional on it: a version that moved is a 412,
 * never retried over.
 */
export async function changeWithRetry(
  deps: CustomerDeps,
  record: CustomerRecord,
  build: (current: CustomerRecord) => CustomerChange,
  expectedVersion?: IfMatchVersion,
): Promise<ChangeOutcome & { ok: true }> {
  let current = record;
  for (let attempt = 0; attempt < RETRIES; attempt += 1) {
    if (expectedVersion !== undefined && !versionMatches(expectedVersion, current.version)) {
      throw staleVersion('customer', expectedVersion, current.version);
    }
    const outcome = await deps.store.change(build(current));
    if (outcome.ok) return outcome;
    if (outcome.reason === 'version-conflict' && expectedVersion !== undefined) {
      throw staleVersion('customer', expectedVersion);
    }
    const reread = await deps.store.get(record.customerId);
    if (reread === undefined) break;
    current = reread;
  }
  throw new ConflictError('The customer is being changed; try again', { code: 'concurrent-change' });
}

export function refuseErased(record: CustomerRecord): void {
  if (record.shreddedAt !== undefined)
    throw new CustomerRuleError('CUSTOMER_SHREDDED', 'the customer has been erased');
}

/**
 * Grants or withdraws consent for one purpose (PIPL art. 15: a withdrawal takes effect at
 * once). Marketing is opt-in: without a grant on record there is none. A consent is part of the
 * customer record, so changing it is an update like a PATCH: based on the version named by
 * If-Match (412 when it is not the current one), and it moves the version.
 */
export async function putConsent(
  deps: CustomerDeps,
  auth: AuthContext,
  actor: Actor,
  customerId: string,
  purpose: ConsentPurpose,
  expectedVersion: IfMatchVersion,
  input: PutConsentInput,
): Promise<{ purpose: ConsentPurpose; consent: ConsentState; version: number }> {
  const record = await loadAuthorised(deps, auth, 'customer:consent:write', customerId);
  // Checked before the record's state, in the order a PATCH checks them.
  if (!versionMatches(expectedVersion, record.version)) {
    throw staleVersion('customer', expectedVersion, record.version);
  }
  refuseErased(record);
  const at = deps.clock.now().toISOString();
  const channels = input.granted ? [...(input.channels ?? CONTACT_CHANNELS)] : [];
  const consent: ConsentState = { granted: input.granted, channels, at };
  const outcome = await changeWithRetry(
    deps,
    record,
    (current) => ({
      customerId,
      base: current,
      expectedVersion: current.version,
      expectedAuditSeq: current.audit?.seq ?? 0,
      bumpVersion: true,
      set: [
        [['consents', purpose], consent],
        [['updatedAt'], at],
      ],
      audit: auditEntry(
        deps.clock.now(),
        customerId,
        current.audit,
        actor,
        'consent.changed',
        [`consents.${purpose}`],
        input.evidenceRef === undefined ? undefined : `evidence:${input.evidenceRef}`,
      ),
      events: [
        // `channels`: what the purpose is granted on after the change (none after a withdrawal),
        // so a consumer mirrors the consent without keeping its own history of grants.
        buildEvent(
          ConsentChanged,
          { customerId, purpose, granted: input.granted, channels, at },
          deps.clock.now(),
        ),
      ],
    }),
    expectedVersion,
  );
  return { purpose, consent, version: outcome.record.version };
}

export interface ErasureStatus {
  readonly customerId: string;
  readonly restricted: true;
  readonly erasureRequestedAt: string;
  /** When the data will be shredded; absent while the relationship is open (the retention clock has not started). */
  readonly shredDueAt?: string | undefined;
}

/**
 * An erasure request (PIPL art. 47). Inside the AML retention period the data cannot be
 * destroyed yet: processing is restricted at once (no marketing, recommendations, outreach)
 * and the shredding is scheduled for the end of retention.
 */
export async function requestErasure(
  deps: CustomerDeps,
  auth: AuthContext,
  actor: Actor,
  customerId: string,
  input: ErasureRequestInput,
): Promise<{ status: ErasureStatus; created: boolean }> {
  const record = await loadAuthorised(deps, auth, 'customer:erasure:request', customerId);
  refuseErased(record);
  if (record.erasureRequestedAt !== undefined) {
    return {
      status: {
        customerId,
        restricted: true,
        erasureRequestedAt: record.erasureRequestedAt,
        shredDueAt: record.relationship === 'closed' ? record.retentionUntil : undefined,
      },
      created: false,
    };
  }
  const at = deps.clock.now().toISOString();
  const shredDueAt = record.relationship === 'closed' ? record.retentionUntil : undefined;
  await changeWithRetry(deps, record, (current) => ({
    customerId,
    base: current,
    expectedAuditSeq: current.audit?.seq ?? 0,
    bumpVersion: true,
    set: [
      [['restricted'], true],
      [['restrictionReason'], 'erasure-requested'],
      [['erasureRequestedAt'], at],
      [['erasureBasis'], input.basis],
      [['updatedAt'], at],
    ],
    audit: auditEntry(
      deps.clock.now(),
      customerId,
      current.audit,
      actor,
      'erasure.requested',
      [],
      input.evidenceRef === undefined ? input.basis : `${input.basis} evidence:${input.evidenceRef}`,
    ),
    events: [
      buildEvent(CustomerRestricted, { customerId, reason: 'erasure-requested', at }, deps.clock.now()),
    ],
    sideItems: shredDueAt === undefined ? [] : [shredSchedule(customerId, shredDueAt)],
  }));
  return { status: { customerId, restricted: true, erasureRequestedAt: at, shredDueAt }, created: true };
}

/**
 * Crypto-shreds a customer whose retention has ended: the data key (its item in the key table,
 * which has no backups) and every sealed value and masked form are removed, the blind indexes
 * and the identity lock too. What remains is an anonymous record (ids, dates, C1 attributes)
 * and the audit trail.
 */
export async function shredCustomer(deps: CustomerDeps, customerId: string, actor: Actor): Promise<boolean> {
  const record = await deps.store.get(customerId);
  if (record === undefined || record.shreddedAt !== undefined) return false;
  const now = deps.clock.now();
  if (record.retentionUntil === undefined || record.retentionUntil > now.toISOString()) return false;
  const at = now.toISOString();
  await changeWithRetry(deps, record, (current) => ({
    customerId,
    base: current,
    expectedAuditSeq: current.audit?.seq ?? 0,
    bumpVersion: true,
    set: [
      [['shreddedAt'], at],
      [['updatedAt'], at],
    ],
    // The key item goes in the same transaction: without it, no copy of the sealed values (a
    // restore of Customers, its stream) can be opened again (operations.md §9).
    deleteDataKey: true,
    remove: [
      // Only records written before the key table carry their key on the item.
      ['encryptedDataKey'],
      ['sealed'],
      ['masked'],
      ['mobileIndex'],
      ['idDocumentIndex'],
      // A keyed hash of a day derived from the birth date: it goes with the birth date (§19.3).
      ['seniorDayIndex'],
      ['occupation'],
    ],
    audit: auditEntry(
      deps.clock.now(),
      customerId,
      current.audit,
      actor,
      'customer.shredded',
      Object.keys(current.sealed),
    ),
    events: [buildEvent(CustomerErased, { customerId, at }, deps.clock.now())],
    deleteItems: [
      shredScheduleKey(customerId),
      ...(current.idDocumentIndex === undefined ? [] : [identityLockKey(current.idDocumentIndex)]),
    ],
  }));
  return true;
}

const SHREDDER_ACTOR: Actor = { sub: 'system:retention-shredder', role: 'system' };
const SHRED_PAGE = 100;

/** The job name of the shredding in the DailyShred pass's segment input. */
export const SHRED_JOB = 'shred';

/**
 * The daily shredding pass: every customer whose erasure was requested and whose retention had
 * ended when the pass started (`startedAt`) is crypto-shredded (see {@link shredCustomer}), page
 * by page of the byDue index, the cursor handed back to the pass machine when time runs short.
 * Each customer is shredded on its own through `items`: one that fails is dead-lettered with
 * its reason, stays due for the next run and is not tried again in this one, and the segment
 * goes on with the others. Returns the segment's output and how many were shredded.
 */
export async function shredSegment(
  deps: CustomerDeps,
  items: JobItems,
  input: PassSegmentInput,
  stillHasTime: () => boolean,
  pageSize = SHRED_PAGE,
): Promise<{ readonly output: PassSegmentOutput; readonly shredded: number }> {
  const asOf = new Date(input.startedAt);
  let shredded = 0;
  const output = await runSegment<string>({
    input,
    page: singleShardPages(input.segment, [
      async (cursor) => {
        const page = await deps.store.dueForShredding(asOf, pageSize, cursor);
        return page.cursor === undefined ? { keys: page.items } : { keys: page.items, cursor: page.cursor };
      },
    ]),
    process: async (customerId) => {
      if (await shredCustomer(deps, customerId, SHREDDER_ACTOR)) shredded += 1;
    },
    itemOf: (customerId) => ({ kind: 'customer', id: customerId }),
    items,
    // One at a time: a few customers a day reach the end of their retention.
    concurrency: 1,
    stillHasTime,
  });
  return { output, shredded };
}
