import { idField } from '../../../shared/events/fields.js';
import { pageQueryFields } from '../../../shared/http/params.js';
import { hasInvisibleCharacter, isPersonName, PERSON_NAME_MESSAGE } from '../../../shared/text.js';
import * as z from '../../../shared/zod.js';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_PRIORITIES,
  COMPLAINT_STATUSES,
  DECISION_OUTCOMES,
  REMEDY_TYPES,
} from './model.js';

/**
 * Request schemas of the complaints API (docs/domain-rules.md, complaints: intake). Every object
 * is strict: unknown fields and `__proto__` are refused; messages never echo the value sent.
 * Built on first use (`z.lazy`), as the customers capability does, to keep cold starts short.
 */

/** Free text a person typed (C2): trimmed, bounded, no control or invisible characters. */
const text = (max: number) =>
  z.string().check(
    z.trim(),
    z.minLength(1),
    z.maxLength(max),
    z.refine(
      (value) => !hasInvisibleCharacter(value),
      'must not contain control or invisible formatting characters',
    ),
  );

export const DESCRIPTION_MAX = 4000;
export const CUSTOMER_REQUEST_MAX = 2000;
export const NOTE_MAX = 2000;
export const REPRESENTATIVES_MAX = 5;
export const PRODUCT_IDS_MAX = 20;
export const REMEDIES_MAX = 5;
export const REMEDIATION_ACTIONS_MAX = 20;
const NAME_MAX = 100;

/** A lower-case code (a reason, a root cause, a remediation action): never free text. */
export const codeSchema = z
  .string()
  .check(z.regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be a lower-case code (letters, digits, "-")'));

/** Why the decision clock stops: external appraisal, testing or investigation (the rule's three). */
export const PAUSE_REASONS = ['external-appraisal', 'testing', 'investigation'] as const;

const moneySchema = z.strictObject({
  amountMinor: z.number().check(
    z.int(),
    z.positive(),
    z.refine((value) => Number.isSafeInteger(value), 'must be a safe integer'),
  ),
  currency: z.string().check(z.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code')),
});

export const createComplaintSchema = z.lazy(() =>
  z.strictObject({
    customerId: idField,
    channel: z.enum(COMPLAINT_CHANNELS),
    category: z.enum(COMPLAINT_CATEGORIES),
    description: text(DESCRIPTION_MAX),
    customerRequest: text(CUSTOMER_REQUEST_MAX),
    amountAtStake: z.optional(moneySchema),
    productIds: z._default(z.array(idField).check(z.maxLength(PRODUCT_IDS_MAX)), []),
    receivedAt: z.optional(z.iso.datetime({ offset: true })),
    regulatorRef: z.optional(idField),
    vulnerableCustomer: z._default(z.boolean(), false),
    newFacts: z._default(z.boolean(), false),
    representatives: z._default(
      z
        .array(text(NAME_MAX).check(z.refine(isPersonName, PERSON_NAME_MESSAGE)))
        .check(z.maxLength(REPRESENTATIVES_MAX)),
      [],
    ),
  }),
);
export type CreateComplaintInput = z.infer<typeof createComplaintSchema>;

export const assignSchema = z.lazy(() => z.strictObject({ assignee: idField }));
export type AssignInput = z.infer<typeof assignSchema>;

export const pauseSchema = z.lazy(() => z.strictObject({ reason: z.enum(PAUSE_REASONS) }));
export type PauseInput = z.infer<typeof pauseSchema>;

export const resumeSchema = z.lazy(() => z.strictObject({ reason: codeSchema }));
export type ResumeInput = z.infer<typeof resumeSchema>;

export const extensionRequestSchema = z.lazy(() =>
  z.strictObject({ level: z.union([z.literal(1), z.literal(2)]), reason: codeSchema }),
);
export type ExtensionRequestInput = z.infer<typeof extensionRequestSchema>;

export const extensionDecisionSchema = z.lazy(() =>
  z.strictObject({
    approve: z.boolean(),
    /** Level 2: when the customer was told of the extension (required to approve it). */
    customerToldAt: z.optional(z.iso.datetime({ offset: true })),
  }),
);
export type ExtensionDecisionInput = z.infer<typeof extensionDecisionSchema>;

const remedySchema = z
  .strictObject({ type: z.enum(REMEDY_TYPES), amount: z.optional(moneySchema) })
  .check(
    z.refine(
      (remedy) => (remedy.type === 'compensation') === (remedy.amount !== undefined),
      'a compensation remedy has an amount, and only a compensation remedy',
    ),
  );

export const decisionSchema = z.lazy(() =>
  z.strictObject({
    outcome: z.enum(DECISION_OUTCOMES),
    remedies: z.array(remedySchema).check(z.minLength(1), z.maxLength(REMEDIES_MAX)),
  }),
);
export type DecisionInput = z.infer<typeof decisionSchema>;

export const reviewDecisionSchema = z.lazy(() => z.strictObject({ outcome: z.enum(DECISION_OUTCOMES) }));
export type ReviewDecisionInput = z.infer<typeof reviewDecisionSchema>;

const remediationActionSchema = z.strictObject({
  action: codeSchema,
  owner: idField,
  dueDate: z.iso.date(),
});

/**
 * A closure. The root cause and the remediation actions are optional here so that a missing one
 * is refused by the closure rule with its own code (`root-cause-required`, `remediation-required`).
 */
export const closeSchema = z.lazy(() =>
  z.strictObject({
    rootCause: z.optional(codeSchema),
    remediationActions: z._default(
      z.array(remediationActionSchema).check(z.maxLength(REMEDIATION_ACTIONS_MAX)),
      [],
    ),
  }),
);
export type CloseInput = z.infer<typeof closeSchema>;

export const noteSchema = z.lazy(() => z.strictObject({ text: text(NOTE_MAX) }));
export type NoteInput = z.infer<typeof noteSchema>;

export const extensionParamsSchema = z.lazy(() =>
  z.strictObject({ complaintId: idField, extensionId: idField }),
);

export const listComplaintsQuerySchema = z.lazy(() =>
  z.strictObject({
    status: z.optional(z.enum(COMPLAINT_STATUSES)),
    assignee: z.optional(idField),
    branch: z.optional(idField),
    priority: z.optional(z.enum(COMPLAINT_PRIORITIES)),
    category: z.optional(z.enum(COMPLAINT_CATEGORIES)),
    dueBefore: z.optional(z.iso.datetime({ offset: true })),
    /** A service agent's two lists: assigned to them (`mine`) or their queue's unassigned (`queue`). */
    view: z._default(z.enum(['mine', 'queue']), 'mine'),
    ...pageQueryFields(),
  }),
);
export type ListComplaintsQuery = z.infer<typeof listComplaintsQuerySchema>;
