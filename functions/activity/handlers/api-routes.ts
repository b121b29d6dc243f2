import type { AuthContext } from '../../../shared/auth/types.js';
import { idField } from '../../../shared/events/index.js';
import { UnauthorizedError, ValidationError } from '../../../shared/http/index.js';
import type { ApiRequest, ApiResult, RouteDefinition } from '../../../shared/http/types.js';
import * as z from '../../../shared/zod.js';
import { ingestBatch, type TransactionBatch, transactionBatchSchema } from '../service/batch.js';
import type { ActivityDeps } from '../service/deps.js';
import { customerProfile } from '../service/profile.js';
import { segmentSummary } from '../service/summary.js';

// Path and query ids have the shape events give them (idField): what the facts were keyed by.
const summaryQuerySchema = z.lazy(() => z.strictObject({ branch: z.optional(idField) }));

function caller(request: ApiRequest<unknown, unknown>): AuthContext {
  if (request.auth === undefined) throw new UnauthorizedError();
  return request.auth;
}

function pathId(request: ApiRequest<unknown, unknown>, name: string): string {
  const value = request.pathParameters[name];
  if (value === undefined || !idField.safeParse(value).success) {
    throw new ValidationError([{ path: name, message: 'is not a valid id' }], 'The path is not valid');
  }
  return value;
}

const ok = (body: unknown): ApiResult => ({ statusCode: 200, body });

/**
 * The activity API's own routes (the segmentation configuration's are in config-routes.ts):
 * a customer's profile, the segment summary, and transaction batches from core systems
 * without EventBridge.
 */
export function activityRoutes(deps: ActivityDeps): RouteDefinition<unknown, unknown>[] {
  const profile: RouteDefinition<unknown, unknown> = {
    method: 'GET',
    path: '/v1/customers/{customerId}/profile',
    async handle(request) {
      return ok(await customerProfile(deps, caller(request), pathId(request, 'customerId')));
    },
  };
  const summary: RouteDefinition<unknown, { branch?: string | undefined }> = {
    method: 'GET',
    path: '/v1/segments/summary',
    query: summaryQuerySchema,
    async handle(request) {
      return ok(await segmentSummary(deps, caller(request), request.query.branch));
    },
  };
  const batch: RouteDefinition<TransactionBatch, unknown> = {
    method: 'POST',
    path: '/v1/transactions/batch',
    body: transactionBatchSchema,
    async handle(request) {
      return ok(await ingestBatch(deps, caller(request), request.body, request.requestId));
    },
  };
  return [profile, summary, batch] as RouteDefinition<unknown, unknown>[];
}
