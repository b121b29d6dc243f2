import { z } from 'zod';
import { ID_TYPES, isValidIdNumber, isValidMobile, isValidUscc } from '../../../shared/identity/index.js';

/**
 * Request schemas of the customers API. Every object is strict: unknown fields, C3 fields such
 * as `password`, and `__proto__` are refused. Messages never echo the submitted value.
 */

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => ![...value].some(isControlCharacter), 'must not contain control characters');

function isControlCharacter(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return code < 0x20 || code === 0x7f;
}

export const codeSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, 'must be 1-32 letters, digits, "-" or "_"');

export const idTypeSchema = z.enum(ID_TYPES);
export const riskToleranceSchema = z.enum(['C1', 'C2', 'C3', 'C4', 'C5']);

const isoDate = z.iso.date();
const isoDateTime = z.iso.datetime({ offset: true });
const mobileSchema = z.string().max(20).refine(isValidMobile, 'must be a mainland mobile number');
const emailSchema = z.email().max(254);
const evidenceRefSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9:/._-]{0,127}$/, 'must be a document reference (letters, digits, ":/._-")');

/** An ID document: the type decides the format check (and the PRC checksum). */
function checkIdDocument(
  doc: { idType?: z.infer<typeof idTypeSchema> | undefined; idNumber?: string | undefined },
  ctx: z.RefinementCtx,
  path: (string | number)[] = [],
): void {
  if (doc.idNumber === undefined) return;
  if (doc.idType === undefined) {
    ctx.addIssue({ code: 'custom', path: [...path, 'idType'], message: 'is required with idNumber' });
    return;
  }
  if (!isValidIdNumber(doc.idType, doc.idNumber)) {
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'idNumber'],
      message: `is not a valid ${doc.idType} number`,
    });
  }
}

const legalRepresentativeSchema = z
  .object({ name: text(100), idType: idTypeSchema, idNumber: z.string().max(40) })
  .strict()
  .superRefine((doc, ctx) => checkIdDocument(doc, ctx));

const riskAssessment = {
  riskTolerance: riskToleranceSchema.optional(),
  riskAssessedAt: isoDateTime.optional(),
};

function checkRiskAssessment(
  value: { riskTolerance?: string | undefined; riskAssessedAt?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if ((value.riskTolerance === undefined) !== (value.riskAssessedAt === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: [value.riskTolerance === undefined ? 'riskTolerance' : 'riskAssessedAt'],
      message: 'riskTolerance and riskAssessedAt go together',
    });
  }
}

export const createIndividualSchema = z
  .object({
    type: z.literal('individual'),
    name: text(100),
    idType: idTypeSchema,
    idNumber: z.string().max(40),
    mobile: mobileSchema,
    email: emailSchema.optional(),
    address: text(200).optional(),
    birthDate: isoDate.optional(),
    occupation: text(100).optional(),
    ...riskAssessment,
    branch: codeSchema,
    rmId: codeSchema,
  })
  .strict()
  .superRefine((value, ctx) => {
    checkIdDocument(value, ctx);
    checkRiskAssessment(value, ctx);
  });

export const createCorporateSchema = z
  .object({
    type: z.literal('corporate'),
    name: text(200),
    uscc: z
      .string()
      .max(18)
      .refine((value) => isValidUscc(value), 'is not a valid unified social credit code'),
    legalRepresentative: legalRepresentativeSchema,
    contactMobile: mobileSchema,
    ...riskAssessment,
    branch: codeSchema,
    rmId: codeSchema,
  })
  .strict()
  .superRefine(checkRiskAssessment);

export const createCustomerSchema = z.discriminatedUnion('type', [
  createIndividualSchema,
  createCorporateSchema,
]);
export type CreateCustomerInput = z.infer<typeof createCustomerSchema>;
export type CreateIndividualInput = z.infer<typeof createIndividualSchema>;
export type CreateCorporateInput = z.infer<typeof createCorporateSchema>;

