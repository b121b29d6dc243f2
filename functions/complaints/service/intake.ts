import { createHash } from 'node:crypto';
import type { AuthContext } from '../../../shared/auth/types.js';
import { complaintKeyContext } from '../../../shared/crypto/record-cipher.js';
import { buildEvent } from '../../../shared/events/index.js';
import { ConflictError } from '../../../shared/http/problem.js';
import { newId } from '../../../shared/ids.js';
import { ComplaintRuleError } from '../domain/errors.js';
import { type Complaint, OPEN_STATUSES } from '../domain/model.js';
import { linkRepeat, receiptInstant, receive } from '../domain/receipt.js';
import type { CreateComplaintInput } from '../domain/schemas.js';
import { queueOf } from '../domain/settings.js';
import type { StepContext } from '../domain/transition.js';
import { type ComplaintView, complaintView } from '../domain/views.js';
import { ComplaintReceived } from '../events.js';
import { complaintsPolicy } from '../policy.js';
import type { MirroredCustomer, NewComplaint } from '../store/complaint-store.js';
import { loadAuthorised } from './access.js';
import { complaintAuditEntry } from './audit-entry.js';
import { clockRules } from './clock-rules.js';
import type { Actor, ComplaintDeps } from './deps.js';
import { sealText } from './text.js';

export interface IntakeResult {
  readonly view: ComplaintView;
  readonly version: number;
  readonly replayed: boolean;
}

/** The fields a new complaint's audit record names (the sealed text among them, never its value). */
const CREATED_FIELDS = [
  'status',
  'priority',
  'deadlines',
  'description',
  'customerRequest',
  'representatives',
];

/** The request's fingerprint, so a reused Idempotency-Key with another body is told apart. */
function fingerprint(input: CreateComplaintInput): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('hex');
}

function customerNotFound(): ComplaintRuleError {
  return new ComplaintRuleError(
    'customer-not-found',
    'No customer with this id is known to you',
    'customerId',
  );
}

/**
 * The customer a complaint may be taken for: known to the mirror, not erased, and within the
 * caller's create rule. Absent and out of scope are one answer (404 `customer-not-found`).
 */
async function customerFor(
  deps: ComplaintDeps,
  auth: AuthContext,
  customerId: string,
): Promise<MirroredCustomer> {
  const customer = await deps.store.customer(customerId);
  if (
    customer === undefined ||
    customer.erased ||
    !complaintsPolicy.decide(auth, 'complaint:create', { branch: customer.branch, rmId: customer.rmId })
      .allowed
  ) {
    throw customerNotFound();
  }
  return customer;
}

/**
 * Takes a complaint (docs/domain-rules.md, complaints: intake): the customer checked, the
 * priority computed and explained, the deadlines counted, the free text sealed with the
 * complaint's own data key, and complaint, text, key, audit record, ComplaintReceived (and the
 * idempotency record) written in one transaction. A complaint about a customer and category with
 * an open complaint, without new facts, is a repeat: linked to the open one, without a clock.
 */
