import { COMPLIANCE_STATUSES } from '../../../shared/events/index.js';
import { pageOf } from '../../../shared/http/params.js';
import { ID_TYPES } from '../../../shared/identity/index.js';
import * as z from '../../../shared/zod.js';
import { CUSTOMER_AUDIT_ACTIONS } from '../domain/audit-actions.js';
import { codeSchema } from '../domain/schemas.js';
import { CONSENT_PURPOSES, CONTACT_CHANNELS, RELATIONSHIP_STATES, REVIEW_OUTCOMES } from '../events.js';
import { assessedSeniorExample, suitabilityViewFields } from './assessment-responses.js';

/**
 * Response schemas of the customers API: what each route's success body is, exactly, as the
 * handlers serialise it (JSON: a field whose value is undefined is absent, not null). Every
 * object is strict, so a field the code starts returning fails the contract tests until it is
 * declared here, and client generators see `additionalProperties: false`.
 *
 * Each schema is built on first use (`z.lazy`), like the request schemas: a handler importing a
 * route contract pays nothing for the ones it does not parse.
 *
 * Examples are synthetic: masked forms, placeholder ids, GB 11643's published sample ID number
 * and the operator's public service number, never a real person's data.
 */

// ---------------------------------------------------------------------------------------------
// Building blocks

/** `cus_` + a ULID: minted by `newId('cus')` at registration, opaque to clients. */
const customerId = () =>
  z.string().check(z.regex(/^cus_[0-7][0-9A-HJKMNP-TV-Z]{25}$/, 'must be a customer id (cus_<ULID>)'));

/** `rev_` + 26 hex digits: derived from the customer and the due date (`reviewIdFor`). */
const reviewId = () => z.string().check(z.regex(/^rev_[0-9a-f]{26}$/, 'must be a review id (rev_<hex>)'));

/** An instant the server stamped: ISO 8601 UTC with milliseconds (`Date#toISOString`). */
const instant = () => z.iso.datetime();

/**
 * A masked display form (docs/domain-rules.md §3): the kept characters, `*` for the rest
 * (`110**************4`, `138****0000`, `w***@example.com`, `北京市朝阳区***`, `****-**-**`).
 * Computed at write time with the default masking rules, whose mask character is `*`.
 */
const masked = () => z.string().check(z.regex(/\*/, 'must be a masked display form'));

