import { readItem } from '../../../shared/dynamodb/items.js';
import * as z from '../../../shared/zod.js';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_PRIORITIES,
  COMPLAINT_STATUSES,
  type Complaint,
  DEADLINE_KINDS,
  DECISION_OUTCOMES,
  ESCALATION_LEVELS,
  PRIORITY_FACTORS,
  REMEDY_TYPES,
  type SealedComplaintText,
  WORKFLOW_STAGES,
} from '../domain/model.js';
import type { ComplaintNote, MirroredCustomer } from './complaint-store.js';

/**
 * What the complaints store writes, as zod schemas: every item is read back through one of
 * them (`readItem`), never cast. Loose objects: storage attributes (keys, index keys, the audit
 * head) are not part of the record and are left out of what the schemas return. Numbers are
 * read losslessly (shared/dynamodb/numbers.ts): one JavaScript cannot hold exactly is not a
 * number here, so the read fails instead of rounding.
 */

const text = z.string();
const optionalText = z.optional(z.string());
const count = z.number().check(z.int(), z.nonnegative());

const money = z.object({ amountMinor: z.number().check(z.int()), currency: text });

const clockFacts = z.object({
  receivedAt: text,
  pauses: z.array(z.object({ from: text, to: optionalText, reason: text })),
  approvedExtensions: z.array(z.union([z.literal(1), z.literal(2)])),
  acknowledgedAt: optionalText,
  initialHandlingAt: optionalText,
  decidedAt: optionalText,
  reviewRequestedAt: optionalText,
  reviewDecidedAt: optionalText,
});

const deadline = z.object({
  kind: z.enum(DEADLINE_KINDS),
  due: text,
  rule: text,
  explanation: text,
  inputs: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  provisional: z.boolean(),
  missingYears: z.array(z.number().check(z.int())),
});

const extension = z.object({
  extensionId: text,
  level: z.union([z.literal(1), z.literal(2)]),
  reason: text,
  requestedBy: text,
  requestedAt: text,
  state: z.enum(['requested', 'approved', 'refused']),
  decidedBy: optionalText,
  decidedAt: optionalText,
  customerToldAt: optionalText,
});

const decision = z.object({
  outcome: z.enum(DECISION_OUTCOMES),
  remedies: z.array(z.object({ type: z.enum(REMEDY_TYPES), amount: z.optional(money) })),
  decidedBy: text,
  decidedAt: text,
  compensationApprovedBy: optionalText,
});

const review = z.object({
  requestedAt: text,
  decidedAt: optionalText,
  decidedBy: optionalText,
  outcome: z.optional(z.enum(DECISION_OUTCOMES)),
  changed: z.optional(z.boolean()),
});

const closure = z.object({
  rootCause: text,
  remediationActions: z.array(z.object({ action: text, owner: text, dueDate: text, done: z.boolean() })),
  closedBy: text,
  closedAt: text,
});

const complaintItem = z.object({
  complaintId: text,
  version: count,
  customerId: text,
  branch: text,
  rmId: text,
  queue: text,
  channel: z.enum(COMPLAINT_CHANNELS),
  category: z.enum(COMPLAINT_CATEGORIES),
  priority: z.enum(COMPLAINT_PRIORITIES),
  priorityFactors: z.array(z.enum(PRIORITY_FACTORS)),
  status: z.enum(COMPLAINT_STATUSES),
  receivedAt: text,
  createdAt: text,
  createdBy: text,
  assignee: optionalText,
  amountAtStake: z.optional(money),
  productIds: z.array(text),
  regulatorRef: optionalText,
  vulnerableCustomer: z.boolean(),
  newFacts: z.boolean(),
  representativeCount: count,
  repeatOf: optionalText,
  repeats: z.array(text),
  clock: clockFacts,
  deadlines: z.array(deadline),
  nextDueAt: optionalText,
  breaches: z.array(
    z.object({
      kind: z.enum(DEADLINE_KINDS),
      due: text,
      recordedAt: text,
      escalatedTo: z.enum(ESCALATION_LEVELS),
    }),
  ),
  extensions: z.array(extension),
  decision: z.optional(decision),
  review: z.optional(review),
  closure: z.optional(closure),
  waitingTask: z.optional(z.object({ stage: z.enum(WORKFLOW_STAGES), taskToken: text, openedAt: text })),
  textErased: z.boolean(),
});

const auditHead = z.object({ seq: count, hash: text });

/** A stored complaint item: the complaint and the head of its audit chain. */
export function complaintFromItem(item: Record<string, unknown>): {
  readonly complaint: Complaint;
  readonly head: { readonly seq: number; readonly hash: string };
} {
  const complaint = readItem(complaintItem, item, 'complaint');
  const head = readItem(auditHead, item.audit, 'complaint audit head');
  return { complaint, head };
}

const sealedTextItem = z.object({
  description: text,
  customerRequest: text,
  representatives: z.array(text),
});

export function sealedTextFromItem(item: Record<string, unknown>): SealedComplaintText {
  return readItem(sealedTextItem, item, 'complaint text');
}

const noteItem = z.object({ noteId: text, at: text, author: text, sealedText: text });

export function noteFromItem(item: Record<string, unknown>): ComplaintNote {
  return readItem(noteItem, item, 'complaint note');
}

const dataKeyItem = z.object({ encryptedDataKey: text });

export function dataKeyFromItem(item: Record<string, unknown>): string {
  return readItem(dataKeyItem, item, 'complaint data key').encryptedDataKey;
}

const mirrorItem = z.object({
  customerId: text,
  branch: optionalText,
  rmId: optionalText,
  version: count,
  erased: z.boolean(),
});

/**
 * A mirrored customer, or undefined for a customer erased before any of its facts arrived
 * (only the erasure is kept: the customer stays unknown).
 */
export function mirroredFromItem(item: Record<string, unknown>): MirroredCustomer | undefined {
  const { customerId, branch, rmId, version, erased } = readItem(mirrorItem, item, 'customer mirror');
  if (branch === undefined || rmId === undefined) return undefined;
  return { customerId, branch, rmId, version, erased };
}

const idempotencyItem = z.object({ complaintId: text, fingerprint: text, expiresAt: z.number() });

export function idempotencyFromItem(item: Record<string, unknown>) {
  return readItem(idempotencyItem, item, 'idempotency record');
}

const markerItem = z.object({ complaintId: text });

export function markerFromItem(item: Record<string, unknown>): string {
  return readItem(markerItem, item, 'open-complaint marker').complaintId;
}