export async function takeComplaint(
  deps: ComplaintDeps,
  auth: AuthContext,
  actor: Actor,
  input: CreateComplaintInput,
  idempotencyKey?: string,
): Promise<IntakeResult> {
  const customer = await customerFor(deps, auth, input.customerId);
  const requestFingerprint = fingerprint(input);
  if (idempotencyKey !== undefined) {
    const replay = await replayed(deps, auth, idempotencyKey, requestFingerprint);
    if (replay !== undefined) return replay;
  }
  const now = deps.clock.now();
  const receivedAt = receiptInstant(input.receivedAt, now, deps.settings.backfillDays);
  const rules = await clockRules(deps);
  const ctx: StepContext = { actor, now, settings: deps.settings, deadlines: rules.deadlines };
  const complaintId = newId('cmp', now);
  const { encryptedDataKey, sealer } = await deps.cipher.newRecordKey(complaintKeyContext(complaintId));
  const sealed = sealText(sealer, complaintId, input);

  // A lost race for the open-complaint marker is retried once as a repeat of the winner.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const open = input.newFacts ? undefined : await openComplaint(deps, customer.customerId, input.category);
    const complaint = receive(
      {
        complaintId,
        customerId: customer.customerId,
        branch: customer.branch,
        rmId: customer.rmId,
        queue: queueOf(deps.settings, customer.branch),
        channel: input.channel,
        category: input.category,
        receivedAt,
        amountAtStake: input.amountAtStake,
        productIds: input.productIds,
        regulatorRef: input.regulatorRef,
        vulnerableCustomer: input.vulnerableCustomer,
        newFacts: input.newFacts,
        representativeCount: input.representatives.length,
        repeatOf: open?.complaintId,
      },
      ctx,
    );
    const audit = complaintAuditEntry(now, complaintId, actor, 'complaint.created', CREATED_FIELDS);
    const link = open === undefined ? undefined : linkRepeat(open, complaintId, ctx);
    const entry: NewComplaint = {
      complaint,
      sealed,
      encryptedDataKey,
      audit,
      events: [
        buildEvent(
          ComplaintReceived,
          {
            complaintId,
            customerId: complaint.customerId,
            branch: complaint.branch,
            queue: complaint.queue,
            channel: complaint.channel,
            category: complaint.category,
            priority: complaint.priority,
            receivedAt: complaint.receivedAt,
            repeat: complaint.repeatOf !== undefined,
            ...(complaint.repeatOf === undefined ? {} : { repeatOf: complaint.repeatOf }),
          },
          now,
        ),
      ],
      ...(idempotencyKey === undefined
        ? {}
        : { idempotency: { sub: auth.sub, key: idempotencyKey, fingerprint: requestFingerprint } }),
      ...(open === undefined || link === undefined
        ? {}
        : {
            linkTo: {
              complaint: link.complaint,
              expectedVersion: open.version,
              audit: complaintAuditEntry(now, open.complaintId, actor, link.audit.action, link.audit.fields),
            },
          }),
    };
    const outcome = await deps.store.create(entry);
    if (outcome.ok) {
      return {
        view: complaintView(complaint, {
          sla: rules.slaAt(now),
          timeline: [{ at: audit.at, actor: audit.actor, role: audit.role, action: audit.action }],
        }),
        version: complaint.version,
        replayed: false,
      };
    }
    if (outcome.reason === 'duplicate-request' && idempotencyKey !== undefined) {
      // A concurrent request with the same key won the race: answer as it did.
      const replay = await replayed(deps, auth, idempotencyKey, requestFingerprint);
      if (replay !== undefined) return replay;
    }
    if (outcome.reason === 'duplicate-request') break;
  }
  throw new ConflictError(
    'The complaint conflicts with another one written at the same time; send it again',
    {
      code: 'intake-conflict',
    },
  );
}

/** The open complaint about this customer and category, if the marker names one that is still open. */
async function openComplaint(
  deps: ComplaintDeps,
  customerId: string,
  category: CreateComplaintInput['category'],
): Promise<Complaint | undefined> {
  const openId = await deps.store.openComplaintFor(customerId, category);
  if (openId === undefined) return undefined;
  const stored = await deps.store.get(openId);
  return stored !== undefined && OPEN_STATUSES.includes(stored.complaint.status)
    ? stored.complaint
    : undefined;
}

/**
 * The answer to a repeated request with the same Idempotency-Key: the complaint as it is now,
 * authorised like a read (a caller who may no longer read it gets the read's 404). The same key
 * with another body is a 409.
 */
async function replayed(
  deps: ComplaintDeps,
  auth: AuthContext,
  key: string,
  requestFingerprint: string,
): Promise<IntakeResult | undefined> {
  const previous = await deps.store.idempotencyRecord(auth.sub, key);
  if (previous === undefined) return undefined;
  if (previous.fingerprint !== requestFingerprint) {
    throw new ConflictError('This Idempotency-Key was used for a different request', {
      code: 'idempotency-key-reused',
    });
  }
  const { complaint } = await loadAuthorised(deps, auth, 'complaint:read', previous.complaintId);
  const rules = await clockRules(deps);
  return {
    view: complaintView(complaint, { sla: rules.slaAt(deps.clock.now()) }),
    version: complaint.version,
    replayed: true,
  };
}
