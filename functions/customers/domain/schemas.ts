import { isKnownTimeZone } from '../../../shared/capability/setting-readers.js';
import { pageQueryFields } from '../../../shared/http/params.js';
import {
  ID_TYPES,
  isValidIdNumber,
  isValidMobile,
  isValidUscc,
  looksLikePersonalIdentifier,
} from '../../../shared/identity/index.js';
import { hasInvisibleCharacter, isPersonName, PERSON_NAME_MESSAGE } from '../../../shared/text.js';
import * as z from '../../../shared/zod.js';
import { CONSENT_PURPOSES, CONTACT_CHANNELS } from '../events.js';
import { checkRiskAssessment, riskAssessmentFields } from './assessment-schemas.js';

/**
 * Request schemas of the customers API. Every object is strict: unknown fields, C3 fields such
 * as `password`, and `__proto__` are refused. Messages never echo the submitted value.
 *
 * The per-route schemas are `z.lazy`: built on first use, not at module load. Building all
 * of them costs several milliseconds of every cold start, and a request needs one or two.
 */

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

/** A person's name (an individual, a legal representative): letters, not just visible text. */
const personName = (max: number) => text(max).check(z.refine(isPersonName, PERSON_NAME_MESSAGE));

export const codeSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, 'must be 1-32 letters, digits, "-" or "_"'));

export const idTypeSchema = z.enum(ID_TYPES);

const isoDate = z.iso.date();
const isoDateTime = z.iso.datetime({ offset: true });
const mobileSchema = z
  .string()
  .check(z.maxLength(20), z.refine(isValidMobile, 'must be a mainland mobile number'));
const emailSchema = z.email().check(z.maxLength(254));
const evidenceRefSchema = z.string().check(
  z.regex(/^[A-Za-z0-9][A-Za-z0-9:/._-]{0,127}$/, 'must be a document reference (letters, digits, ":/._-")'),
  // The reference is kept in the audit trail, which is never encrypted nor erased: it must
  // name a document, not carry the customer's identifiers (docs/domain-rules.md §6.5).
  z.refine(
    (value) => !looksLikePersonalIdentifier(value),
    'must not contain an ID, passport, mobile or bank card number',
  ),
);
const idNumberSchema = z.string().check(z.maxLength(40));