const nonEmpty = () => z.string().check(z.minLength(1));
const count = () => z.number().check(z.int(), z.nonnegative());
const version = () => z.number().check(z.int(), z.positive());
const sha256Hex = () => z.string().check(z.regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hex digest'));

/** One purpose's consent as recorded: a withdrawal has no channels. */
const consentState = () =>
  z.strictObject({
    granted: z.boolean(),
    channels: z.array(z.enum(CONTACT_CHANNELS)),
    at: instant(),
  });

/** The fields every customer view has, whatever the type and the view. */
function viewCommon() {
  return {
    customerId: customerId(),
    branch: codeSchema,
    rmId: codeSchema,
    /** The record version, also the ETag (`"7"`): send it back as `If-Match` on PATCH. */
    version: version(),
    /** When the relationship with the bank started (account opening). */
    onboardedAt: instant(),
    ...suitabilityViewFields(),
    relationship: z.enum(RELATIONSHIP_STATES),
    relationshipEndedAt: z.optional(instant()),
    /** Identity data is kept until then (AML), then crypto-shredded; set when the relationship ends. */
    retentionUntil: z.optional(instant()),
    /** Processing is restricted: no marketing, recommendations or outreach. */
    restricted: z.boolean(),
    erasureRequestedAt: z.optional(instant()),
    /** The personal data was crypto-shredded: every C2 field is gone from the view. */
    erased: z.boolean(),
    /** Purpose → the consent on record; a purpose never asked is absent (no consent). */
    consents: z.partialRecord(z.enum(CONSENT_PURPOSES), consentState()),
    /** The channel the customer prefers to be contacted on; absent: no preference. */
    preferredChannel: z.optional(z.enum(CONTACT_CHANNELS)),
    /** The IANA zone quiet hours count in; absent: Asia/Shanghai. */
    timeZone: z.optional(nonEmpty()),
    complianceStatus: z.enum(COMPLIANCE_STATUSES),
    /** When the AML system set the status; absent until it first reports on the customer. */
    complianceStatusAt: z.optional(instant()),
    /** Absent once the relationship is closed (no more periodic reviews). */
    nextReviewAt: z.optional(instant()),
    lastReviewedAt: z.optional(instant()),
    createdAt: instant(),
    updatedAt: instant(),
  };
}

/**
 * An individual. C2 fields are optional because they disappear when the customer is erased,
 * and `email`, `address`, `birthDate` and `occupation` are optional at registration.
 * `view: "masked"`: C2 fields are masked display forms, except `name`, which is in full for a
 * relationship manager, service agent or supervisor (and for the creator) and masked for a
 * compliance officer. `view: "full"`: the audited reveal, everything in clear.
 */
function individualView(view: 'masked' | 'full') {
  const c2 = view === 'masked' ? masked : nonEmpty;
  return z.strictObject({
    ...viewCommon(),
    type: z.literal('individual'),
    view: z.literal(view),
    name: z.optional(nonEmpty()),
    idType: z.enum(ID_TYPES),
    idNumber: z.optional(c2()),
    mobile: z.optional(c2()),
    email: z.optional(c2()),
    address: z.optional(c2()),
    birthDate: z.optional(view === 'masked' ? masked() : z.iso.date()),
    occupation: z.optional(nonEmpty()),
  });
}

/**
 * A corporate customer. `name` (the company) and `uscc` are not personal information: always in
 * clear. The legal representative's name and ID number and the contact mobile are C2: masked in
 * the masked view (for every role), in clear in the full view, gone once erased.
 */
function corporateView(view: 'masked' | 'full') {
  const c2 = view === 'masked' ? masked : nonEmpty;
  return z.strictObject({
    ...viewCommon(),
    type: z.literal('corporate'),
    view: z.literal(view),
    name: nonEmpty(),
    uscc: z.string().check(z.regex(/^[0-9A-Z]{18}$/, 'must be a unified social credit code')),
    legalRepresentative: z.strictObject({
      name: z.optional(c2()),
      idType: z.enum(ID_TYPES),
      idNumber: z.optional(c2()),
    }),
    contactMobile: z.optional(c2()),
  });
}

// ---------------------------------------------------------------------------------------------
// Customer view: POST /v1/customers (201), GET and PATCH /v1/customers/{customerId} (200)

/**
 * One customer, as `POST /v1/customers` (201, and its idempotent replay), `GET
 * /v1/customers/{customerId}` and `PATCH /v1/customers/{customerId}` return it, with the version
 * as ETag. By `type` (individual, corporate), then by `view`: `masked` (the default; what
 * every reader gets) or `full` (`?view=full` with `X-Access-Purpose`, compliance officers only,
 * audited before it is returned).
 */
export const customerViewSchema = z.lazy(() =>
  z
    .discriminatedUnion('type', [
      z.discriminatedUnion('view', [individualView('masked'), individualView('full')]),
      z.discriminatedUnion('view', [corporateView('masked'), corporateView('full')]),
    ])
    .check(
      z.describe('A customer: masked display forms by default, everything in clear in the audited full view'),
    ),
);
export type CustomerViewBody = z.infer<typeof customerViewSchema>;

/** Example: what a relationship manager reads of a customer of their book (the name in full). */
export const customerViewExample = {
  customerId: 'cus_01KJP4C580F6T0QN8DTSSA53J3',
  type: 'individual',
  view: 'masked',
  branch: 'BJ01',
  rmId: 'rm-bj01-1',
  version: 3,
  onboardedAt: '2019-05-01T01:00:00.000Z',
  name: '测试用户',
  idType: 'prc-id',
  idNumber: '110**************1',
  mobile: '138****8000',
  email: 't***@example.com',
  address: '北京市朝阳区***',
  birthDate: '****-**-**',
  occupation: 'engineer',
  ...assessedSeniorExample,
  relationship: 'active',
  restricted: false,
  erased: false,
  consents: { marketing: { granted: true, channels: ['sms', 'app-push'], at: '2026-03-02T02:05:00.000Z' } },
  preferredChannel: 'sms',
  complianceStatus: 'compliant',
  nextReviewAt: '2026-09-02T02:00:00.000Z',
  createdAt: '2026-03-02T02:00:00.000Z',
  updatedAt: '2026-03-02T02:05:00.000Z',
} satisfies z.input<typeof customerViewSchema>;

/** Example: the same customer as a compliance officer reads it by default (the name masked too). */
export const maskedCustomerViewExample = {
  ...customerViewExample,
  name: '测***',
} satisfies z.input<typeof customerViewSchema>;

/** Example: the audited full view (`?view=full`, `X-Access-Purpose`), compliance officers only. */
export const revealedCustomerViewExample = {
  ...customerViewExample,
  view: 'full',
  idNumber: '110105194912310021',
  mobile: '13800138000',
  email: 'test.user@example.com',
  address: '北京市朝阳区示例路1号',
  birthDate: '1949-12-31',
} satisfies z.input<typeof customerViewSchema>;

/** Example: a corporate customer, masked (the company name and USCC are not personal data). */
export const corporateCustomerViewExample = {
  customerId: 'cus_01KJP4NA70R64P88G2EQX4HR9B',
  type: 'corporate',
  view: 'masked',
  branch: 'SH01',
  rmId: 'rm-sh01-2',
  version: 1,
  onboardedAt: '2026-03-02T02:05:00.000Z',
  name: '示例科技有限公司',
  uscc: '91350100M000100Y43',
  legalRepresentative: { name: '示**', idType: 'prc-id', idNumber: '110**************1' },
  contactMobile: '138****8000',
  senior: false,
  relationship: 'active',
  restricted: false,
  erased: false,
  consents: {},
  complianceStatus: 'compliant',
  nextReviewAt: '2026-09-02T02:05:00.000Z',
  createdAt: '2026-03-02T02:05:00.000Z',
  updatedAt: '2026-03-02T02:05:00.000Z',
} satisfies z.input<typeof customerViewSchema>;

/** Example: an individual whose retention ended and whose data was crypto-shredded. */
export const erasedCustomerViewExample = {
  customerId: 'cus_01KJP4C580F6T0QN8DTSSA53J3',
  type: 'individual',
  view: 'masked',
  branch: 'BJ01',
  rmId: 'rm-bj01-1',
  version: 6,
  onboardedAt: '2019-05-01T01:00:00.000Z',
  idType: 'prc-id',
  ...assessedSeniorExample,
  relationship: 'closed',
  relationshipEndedAt: '2026-04-01T02:00:00.000Z',
  retentionUntil: '2036-04-01T02:00:00.000Z',
  restricted: true,
  erasureRequestedAt: '2026-04-02T02:00:00.000Z',
  erased: true,
  consents: {},
  complianceStatus: 'compliant',
  createdAt: '2026-03-02T02:00:00.000Z',
  updatedAt: '2036-04-02T01:00:00.000Z',
} satisfies z.input<typeof customerViewSchema>;

// ---------------------------------------------------------------------------------------------
// Lists and search: GET /v1/customers, POST /v1/customers/search

/**
 * A list or search row: masked forms only (nothing is decrypted for a list). An individual's
 * `name` is its masked form, absent once erased; a corporate's is the company name.
 */
export const customerSummarySchema = z.lazy(() => {
  const common = {
    customerId: customerId(),
    branch: codeSchema,
    rmId: codeSchema,
    relationship: z.enum(RELATIONSHIP_STATES),
    restricted: z.boolean(),
    version: version(),
  };
  return z.discriminatedUnion('type', [
    z.strictObject({ ...common, type: z.literal('individual'), name: z.optional(masked()) }),
    z.strictObject({ ...common, type: z.literal('corporate'), name: nonEmpty() }),
  ]);
});

/**
 * `GET /v1/customers` (200): a page of the caller's scope (an RM's book, a supervisor's branch,
 * everything for compliance): oldest registration first within a book or branch, in no set
 * order for the whole bank. `cursor` is present while more may follow: pass it back as
 * `?cursor=`. Filters are applied after the page is read, so a page may hold fewer than `limit`
 * rows, even none, and still have a cursor. A filter outside the caller's scope gives an empty
 * page, not an error.
 */
export const customerListPageSchema = z.lazy(() =>
  pageOf(customerSummarySchema).check(
    z.describe('A page of customers (masked); cursor is present while more may follow'),
  ),
);

/** Example: an individual's list row (the name masked, nothing decrypted). */
export const customerSummaryExample = {
  customerId: 'cus_01KJP4C580F6T0QN8DTSSA53J3',
  type: 'individual',
  name: '测***',
  branch: 'BJ01',
  rmId: 'rm-bj01-1',
  relationship: 'active',
  restricted: false,
  version: 3,
} satisfies z.input<typeof customerSummarySchema>;

/** Example: a first page of an RM's book with more to come. */
export const customerListPageExample = {
  items: [
    customerSummaryExample,
    {
      customerId: 'cus_01KJP4NA70R64P88G2EQX4HR9B',
      type: 'corporate',
      name: '示例科技有限公司',
      branch: 'BJ01',
      rmId: 'rm-bj01-1',
      relationship: 'active',
      restricted: false,
      version: 1,
    },
  ],
  cursor: 'eyJwayI6IkNVU1RPTUVSI2N1c18wMUtKUDRDNTgwRjZUMFFOOERUU1NBNTNKMyJ9',
} satisfies z.input<typeof customerListPageSchema>;

/**
 * `POST /v1/customers/search` (200): the customers found by ID document or mobile that the
 * caller may read (a service agent: every one found, and it gets a time-limited grant to read
 * them). Never paginated: a blind index finds a handful at most. Erased customers are left out.
 */
export const customerSearchResultSchema = z.lazy(() =>
  z
    .strictObject({ items: z.array(customerSummarySchema) })
    .check(z.describe('Customers found by ID document or mobile (masked), possibly none')),
);

/** Example: one customer found by mobile. */
export const customerSearchResultExample = {
  items: [customerSummaryExample],
} satisfies z.input<typeof customerSearchResultSchema>;

// ---------------------------------------------------------------------------------------------
// Audit trail: GET /v1/customers/{customerId}/audit

/** One link of the customer's audit chain: who, role, what, which fields, when; never values. */
export const auditRecordSchema = z.lazy(() =>
  z.strictObject({
    /** Whose chain: `customer#<customerId>`. */
    subject: z.string().check(z.regex(/^customer#cus_[0-7][0-9A-HJKMNP-TV-Z]{25}$/)),
    /** 1-based position in the chain. */
    seq: version(),
    at: instant(),
    /** The caller's subject (`sub`), or the job's name for system changes. */
    actor: nonEmpty(),
    /** A role, or `system` for scheduled jobs and consumers. */
    role: nonEmpty(),
    action: z.enum(CUSTOMER_AUDIT_ACTIONS),
    /** The stated purpose of a reveal (`X-Access-Purpose`), or the basis and evidence of a change. */
    purpose: z.optional(nonEmpty()),
    /** Names of the fields written or revealed, never their values. */
    fields: z.array(nonEmpty()),
    requestId: z.optional(nonEmpty()),
    prevHash: sha256Hex(),
    hash: sha256Hex(),
  }),
);

/**
 * `GET /v1/customers/{customerId}/audit` (200, compliance officers and the branch's supervisor):
 * every audit record of the customer, oldest first, and whether the hash chain verifies
 * (`brokenAtSeq`: the first record that does not, when it does not).
 */
export const auditTrailSchema = z.lazy(() =>
  z
    .strictObject({
      customerId: customerId(),
      chain: z.discriminatedUnion('valid', [
        z.strictObject({ valid: z.literal(true), length: count() }),
        z.strictObject({ valid: z.literal(false), length: count(), brokenAtSeq: version() }),
      ]),
      records: z.array(auditRecordSchema),
    })
    .check(z.describe("A customer's audit records and the verdict on their hash chain")),
);

/** Example: the first link of a chain, the registration. */
export const auditRecordExample = {
  subject: 'customer#cus_01KJP4C580F6T0QN8DTSSA53J3',
  seq: 1,
  at: '2026-03-02T02:00:00.000Z',
  actor: 'user-rm-bj01-1',
  role: 'relationship-manager',
  action: 'customer.created',
  fields: ['name', 'idNumber', 'mobile', 'email', 'address', 'birthDate'],
  requestId: 'c0ffee00-1234-4abc-9def-000000000001',
  prevHash: '0000000000000000000000000000000000000000000000000000000000000000',
  hash: '8b5cc4df7eec7d32a7814eca4af047ae33b2d52342667715682e19c25b0b9faa',
} satisfies z.input<typeof auditRecordSchema>;

/** Example: a registration and an audited reveal, the chain intact. */
export const auditTrailExample = {
  customerId: 'cus_01KJP4C580F6T0QN8DTSSA53J3',
  chain: { valid: true, length: 2 },
  records: [
    auditRecordExample,
    {
      subject: 'customer#cus_01KJP4C580F6T0QN8DTSSA53J3',
      seq: 2,
      at: '2026-03-03T06:10:00.000Z',
      actor: 'user-co-1',
      role: 'compliance-officer',
      action: 'customer.revealed',
      purpose: 'AML case 2026-0042',
      fields: ['name', 'idNumber', 'mobile', 'email', 'address', 'birthDate'],
      requestId: 'c0ffee00-1234-4abc-9def-000000000002',
      prevHash: '8b5cc4df7eec7d32a7814eca4af047ae33b2d52342667715682e19c25b0b9faa',
      hash: 'ac0f09c0f8bf5e7a4b063d863255f16d8ce9abe600e288d934cf313bcbff63eb',
    },
  ],
} satisfies z.input<typeof auditTrailSchema>;

// ---------------------------------------------------------------------------------------------
// Consent: PUT /v1/customers/{customerId}/consents/{purpose}

/**
 * `PUT /v1/customers/{customerId}/consents/{purpose}` (200, the record's new version as ETag,
 * to send as If-Match on the next change of the customer): the consent now on record for the
 * purpose. A grant without `channels` covers every channel; a withdrawal has none.
 */
export const consentResultSchema = z.lazy(() =>
  z
    .strictObject({
      customerId: customerId(),
      purpose: z.enum(CONSENT_PURPOSES),
      granted: z.boolean(),
      channels: z.array(z.enum(CONTACT_CHANNELS)),
      at: instant(),
    })
    .check(z.describe('The consent now on record for one purpose')),
);

/** Example: marketing consent granted for SMS and app push. */
export const consentResultExample = {
  customerId: 'cus_01KJP4C580F6T0QN8DTSSA53J3',
  purpose: 'marketing',
  granted: true,
  channels: ['sms', 'app-push'],
  at: '2026-03-02T02:05:00.000Z',
} satisfies z.input<typeof consentResultSchema>;

// ---------------------------------------------------------------------------------------------
// Contact preferences: PUT /v1/customers/{customerId}/contact-preferences

/**
 * `PUT /v1/customers/{customerId}/contact-preferences` (200, the record's new version as ETag):
 * the preferences now on record. A field absent was cleared: no preferred channel, or quiet
 * hours in Asia/Shanghai.
 */
export const contactPreferencesResultSchema = z.lazy(() =>
  z
    .strictObject({
      customerId: customerId(),
      preferredChannel: z.optional(z.enum(CONTACT_CHANNELS)),
      timeZone: z.optional(nonEmpty()),
      at: instant(),
    })
    .check(z.describe('The contact preferences now on record')),
);

/** Example: e-mail preferred, quiet hours in Shanghai time. */
export const contactPreferencesResultExample = {
  customerId: 'cus_01KJP4C580F6T0QN8DTSSA53J3',
  preferredChannel: 'email',
  timeZone: 'Asia/Shanghai',
  at: '2026-03-02T02:05:00.000Z',
} satisfies z.input<typeof contactPreferencesResultSchema>;

// ---------------------------------------------------------------------------------------------
// Erasure: POST /v1/customers/{customerId}/erasure-requests

/**
 * `POST /v1/customers/{customerId}/erasure-requests`: 202 when this call made the request, 200
 * (same body) when one was already on record. Processing is restricted at once; the data is
 * shredded at `shredDueAt`, the end of AML retention, which is only known once the relationship
 * has ended (absent while it is open).
 */
export const erasureStatusSchema = z.lazy(() =>
  z
    .strictObject({
      customerId: customerId(),
      restricted: z.literal(true),
      erasureRequestedAt: instant(),
      shredDueAt: z.optional(instant()),
    })
    .check(z.describe('An erasure request on record: restricted now, shredded when retention ends')),
);

/** Example: a request for a customer whose relationship is still open (no shredding date yet). */
export const erasureStatusExample = {
  customerId: 'cus_01KJP4C580F6T0QN8DTSSA53J3',
  restricted: true,
  erasureRequestedAt: '2026-03-02T02:10:00.000Z',
} satisfies z.input<typeof erasureStatusSchema>;

/** Example: a request for a closed relationship: shredded when the 10 years of retention end. */
export const scheduledErasureStatusExample = {
  ...erasureStatusExample,
  shredDueAt: '2036-04-01T02:00:00.000Z',
} satisfies z.input<typeof erasureStatusSchema>;

// ---------------------------------------------------------------------------------------------
// Periodic reviews: GET /v1/reviews, POST /v1/reviews/{reviewId}/complete

function reviewCommon() {
  return {
    reviewId: reviewId(),
    customerId: customerId(),
    branch: codeSchema,
    rmId: codeSchema,
    /** Whose step it is: the RM's, or the supervisor's once escalated. */
    stage: z.enum(['rm', 'supervisor']),
    /** When the review fell due. */
    dueAt: instant(),
    createdAt: instant(),
    /** End of the RM's 10 working days, and of the supervisor's 5 more. */
    rmDeadline: instant(),
    supervisorDeadline: instant(),
    /**
     * The deadline was counted over a year the working-day calendar has no data for (weekends
     * only as rest days): it may move by a holiday, and is counted again when the year is loaded.
     */
    rmDeadlineProvisional: z.boolean(),
    /** As `rmDeadlineProvisional`; also true while the RM deadline it counts from is provisional. */
    supervisorDeadlineProvisional: z.boolean(),
    /** The years whose calendar data the provisional deadlines wait for, ascending; empty when none. */
    missingCalendarYears: z.array(z.number().check(z.int(), z.gte(2000), z.lte(2100))),
  };
}

/** Who completed a review, how and when: present exactly when it is completed. */
function completion() {
  return {
    status: z.literal('completed'),
    outcome: z.enum(REVIEW_OUTCOMES),
    completedAt: instant(),
    /** The completer's subject (`sub`). */
    completedBy: nonEmpty(),
  };
}

/**
 * A periodic information review (docs/domain-rules.md §10), by status: `open` (the RM's step)
 * and `escalated` (the supervisor's), `completed` (with its outcome), `overdue` (neither
 * completed it in time; `overdueAt` says when it was marked). Ids and dates only.
 */
export const reviewSchema = z.lazy(() =>
  z.discriminatedUnion('status', [
    z.strictObject({ ...reviewCommon(), status: z.enum(['open', 'escalated']) }),
    z.strictObject({ ...reviewCommon(), ...completion() }),
    z.strictObject({ ...reviewCommon(), status: z.literal('overdue'), overdueAt: instant() }),
  ]),
);

/**
 * `GET /v1/reviews` (200): a page of the reviews in one status (`?status=`, default `open`) in
 * the caller's scope, earliest deadline first. `cursor` is present while more may follow.
 */
export const reviewListPageSchema = z.lazy(() =>
  pageOf(reviewSchema).check(z.describe('A page of periodic reviews in one status')),
);

/** Example: an open review, the RM's 10 working days running. */
export const reviewExample = {
  reviewId: 'rev_82f3e9c695dc6b8d1b11818d57',
  customerId: 'cus_01KJP4C580F6T0QN8DTSSA53J3',
  branch: 'BJ01',
  rmId: 'rm-bj01-1',
  status: 'open',
  stage: 'rm',
  dueAt: '2026-09-02T02:00:00.000Z',
  createdAt: '2026-09-02T01:00:00.000Z',
  rmDeadline: '2026-09-16T01:00:00.000Z',
  supervisorDeadline: '2026-09-23T01:00:00.000Z',
  rmDeadlineProvisional: false,
  supervisorDeadlineProvisional: false,
  missingCalendarYears: [],
} satisfies z.input<typeof reviewSchema>;

/**
 * Example: a review opened on 2026-12-14 before 2027 was loaded: the RM's 10th working day
 * falls on 2026-12-28, within the week before a year without data, and the supervisor's 5 more
 * run into 2027: both provisional.
 */
export const provisionalReviewExample = {
  reviewId: 'rev_5b0c81d2e9a4f07c3d6e1a9b24',
  customerId: 'cus_01KJP4NA70R64P88G2EQX4HR9B',
  branch: 'BJ01',
  rmId: 'rm-bj01-1',
  status: 'open',
  stage: 'rm',
  dueAt: '2026-12-14T00:30:00.000Z',
  createdAt: '2026-12-14T01:00:00.000Z',
  rmDeadline: '2026-12-28T15:59:59.999Z',
  supervisorDeadline: '2027-01-04T15:59:59.999Z',
  rmDeadlineProvisional: true,
  supervisorDeadlineProvisional: true,
  missingCalendarYears: [2027],
} satisfies z.input<typeof reviewSchema>;

/** Example: a first page of open reviews, one of them with provisional deadlines. */
export const reviewListPageExample = {
  items: [reviewExample, provisionalReviewExample],
} satisfies z.input<typeof reviewListPageSchema>;

/**
 * `POST /v1/reviews/{reviewId}/complete` (200): the review as completed by this call (the
 * workflow waiting for it is told). `stage` is the step it was completed at.
 */
export const reviewCompletionSchema = z.lazy(() =>
  z
    .strictObject({ ...reviewCommon(), ...completion() })
    .check(z.describe('The review, completed by this call')),
);

/** Example: the RM confirmed the customer's details within the deadline. */
export const reviewCompletionExample = {
  ...reviewExample,
  status: 'completed',
  outcome: 'confirmed',
  completedAt: '2026-09-08T03:20:00.000Z',
  completedBy: 'user-rm-bj01-1',
} satisfies z.input<typeof reviewCompletionSchema>;
