import { callerOf, idempotencyKeyOf } from '../../../shared/http/caller.js';
import { implementRoutes } from '../../../shared/http/implement.js';
import {
  ConflictError,
  etag,
  headerValue,
  ifMatchVersion,
  type ProblemError,
  TooManyRequestsError,
  ValidationError,
} from '../../../shared/http/index.js';
import type { ApiResult, RouteDefinition } from '../../../shared/http/types.js';
import { MetricUnit, metrics } from '../../../shared/observability/index.js';
import { CustomerRuleError } from '../domain/errors.js';
import { putContactPreferences } from '../service/contact-preferences.js';
import type { CustomerDeps } from '../service/deps.js';
import { IdentityDocumentRefusedError } from '../service/duplicate-document.js';
import { putConsent, requestErasure } from '../service/privacy.js';
import { auditTrail, listCustomers, searchCustomers } from '../service/queries.js';
import { readCustomer, revealCustomer } from '../service/read.js';
import { registerCustomer } from '../service/register.js';
import { completeReview, listReviews } from '../service/reviews.js';
import { updateCustomer } from '../service/update.js';
import { customerRoutes } from './routes.js';

/** Business-rule refusals become problems: 409 for the record's state, 422 for the request. */
function ruleProblem(error: CustomerRuleError): ProblemError {
  const code = error.code.toLowerCase().replaceAll('_', '-');
  if (
    error.code === 'RELATIONSHIP_CLOSED' ||
    error.code === 'CUSTOMER_SHREDDED' ||
    error.code === 'REVIEW_NOT_OPEN'
  ) {
    return new ConflictError(error.message, { code });
  }
  return new ValidationError([{ path: error.path ?? '', message: error.message }], error.message, { code });
}

/** Runs a route body, turning the domain's rule errors into problems. */
async function answering(work: () => Promise<ApiResult>): Promise<ApiResult> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CustomerRuleError) throw ruleProblem(error);
    // Alarmed: a back-office check waits in the holder's audit trail (docs/domain-rules.md §4.7).
    if (error instanceof IdentityDocumentRefusedError && error.referred) {
      metrics.addMetric('RegistrationsReferred', MetricUnit.Count, 1);
    }
    throw error;
  }
}

const json = (statusCode: number, body: unknown, headers?: Record<string, string>): ApiResult => ({
  statusCode,
  body,
  ...(headers === undefined ? {} : { headers }),
});

/** The customers API: each contract of `api/routes.ts` bound to its use case. */
export function customerApi(deps: CustomerDeps): RouteDefinition[] {
  return implementRoutes(customerRoutes, {
    registerCustomer: (request) =>
      answering(async () => {
        const { auth, actor } = callerOf(request);
        const key = idempotencyKeyOf(request);
        const result = await registerCustomer(deps, auth, actor, request.body, key);
        return json(201, result.view, {
          etag: etag(result.version),
          location: `/v1/customers/${result.view.customerId}`,
          ...(result.replayed ? { 'idempotent-replayed': 'true' } : {}),
        });
      }),
    listCustomers: (request) =>
      answering(async () => json(200, await listCustomers(deps, callerOf(request).auth, request.query))),
    searchCustomers: (request) =>
      answering(async () => {
        const { auth, actor } = callerOf(request);
        const outcome = await searchCustomers(deps, auth, actor, request.body);
        if (outcome.answered) return json(200, { items: outcome.items });
        // Alarmed at the first one (docs/operations.md): someone searched past the limit.
        if (outcome.lockoutStarted) metrics.addMetric('SearchLockouts', MetricUnit.Count, 1);
        throw new TooManyRequestsError('Too many searches: search is paused for you for a while', {
          code: 'search-limit',
          retryAfterSeconds: outcome.retryAfterSeconds,
        });
      }),
    getCustomer: (request) =>
      answering(async () => {
        const { auth, actor } = callerOf(request);
        const { customerId } = request.params;
        const result =
          request.query.view === 'full'
            ? await revealCustomer(
                deps,
                auth,
                actor,
                customerId,
                headerValue(request.headers, 'x-access-purpose'),
              )
            : await readCustomer(deps, auth, customerId);
        return json(200, result.view, { etag: etag(result.version), 'cache-control': 'no-store' });
      }),
    updateCustomer: (request) =>
      answering(async () => {
        const { auth, actor } = callerOf(request);
        const expected = ifMatchVersion(request.headers);
        const result = await updateCustomer(
          deps,
          auth,
          actor,
          request.params.customerId,
          expected,
          request.body,
        );
        return json(200, result.view, { etag: etag(result.version) });
      }),
    customerAuditTrail: (request) =>
      answering(async () =>
        json(
          200,
          await auditTrail(deps, callerOf(request).auth, callerOf(request).actor, request.params.customerId),
          {
            'cache-control': 'no-store',
          },
        ),
      ),
    putConsent: (request) =>
      answering(async () => {
        const { auth, actor } = callerOf(request);
        const { customerId, purpose } = request.params;
        const expected = ifMatchVersion(request.headers);
        const result = await putConsent(deps, auth, actor, customerId, purpose, expected, request.body);
        return json(
          200,
          { customerId, purpose: result.purpose, ...result.consent },
          { etag: etag(result.version) },
        );
      }),
    putContactPreferences: (request) =>
      answering(async () => {
        const { auth, actor } = callerOf(request);
        const { customerId } = request.params;
        const expected = ifMatchVersion(request.headers);
        const { version, ...preferences } = await putContactPreferences(
          deps,
          auth,
          actor,
          customerId,
          expected,
          request.body,
        );
        return json(200, { customerId, ...preferences }, { etag: etag(version) });
      }),
    requestErasure: (request) =>
      answering(async () => {
        const { auth, actor } = callerOf(request);
        const result = await requestErasure(deps, auth, actor, request.params.customerId, request.body);
        return json(result.created ? 202 : 200, result.status);
      }),
    listReviews: (request) =>
      answering(async () => json(200, await listReviews(deps, callerOf(request).auth, request.query))),
    completeReview: (request) =>
      answering(async () => {
        const { auth, actor } = callerOf(request);
        return json(200, await completeReview(deps, auth, actor, request.params.reviewId, request.body));
      }),
  });
}
