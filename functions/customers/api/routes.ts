import { defineRoute } from '../../../shared/http/contract.js';
import { idParam, idParams } from '../../../shared/http/params.js';
import * as z from '../../../shared/zod.js';
import {
  completeReviewSchema,
  consentPurposeSchema,
  createCustomerSchema,
  erasureRequestSchema,
  getCustomerQuerySchema,
  listCustomersQuerySchema,
  listReviewsQuerySchema,
  patchCustomerSchema,
  putConsentSchema,
  putContactPreferencesSchema,
  searchCustomersDocumentation,
  searchCustomersSchema,
} from '../domain/schemas.js';
import { auditTrailExample, auditTrailSchema } from './audit-responses.js';
import {
  consentResultExample,
  consentResultSchema,
  contactPreferencesResultExample,
  contactPreferencesResultSchema,
  erasureStatusExample,
  erasureStatusSchema,
  scheduledErasureStatusExample,
} from './privacy-responses.js';
import {
  customerListPageExample,
  customerListPageSchema,
  customerSearchResultExample,
  customerSearchResultSchema,
  customerViewExample,
  customerViewSchema,
} from './responses.js';
import {
  reviewCompletionExample,
  reviewCompletionSchema,
  reviewListPageExample,
  reviewListPageSchema,
} from './review-responses.js';

const customerParams = idParams('customerId');

/**
 * The customers API: every operation's contract (route, policy action, request and response
 * schemas, problems). `api/route-handlers.ts` implements them; the definition in `index.ts`
 * hands them to API Gateway, the local cloud and the OpenAPI document.
 */