/**
 * A partial update. A new name or identity document needs an `evidenceRef` (checked in the
 * domain, which knows the customer type); `relationship: "closed"` ends the relationship.
 */
export const patchCustomerSchema = z
  .object({
    name: text(200).optional(),
    idType: idTypeSchema.optional(),
    idNumber: z.string().max(40).optional(),
    mobile: mobileSchema.optional(),
    email: emailSchema.nullable().optional(),
    address: text(200).nullable().optional(),
    birthDate: isoDate.nullable().optional(),
    occupation: text(100).nullable().optional(),
    ...riskAssessment,
    legalRepresentative: legalRepresentativeSchema.optional(),
    contactMobile: mobileSchema.optional(),
    rmId: codeSchema.optional(),
    relationship: z.literal('closed').optional(),
    evidenceRef: evidenceRefSchema.optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.idType !== undefined && value.idNumber === undefined) {
      ctx.addIssue({ code: 'custom', path: ['idNumber'], message: 'is required with idType' });
    }
    checkIdDocument(value, ctx);
    checkRiskAssessment(value, ctx);
    const { evidenceRef: _evidence, ...changes } = value;
    if (Object.keys(changes).length === 0) {
      ctx.addIssue({ code: 'custom', path: [], message: 'names no field to change' });
    }
  });
export type PatchCustomerInput = z.infer<typeof patchCustomerSchema>;

export const searchCustomersSchema = z.union([
  z
    .object({ idNumber: z.string().min(1).max(40), idType: z.enum([...ID_TYPES, 'uscc']).default('prc-id') })
    .strict(),
  z.object({ mobile: mobileSchema }).strict(),
]);
export type SearchCustomersInput = z.infer<typeof searchCustomersSchema>;

export const listCustomersQuerySchema = z
  .object({
    branch: codeSchema.optional(),
    rmId: codeSchema.optional(),
    customerType: z.enum(['individual', 'corporate']).optional(),
    relationship: z.enum(['active', 'closed']).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().max(2048).optional(),
  })
  .strict();
export type ListCustomersQuery = z.infer<typeof listCustomersQuerySchema>;

export const getCustomerQuerySchema = z
  .object({ view: z.enum(['masked', 'full']).default('masked') })
  .strict();

export const CONSENT_PURPOSES = [
  'marketing',
  'product-recommendation',
  'third-party-sharing',
  'analytics',
] as const;
export const CONTACT_CHANNELS = ['sms', 'email', 'app-push', 'phone'] as const;
export const consentPurposeSchema = z.enum(CONSENT_PURPOSES);
export type ConsentPurpose = z.infer<typeof consentPurposeSchema>;

export const putConsentSchema = z
  .object({
    granted: z.boolean(),
    channels: z.array(z.enum(CONTACT_CHANNELS)).max(CONTACT_CHANNELS.length).optional(),
    evidenceRef: evidenceRefSchema.optional(),
  })
  .strict();
export type PutConsentInput = z.infer<typeof putConsentSchema>;

export const erasureRequestSchema = z
  .object({
    basis: z
      .enum(['customer-request', 'consent-withdrawn', 'purpose-fulfilled', 'other'])
      .default('customer-request'),
    evidenceRef: evidenceRefSchema.optional(),
  })
  .strict();
export type ErasureRequestInput = z.infer<typeof erasureRequestSchema>;

export const listReviewsQuerySchema = z
  .object({
    status: z.enum(['open', 'escalated', 'completed', 'overdue']).default('open'),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().max(2048).optional(),
  })
  .strict();
export type ListReviewsQuery = z.infer<typeof listReviewsQuerySchema>;

export const completeReviewSchema = z
  .object({
    outcome: z.enum(['confirmed', 'updated']),
    evidenceRef: evidenceRefSchema.optional(),
  })
  .strict();
export type CompleteReviewInput = z.infer<typeof completeReviewSchema>;
