import type { AuthContext } from '../../../shared/auth/types.js';
import {
  BadRequestError,
  ConflictError,
  etag,
  headerValue,
  ifMatchVersion,
  type ProblemError,
  UnauthorizedError,
  ValidationError,
} from '../../../shared/http/index.js';
import type { ApiRequest, ApiResult, RouteDefinition } from '../../../shared/http/types.js';
import { CustomerRuleError } from '../domain/errors.js';
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
  searchCustomersSchema,
} from '../domain/schemas.js';
import type { Actor, CustomerDeps } from '../service/deps.js';
import { putConsent, requestErasure } from '../service/privacy.js';
import { auditTrail, listCustomers, searchCustomers } from '../service/queries.js';
import { readCustomer, revealCustomer } from '../service/read.js';
import { registerCustomer } from '../service/register.js';
import { completeReview, listReviews } from '../service/reviews.js';
import { updateCustomer } from '../service/update.js';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,64}$/;
const ID_PARAM = /^[A-Za-z0-9_-]{1,64}$/;

function caller(request: ApiRequest<unknown, unknown>): { auth: AuthContext; actor: Actor } {
  const auth = request.auth;
  if (auth === undefined) throw new UnauthorizedError();
  return { auth, actor: { sub: auth.sub, role: auth.role, requestId: request.requestId } };
}

function pathId(request: ApiRequest<unknown, unknown>, name: string): string {
  const value = request.pathParameters[name];
  if (value === undefined || !ID_PARAM.test(value)) {
    throw new ValidationError([{ path: name, message: 'is not a valid id' }], 'The path is not valid');
  }
  return value;
}

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

function route<B, Q>(definition: RouteDefinition<B, Q>): RouteDefinition<B, Q> {
  return {
    ...definition,
    async handle(request) {
      try {
        return await definition.handle(request);
      } catch (error) {
        if (error instanceof CustomerRuleError) throw ruleProblem(error);
        throw error;
      }
    },
  };
}

const json = (statusCode: number, body: unknown, headers?: Record<string, string>): ApiResult => ({
  statusCode,
  body,
  ...(headers === undefined ? {} : { headers }),
});

/** The customers API: the routes of functions/customers/manifest.ts, one handler each. */
export function customerRoutes(deps: CustomerDeps): RouteDefinition<unknown, unknown>[] {
  const routes = [
    route({
      method: 'POST',
      path: '/v1/customers',
      body: createCustomerSchema,
      async handle(request) {
        const { auth, actor } = caller(request);
        const key = headerValue(request.headers, 'idempotency-key');
        if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
          throw new BadRequestError('Idempotency-Key must be 8-64 letters, digits, "-" or "_"', {
            code: 'malformed-idempotency-key',
          });
        }
        const result = await registerCustomer(deps, auth, actor, request.body, key);
        return json(201, result.view, {
          etag: etag(result.version),
          location: `/v1/customers/${result.view.customerId}`,
          ...(result.replayed ? { 'idempotent-replayed': 'true' } : {}),
        });
      },
    }),
    route({
      method: 'GET',
      path: '/v1/customers',
      query: listCustomersQuerySchema,
      async handle(request) {
        const { auth } = caller(request);
        return json(200, await listCustomers(deps, auth, request.query));
      },
    }),
    route({
      method: 'POST',
      path: '/v1/customers/search',
      body: searchCustomersSchema,
      async handle(request) {
        const { auth } = caller(request);
        return json(200, { items: await searchCustomers(deps, auth, request.body) });
      },
    }),
    route({
      method: 'GET',
      path: '/v1/customers/{customerId}',
      query: getCustomerQuerySchema,
      async handle(request) {
        const { auth, actor } = caller(request);
        const customerId = pathId(request, 'customerId');
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
      },
    }),
    route({
      method: 'PATCH',
      path: '/v1/customers/{customerId}',
      body: patchCustomerSchema,
      async handle(request) {
        const { auth, actor } = caller(request);
        const customerId = pathId(request, 'customerId');
        const expected = ifMatchVersion(request.headers);
        const result = await updateCustomer(deps, auth, actor, customerId, expected, request.body);
        return json(200, result.view, { etag: etag(result.version) });
      },
    }),
    route({
      method: 'GET',
      path: '/v1/customers/{customerId}/audit',
      async handle(request) {
        const { auth } = caller(request);
        return json(200, await auditTrail(deps, auth, pathId(request, 'customerId')), {
          'cache-control': 'no-store',
        });
      },
    }),
    route({
      method: 'PUT',
      path: '/v1/customers/{customerId}/consents/{purpose}',
      body: putConsentSchema,
      async handle(request) {
        const { auth, actor } = caller(request);
        const purpose = consentPurposeSchema.safeParse(request.pathParameters.purpose);
        if (!purpose.success) {
          throw new ValidationError(
            [{ path: 'purpose', message: 'is not a consent purpose' }],
            'The path is not valid',
          );
        }
        const customerId = pathId(request, 'customerId');
        const result = await putConsent(deps, auth, actor, customerId, purpose.data, request.body);
        return json(
          200,
          { customerId, purpose: result.purpose, ...result.consent },
          { etag: etag(result.version) },
        );
      },
    }),
    route({
      method: 'POST',
      path: '/v1/customers/{customerId}/erasure-requests',
      body: erasureRequestSchema,
      async handle(request) {
        const { auth, actor } = caller(request);
        const result = await requestErasure(deps, auth, actor, pathId(request, 'customerId'), request.body);
        return json(result.created ? 202 : 200, result.status);
      },
    }),
    route({
      method: 'GET',
      path: '/v1/reviews',
      query: listReviewsQuerySchema,
      async handle(request) {
        const { auth } = caller(request);
        return json(200, await listReviews(deps, auth, request.query));
      },
    }),
    route({
      method: 'POST',
      path: '/v1/reviews/{reviewId}/complete',
      body: completeReviewSchema,
      async handle(request) {
        const { auth } = caller(request);
        return json(200, await completeReview(deps, auth, pathId(request, 'reviewId'), request.body));
      },
    }),
  ];
  return routes as RouteDefinition<unknown, unknown>[];
}
