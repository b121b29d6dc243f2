import type { AuditHead } from '../../../shared/audit/index.js';
import { readItem } from '../../../shared/dynamodb/items.js';
import * as z from '../../../shared/zod.js';
import {
  ATTEMPT_CHANNELS,
  ATTEMPT_RESPONSES,
  CASE_ASSIGNEES,
  CASE_OUTCOMES,
  CASE_STATUSES,
  CHURN_SIGNALS,
  EARLY_CLOSE_REASONS,
  RETENTION_STRATEGIES,
} from '../domain/model.js';
import type { AttemptKey, StoredCase } from '../service/cases/case-store.js';
import type { CaseAttempt, RetentionCase } from '../service/ports.js';
import { CASE_STEPS } from '../workflows/retention-case.js';
import {
  attemptKey,
  caseAssigneeKey,
  caseBranchKey,
  caseKey,
  caseListKey,
  OUTREACH_DUE_KEY,
} from './keys.js';

/**
 * How a retention case and its attempts are stored (store/keys.ts). A change writes the whole
 * case item again, so an index attribute that no longer applies (`dueKey` once the customer is
 * reached or the case closed) is simply not there any more.
 */

/** The case's audit head and storage bookkeeping, next to the case itself. */
export interface CaseItemState {
  readonly revision: number;
  readonly prepared: boolean;
  readonly auditHead?: AuditHead | undefined;
}

/** The outreach is not done: the case counts towards the uncontacted gauge once it is due. */
function awaitingOutreach(retentionCase: RetentionCase): boolean {
  return retentionCase.status === 'outreach' || retentionCase.status === 'escalated';
}

export function caseItem(retentionCase: RetentionCase, state: CaseItemState): Record<string, unknown> {
  const { status } = retentionCase;
  return {
    ...caseKey(retentionCase.caseId),
    ...retentionCase,
    reasons: [...retentionCase.reasons],
    revision: state.revision,
    prepared: state.prepared,
    ...(state.auditHead === undefined ? {} : { auditHead: { ...state.auditHead } }),
    listKey: caseListKey(retentionCase.openedAt, retentionCase.caseId),
    branchKey: caseBranchKey(retentionCase.branch, status),
    ...(retentionCase.rmId === undefined ? {} : { assigneeKey: caseAssigneeKey(retentionCase.rmId, status) }),
    ...(awaitingOutreach(retentionCase)
      ? { dueKey: OUTREACH_DUE_KEY, dueAt: retentionCase.outreachDueAt }
      : {}),
  };
}

const text = z.string().check(z.minLength(1));
const offerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('recommended'), recommendationId: text, productId: text }),
  z.object({ kind: z.literal('unavailable') }),
]);

const caseItemSchema = z.object({
  caseId: text,
  customerId: text,
  branch: text,
  rmId: z.optional(text),
  assignedTo: z.enum(CASE_ASSIGNEES),
  level: z.enum(['medium', 'high']),
  strategy: z.enum(RETENTION_STRATEGIES),
  reasons: z.array(z.enum(CHURN_SIGNALS)),
  score: z.number(),
  status: z.enum(CASE_STATUSES),
  openedAt: text,
  outreachDueAt: text,
  windowEndsAt: text,
  escalatedAt: z.optional(text),
  reachedAt: z.optional(text),
  attempts: z.number().check(z.int(), z.gte(0)),
  cause: z.optional(text),
  offer: z.optional(offerSchema),
  wasInactive: z.boolean(),
  outcome: z.optional(z.enum(CASE_OUTCOMES)),
  closedAt: z.optional(text),
  earlyReason: z.optional(z.enum(EARLY_CLOSE_REASONS)),
  closedBy: z.optional(text),
  waiting: z.optional(z.object({ step: z.enum(CASE_STEPS), taskToken: text })),
  version: z.number().check(z.int(), z.positive()),
  revision: z.number().check(z.int(), z.positive()),
  prepared: z.boolean(),
  auditHead: z.optional(z.object({ seq: z.number().check(z.int(), z.positive()), hash: text })),
});

/** A case item read back, with its bookkeeping. */
export function storedCaseOf(item: Record<string, unknown>): StoredCase {
  const { revision, prepared, auditHead, ...retentionCase } = readItem(
    caseItemSchema,
    item,
    'retention case',
  );
  return { case: retentionCase, revision, prepared, ...(auditHead === undefined ? {} : { auditHead }) };
}

export function attemptItem(
  caseId: string,
  attempt: CaseAttempt,
  idempotency: AttemptKey | undefined,
): Record<string, unknown> {
  return {
    ...attemptKey(caseId, attempt.attempt),
    caseId,
    ...attempt,
    ...(idempotency === undefined
      ? {}
      : { idempotencyKey: idempotency.key, fingerprint: idempotency.fingerprint }),
  };
}

const attemptItemSchema = z.object({
  attempt: z.number().check(z.int(), z.positive()),
  channel: z.enum(ATTEMPT_CHANNELS),
  reached: z.boolean(),
  cause: z.optional(text),
  offerRecommendationId: z.optional(text),
  response: z.optional(z.enum(ATTEMPT_RESPONSES)),
  by: text,
  at: text,
});

export function attemptOf(item: Record<string, unknown>): CaseAttempt {
  return readItem(attemptItemSchema, item, 'retention case attempt');
}

const attemptKeySchema = z.object({ idempotencyKey: z.optional(text), fingerprint: z.optional(text) });

/** The Idempotency-Key an attempt was recorded with, if any. */
export function attemptKeyOf(item: Record<string, unknown>): AttemptKey | undefined {
  const { idempotencyKey, fingerprint } = readItem(attemptKeySchema, item, 'retention case attempt');
  return idempotencyKey === undefined || fingerprint === undefined
    ? undefined
    : { key: idempotencyKey, fingerprint };
}

/** The customer's recent recommendations (newest first), as the OFFERS item keeps them. */
export const offersItemSchema = z.object({
  offers: z.array(z.object({ recommendationId: text, at: text })),
  revision: z.number().check(z.int(), z.positive()),
});