export const customerRoutes = {
  registerCustomer: defineRoute({
    method: 'POST',
    path: '/v1/customers',
    summary: 'Register a customer',
    description:
      'Encrypts every C2 field with a new data key, computes the masked forms and blind indexes, and writes the record, its identity-document lock, its audit record and CustomerRegistered in one transaction. An RM registers into their own book and branch, a supervisor into their branch. A repeated request with the same Idempotency-Key (24 h) answers the customer as it is now, authorised like a read: 404 once the caller may no longer read it. A risk assessment (`riskTolerance` with `riskAssessedAt`) may state an `investmentObjective`, a `horizonDays` and an `intendedAmount`; `senior` is computed from the birth date (aged 65 or more today in China Standard Time).',
    action: 'customer:create',
    body: createCustomerSchema,
    headers: { 'idempotency-key': 'optional' },
    responses: {
      201: {
        description: 'The registered customer, as the caller may see it',
        schema: customerViewSchema,
        example: customerViewExample,
        headers: ['etag', 'location', 'idempotent-replayed'],
      },
    },
    // 404: an idempotent replay of a customer the caller may no longer read.
    problems: [404, 409],
  }),
  listCustomers: defineRoute({
    method: 'GET',
    path: '/v1/customers',
    summary: 'List customers in the caller’s scope',
    description:
      'Masked forms only (names included): a list needs no decryption. Paginated with an opaque cursor.',
    action: 'customer:list',
    query: listCustomersQuerySchema,
    responses: {
      200: {
        description: 'One page of customers',
        schema: customerListPageSchema,
        example: customerListPageExample,
      },
    },
  }),
  searchCustomers: defineRoute({
    method: 'POST',
    path: '/v1/customers/search',
    summary: 'Find customers by ID number or mobile',
    description:
      'Exactly one of `idNumber` (with `idType`) or `mobile`: both or neither is a 422 naming the two. The value travels in the body, never in a URL, and is matched through its blind index. Results are masked and limited to the caller’s scope; a service agent is granted access to what it finds for a limited time. Every search is audited (the index searched and how many results, never the value) and counted per caller: past the limit of a window the caller is locked out of search for a while (429 `search-limit` with Retry-After), and operations are alerted.',
    action: 'customer:search',
    body: searchCustomersSchema,
    documentedBody: searchCustomersDocumentation,
    responses: {
      200: {
        description: 'The matching customers the caller may see',
        schema: customerSearchResultSchema,
        example: customerSearchResultExample,
      },
    },
    // 409: a concurrent change while a service agent's grants are audited; 429: past the
    // caller's search limit, for the lockout time (Retry-After).
    problems: [409, 429],
    lookup: true,
  }),
  getCustomer: defineRoute({
    method: 'GET',
    path: '/v1/customers/{customerId}',
    summary: 'Read a customer',
    description:
      'Masked by role. `view=full` reveals every field to a compliance officer who states a purpose in X-Access-Purpose; the reveal is audited before the answer is sent. A customer outside the caller’s scope is a 404, like one that does not exist.',
    action: 'customer:read',
    params: customerParams,
    query: getCustomerQuerySchema,
    headers: { 'x-access-purpose': 'optional' },
    responses: {
      200: {
        description: 'The customer',
        schema: customerViewSchema,
        example: customerViewExample,
        headers: ['etag'],
      },
    },
    problems: [404, 409],
  }),
  updateCustomer: defineRoute({
    method: 'PATCH',
    path: '/v1/customers/{customerId}',
    summary: 'Change a customer',
    description:
      'A partial update based on the version named by If-Match. A new name or identity document needs an `evidenceRef`; `relationship: "closed"` ends the relationship and starts the retention clock. A new risk assessment (`riskTolerance` with `riskAssessedAt`) replaces the previous one whole: an objective, horizon or amount it does not state is removed; these three are refused without it. A new birth date recomputes `senior`. Audited, and announced by CustomerProfileChanged (field names, and the suitability facts after the change).',
    action: 'customer:update',
    params: customerParams,
    body: patchCustomerSchema,
    headers: { 'if-match': 'required' },
    responses: {
      200: {
        description: 'The customer after the change',
        schema: customerViewSchema,
        example: customerViewExample,
        headers: ['etag'],
      },
    },
    problems: [404, 409],
  }),
  customerAuditTrail: defineRoute({
    method: 'GET',
    path: '/v1/customers/{customerId}/audit',
    summary: 'Read a customer’s audit trail',
    description:
      'Every change, reveal (or failed reveal), read of the trail and search grant (who, role, purpose, which fields, when; never values), with the result of checking the chain: hashes, links, head and each record’s MAC. The read is itself audited before the answer; a supervisor sees only the purpose code of a reveal.',
    action: 'customer:audit:read',
    params: customerParams,
    responses: {
      200: {
        description: 'The audit records and whether the chain is intact',
        schema: auditTrailSchema,
        example: auditTrailExample,
      },
    },
    problems: [404, 409],
  }),
  putConsent: defineRoute({
    method: 'PUT',
    path: '/v1/customers/{customerId}/consents/{purpose}',
    summary: 'Grant or withdraw a consent',
    description:
      'Per purpose, optionally per channel (each at most once). A consent is part of the customer record: like a PATCH, the change is based on the version named by If-Match and answers the new version as ETag. A withdrawal takes effect at once. Audited and announced by ConsentChanged.',
    action: 'customer:consent:write',
    params: z.strictObject({ customerId: idParam, purpose: consentPurposeSchema }),
    body: putConsentSchema,
    headers: { 'if-match': 'required' },
    responses: {
      200: {
        description: 'The consent as recorded',
        schema: consentResultSchema,
        example: consentResultExample,
        headers: ['etag'],
      },
    },
    problems: [404, 409],
  }),
  putContactPreferences: defineRoute({
    method: 'PUT',
    path: '/v1/customers/{customerId}/contact-preferences',
    summary: 'Set how a customer prefers to be contacted',
    description:
      'The preferred channel and the IANA time zone quiet hours count in (Asia/Shanghai when none is set), both replaced as a whole: a field left out is cleared. Part of the customer record: like a PATCH, the change is based on the version named by If-Match and answers the new version as ETag. Audited (field names only) and announced by ContactPreferencesChanged.',
    action: 'customer:update',
    params: customerParams,
    body: putContactPreferencesSchema,
    headers: { 'if-match': 'required' },
    responses: {
      200: {
        description: 'The contact preferences as recorded',
        schema: contactPreferencesResultSchema,
        example: contactPreferencesResultExample,
        headers: ['etag'],
      },
    },
    problems: [404, 409],
  }),
  requestErasure: defineRoute({
    method: 'POST',
    path: '/v1/customers/{customerId}/erasure-requests',
    summary: 'Request erasure of a customer’s personal data',
    description:
      'Restricts processing at once and schedules crypto-shredding for the end of the retention period. Every field of the body has a default: no body is a request on the customer’s behalf (`basis: customer-request`). A repeated request answers the existing one with 200.',
    action: 'customer:erasure:request',
    params: customerParams,
    body: erasureRequestSchema,
    responses: {
      202: {
        description: 'The erasure request was accepted; processing is restricted',
        schema: erasureStatusSchema,
        example: erasureStatusExample,
      },
      200: {
        description: 'An erasure was already requested; its status',
        schema: erasureStatusSchema,
        example: scheduledErasureStatusExample,
      },
    },
    problems: [404, 409],
  }),
  listReviews: defineRoute({
    method: 'GET',
    path: '/v1/reviews',
    summary: 'List periodic information reviews in the caller’s scope',
    description:
      'Each review with its RM and supervisor deadlines; a deadline counted over a year the working-day calendar has no data for is flagged provisional (and `missingCalendarYears` names the year) until an admin loads the year, when it is counted again.',
    action: 'review:list',
    query: listReviewsQuerySchema,
    responses: {
      200: {
        description: 'One page of reviews',
        schema: reviewListPageSchema,
        example: reviewListPageExample,
      },
    },
  }),
  completeReview: defineRoute({
    method: 'POST',
    path: '/v1/reviews/{reviewId}/complete',
    summary: 'Complete a periodic information review',
    description:
      'Ends the review workflow and stamps the customer’s `lastReviewedAt`, which bumps the customer’s version (a held ETag is then stale) and writes a `review.completed` audit record (purpose `evidence:<evidenceRef>` when one is sent), in the transaction that completes the review. The next review date is not moved: it was set when the review opened.',
    action: 'review:complete',
    params: idParams('reviewId'),
    body: completeReviewSchema,
    responses: {
      200: {
        description: 'The completed review',
        schema: reviewCompletionSchema,
        example: reviewCompletionExample,
      },
    },
    problems: [404, 409],
  }),
};