/** An ID document: the type decides the format check (and the PRC checksum). */
function checkIdDocument(
  doc: { idType?: z.infer<typeof idTypeSchema> | undefined; idNumber?: string | undefined },
  ctx: z.core.$RefinementCtx<unknown>,
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

const legalRepresentativeSchema = z.lazy(() =>
  z
    .strictObject({ name: personName(100), idType: idTypeSchema, idNumber: idNumberSchema })
    .check(z.superRefine((doc, ctx) => checkIdDocument(doc, ctx))),
);

/**
 * When the relationship started (account opening), for customers migrated from core banking;
 * default: now. Not in the future: checked against the clock by the domain, not here.
 */
const onboarding = { onboardedAt: z.optional(isoDateTime) };

export const createIndividualSchema = z.lazy(() =>
  z
    .strictObject({
      type: z.literal('individual'),
      name: personName(100),
      idType: idTypeSchema,
      idNumber: idNumberSchema,
      mobile: mobileSchema,
      email: z.optional(emailSchema),
      address: z.optional(text(200)),
      birthDate: z.optional(isoDate),
      occupation: z.optional(text(100)),
      ...riskAssessmentFields,
      ...onboarding,
      branch: codeSchema,
      rmId: codeSchema,
    })
    .check(
      z.superRefine((value, ctx) => {
        checkIdDocument(value, ctx);
        checkRiskAssessment(value, ctx);
      }),
    ),
);

export const createCorporateSchema = z.lazy(() =>
  z
    .strictObject({
      type: z.literal('corporate'),
      name: text(200),
      uscc: z.string().check(
        z.maxLength(18),
        z.refine((value) => isValidUscc(value), 'is not a valid unified social credit code'),
      ),
      legalRepresentative: legalRepresentativeSchema,
      contactMobile: mobileSchema,
      ...riskAssessmentFields,
      ...onboarding,
      branch: codeSchema,
      rmId: codeSchema,
    })
    .check(z.superRefine(checkRiskAssessment)),
);

export const createCustomerSchema = z.lazy(() =>
  z.discriminatedUnion('type', [createIndividualSchema, createCorporateSchema]),
);
export type CreateCustomerInput = z.infer<typeof createCustomerSchema>;
export type CreateIndividualInput = z.infer<typeof createIndividualSchema>;
export type CreateCorporateInput = z.infer<typeof createCorporateSchema>;

/**
 * A partial update. A new name or identity document needs an `evidenceRef` (checked in the
 * domain, which knows the customer type, as it checks an individual's name is a person's);
 * `relationship: "closed"` ends the relationship.
 */
export const patchCustomerSchema = z.lazy(() =>
  z
    .strictObject({
      name: z.optional(text(200)),
      idType: z.optional(idTypeSchema),
      idNumber: z.optional(idNumberSchema),
      mobile: z.optional(mobileSchema),
      email: z.optional(z.nullable(emailSchema)),
      address: z.optional(z.nullable(text(200))),
      birthDate: z.optional(z.nullable(isoDate)),
      occupation: z.optional(z.nullable(text(100))),
      ...riskAssessmentFields,
      legalRepresentative: z.optional(legalRepresentativeSchema),
      contactMobile: z.optional(mobileSchema),
      rmId: z.optional(codeSchema),
      relationship: z.optional(z.literal('closed')),
      evidenceRef: z.optional(evidenceRefSchema),
    })
    .check(
      z.superRefine((value, ctx) => {
        if (value.idType !== undefined && value.idNumber === undefined) {
          ctx.addIssue({ code: 'custom', path: ['idNumber'], message: 'is required with idType' });
        }
        checkIdDocument(value, ctx);
        checkRiskAssessment(value, ctx);
        const { evidenceRef: _evidence, ...changes } = value;
        if (Object.keys(changes).length === 0) {
          ctx.addIssue({ code: 'custom', path: [], message: 'names no field to change' });
        }
      }),
    ),
);
export type PatchCustomerInput = z.infer<typeof patchCustomerSchema>;

/** The document types a search by number takes: a person's, or a company's USCC. */
const searchIdTypeSchema = z.enum([...ID_TYPES, 'uscc']);
type SearchIdType = z.infer<typeof searchIdTypeSchema>;

/** What a search looks for: a mobile, or an ID number of a type. */
export type SearchCustomersInput =
  | { readonly mobile: string }
  | { readonly idNumber: string; readonly idType: SearchIdType };

/**
 * A search body: exactly one of `mobile` or `idNumber` (with `idType`, default `prc-id`). One
 * object checked as a whole, not a union of two: a union can only answer "Invalid input" to a
 * body with both or neither, where this says which two fields it needs one of.
 */
export const searchCustomersSchema = z.lazy(() =>
  z.pipe(
    z
      .strictObject({
        mobile: z.optional(mobileSchema),
        idNumber: z.optional(z.string().check(z.minLength(1), z.maxLength(40))),
        idType: z.optional(searchIdTypeSchema),
      })
      .check(
        z.superRefine((value, ctx) => {
          if (value.mobile !== undefined && value.idNumber !== undefined) {
            ctx.addIssue({ code: 'custom', path: [], message: 'give mobile or idNumber, not both' });
            return;
          }
          if (value.mobile === undefined && value.idNumber === undefined) {
            ctx.addIssue({ code: 'custom', path: [], message: 'give one of mobile or idNumber' });
            return;
          }
          if (value.mobile !== undefined && value.idType !== undefined) {
            ctx.addIssue({
              code: 'custom',
              path: ['idType'],
              message: 'goes with idNumber, not with mobile',
            });
          }
          // A number that cannot exist is a client error, not an empty result.
          const idType = value.idType ?? 'prc-id';
          if (
            value.idNumber !== undefined &&
            !(idType === 'uscc' ? isValidUscc(value.idNumber) : isValidIdNumber(idType, value.idNumber))
          ) {
            ctx.addIssue({ code: 'custom', path: ['idNumber'], message: `is not a valid ${idType} number` });
          }
        }),
      ),
    // Only a body that passed the checks above gets here: exactly one of the two is present.
    z.transform(({ mobile, idNumber, idType = 'prc-id' }): SearchCustomersInput => {
      if (mobile !== undefined) return { mobile };
      if (idNumber !== undefined) return { idNumber, idType };
      return z.NEVER;
    }),
  ),
);

/**
 * What a well-formed search body looks like, for the documentation (and so for generated
 * clients): one of two shapes. `searchCustomersSchema` checks the same, as one object.
 */
export const searchCustomersDocumentation = z.lazy(() =>
  z.union([
    z.strictObject({
      idNumber: z.string().check(z.minLength(1), z.maxLength(40)),
      idType: z._default(searchIdTypeSchema, 'prc-id'),
    }),
    z.strictObject({ mobile: mobileSchema }),
  ]),
);

export const listCustomersQuerySchema = z.lazy(() =>
  z.strictObject({
    branch: z.optional(codeSchema),
    rmId: z.optional(codeSchema),
    customerType: z.optional(z.enum(['individual', 'corporate'])),
    relationship: z.optional(z.enum(['active', 'closed'])),
    ...pageQueryFields(),
  }),
);
export type ListCustomersQuery = z.infer<typeof listCustomersQuerySchema>;

export const getCustomerQuerySchema = z.lazy(() =>
  z.strictObject({ view: z._default(z.enum(['masked', 'full']), 'masked') }),
);

// Purposes and channels are declared once, with the events that carry them
// (docs/domain-rules.md §7).
export { CONSENT_PURPOSES, CONTACT_CHANNELS };
export const consentPurposeSchema = z.enum(CONSENT_PURPOSES);
export type ConsentPurpose = z.infer<typeof consentPurposeSchema>;

/**
 * A consent for one purpose. `channels` lists each channel at most once: a repeated channel is
 * refused (422 naming `channels`) rather than collapsed, because the consent is a legal record
 * kept as the client stated it, and a repetition is a client bug worth seeing (as a repeated
 * type in the segmentation configuration is).
 */
export const putConsentSchema = z.lazy(() =>
  z.strictObject({
    granted: z.boolean(),
    channels: z.optional(
      z.array(z.enum(CONTACT_CHANNELS)).check(
        z.maxLength(CONTACT_CHANNELS.length),
        z.refine((channels) => new Set(channels).size === channels.length, 'must not repeat a channel'),
      ),
    ),
    evidenceRef: z.optional(evidenceRefSchema),
  }),
);
export type PutConsentInput = z.infer<typeof putConsentSchema>;

/** A zone name (`Asia/Shanghai`, `UTC`), as ContactPreferencesChanged carries it: no offsets. */
const IANA_ZONE_NAME = /^[A-Za-z]+(?:[/_+-][A-Za-z0-9]+)*$/;

/**
 * A customer's contact preferences, as a whole (PUT replaces them): the preferred channel and
 * the IANA time zone quiet hours count in. A field left out is cleared (no preference; the
 * default zone). The zone must be one the runtime knows; the message never echoes it.
 */
export const putContactPreferencesSchema = z.lazy(() =>
  z.strictObject({
    preferredChannel: z.optional(z.enum(CONTACT_CHANNELS)),
    timeZone: z.optional(
      z.string().check(
        z.maxLength(64),
        z.refine(
          (zone) => IANA_ZONE_NAME.test(zone) && isKnownTimeZone(zone),
          'must be an IANA time zone such as Asia/Shanghai',
        ),
      ),
    ),
  }),
);
export type PutContactPreferencesInput = z.infer<typeof putContactPreferencesSchema>;

/**
 * An erasure request. Every field has a default, so no body at all is the empty body `{}`: a
 * request on the customer's behalf with no evidence reference.
 */
export const erasureRequestSchema = z.lazy(() =>
  z.prefault(
    z.strictObject({
      basis: z._default(
        z.enum(['customer-request', 'consent-withdrawn', 'purpose-fulfilled', 'other']),
        'customer-request',
      ),
      evidenceRef: z.optional(evidenceRefSchema),
    }),
    {},
  ),
);
export type ErasureRequestInput = z.infer<typeof erasureRequestSchema>;

export const listReviewsQuerySchema = z.lazy(() =>
  z.strictObject({
    status: z._default(z.enum(['open', 'escalated', 'completed', 'overdue']), 'open'),
    ...pageQueryFields(),
  }),
);
export type ListReviewsQuery = z.infer<typeof listReviewsQuerySchema>;

export const completeReviewSchema = z.lazy(() =>
  z.strictObject({
    outcome: z.enum(['confirmed', 'updated']),
    evidenceRef: z.optional(evidenceRefSchema),
  }),
);
export type CompleteReviewInput = z.infer<typeof completeReviewSchema>;
