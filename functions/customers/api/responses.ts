import { COMPLIANCE_STATUSES } from '../../../shared/events/index.js';
import { pageOf } from '../../../shared/http/params.js';
import { ID_TYPES } from '../../../shared/identity/index.js';
import * as z from '../../../shared/zod.js';
import { codeSchema } from '../domain/schemas.js';
import { CONSENT_PURPOSES, CONTACT_CHANNELS, RELATIONSHIP_STATES } from '../events.js';
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
 *
 * This module holds the building blocks and the customer itself (view, lists, search); the
 * audit trail, the privacy routes (consent, contact preferences, erasure) and the periodic
 * reviews have their own modules beside it, built from these blocks.
 */

// ---------------------------------------------------------------------------------------------
// Building blocks

/** `cus_` + a ULID: minted by `newId('cus')` at registration, opaque to clients. */
export const customerId = () =>
  z.string().check(z.regex(/^cus_[0-7][0-9A-HJKMNP-TV-Z]{25}$/, 'must be a customer id (cus_<ULID>)'));

/** An instant the server stamped: ISO 8601 UTC with milliseconds (`Date#toISOString`). */
export const instant = () => z.iso.datetime();

/**
 * A masked display form (docs/domain-rules.md §3): the kept characters, `*` for the rest
 * (`110**************4`, `138****0000`, `w***@example.com`, `北京市朝阳区***`, `****-**-**`).
 * Computed at write time with the default masking rules, whose mask character is `*`.
 */
const masked = () => z.string().check(z.regex(/\*/, 'must be a masked display form'));

export const nonEmpty = () => z.string().check(z.minLength(1));
export const version = () => z.number().check(z.int(), z.positive());

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
