import type { AuthContext } from '../../../shared/auth/types.js';
import { implementRoutes } from '../../../shared/http/implement.js';
import {
  BadRequestError,
  ConflictError,
  etag,
  ForbiddenError,
  headerValue,
  ifMatchVersion,
  NotFoundError,
  type ProblemError,
  UnauthorizedError,
  ValidationError,
} from '../../../shared/http/index.js';
import type { ApiRequest, ApiResult, RouteDefinition } from '../../../shared/http/types.js';
import { COMPLAINT_ERROR_STATUS, ComplaintRuleError } from '../domain/errors.js';
import type { ActionCall, ActionResult } from '../service/actions.js';
import * as actions from '../service/actions.js';
import type { Actor, ComplaintDeps } from '../service/deps.js';
import { takeComplaint } from '../service/intake.js';
import { listComplaints } from '../service/list.js';
import { readComplaint } from '../service/read.js';
import { complaintRoutes } from './routes.js';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,64}$/;

function caller(request: ApiRequest): { auth: AuthContext; actor: Actor } {
  const auth = request.auth;
  if (auth === undefined) throw new UnauthorizedError();
  return { auth, actor: { sub: auth.sub, role: auth.role, requestId: request.requestId } };
}

/** A complaints rule's refusal as the problem of its status, with its stable code. */
export function ruleProblem(error: ComplaintRuleError): ProblemError {
  const options = { code: error.code };
  switch (COMPLAINT_ERROR_STATUS[error.code]) {
    case 404:
      return new NotFoundError(error.message, options);
    case 403:
      return new ForbiddenError(error.message, options);
    case 409:
      return new ConflictError(error.message, options);
    case 422:
      return new ValidationError(
        [{ path: error.path ?? '', message: error.message }],
        error.message,
        options,
      );
  }
}

/** Runs a route body, turning the domain's rule errors into problems. */
async function answering(work: () => Promise<ApiResult>): Promise<ApiResult> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ComplaintRuleError) throw ruleProblem(error);
    throw error;
  }
}

const json = (statusCode: number, body: unknown, headers?: Record<string, string>): ApiResult => ({
  statusCode,
  body,
  ...(headers === undefined ? {} : { headers }),
});

/** An action: If-Match read, the use case run, the complaint answered with its new ETag. */
function action(
  request: ApiRequest & { readonly params: { readonly complaintId: string } },
  run: (call: ActionCall) => Promise<ActionResult>,
): Promise<ApiResult> {
  return answering(async () => {
    const { auth, actor } = caller(request);
    const expected = ifMatchVersion(request.headers);
    const result = await run({ auth, actor, complaintId: request.params.complaintId, expected });
    return json(200, result.view, { etag: etag(result.version) });
  });
}

/** The complaints API: each contract of `api/routes.ts` bound to its use case. */
export function complaintApi(deps: ComplaintDeps): RouteDefinition[] {
  return implementRoutes(complaintRoutes, {
    createComplaint: (request) =>
      answering(async () => {
        const { auth, actor } = caller(request);
        const key = headerValue(request.headers, 'idempotency-key');
        if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
          throw new BadRequestError('Idempotency-Key must be 8-64 letters, digits, "-" or "_"', {
            code: 'malformed-idempotency-key',
          });
        }
        const result = await takeComplaint(deps, auth, actor, request.body, key);
        return json(201, result.view, {
          etag: etag(result.version),
          location: `/v1/complaints/${result.view.complaintId}`,
          ...(result.replayed ? { 'idempotent-replayed': 'true' } : {}),
        });
      }),
    listComplaints: (request) =>
      answering(async () => json(200, await listComplaints(deps, caller(request).auth, request.query))),
    getComplaint: (request) =>
      answering(async () => {
        const { auth, actor } = caller(request);
        const result = await readComplaint(deps, auth, actor, request.params.complaintId);
        return json(200, result.view, { etag: etag(result.version), 'cache-control': 'no-store' });
      }),
    assignComplaint: (request) =>
      action(request, (call) => actions.assignComplaint(deps, call, request.body)),
    acknowledgeComplaint: (request) => action(request, (call) => actions.acknowledgeComplaint(deps, call)),
    recordInitialHandling: (request) => action(request, (call) => actions.recordInitialHandling(deps, call)),
    pauseComplaint: (request) => action(request, (call) => actions.pauseComplaint(deps, call, request.body)),
    resumeComplaint: (request) =>
      action(request, (call) => actions.resumeComplaint(deps, call, request.body)),
    requestExtension: (request) =>
      action(request, (call) => actions.requestExtension(deps, call, request.body)),
    decideExtension: (request) =>
      action(request, (call) =>
        actions.decideExtension(deps, call, request.params.extensionId, request.body),
      ),
    recordDecision: (request) => action(request, (call) => actions.recordDecision(deps, call, request.body)),
    requestReview: (request) => action(request, (call) => actions.requestReview(deps, call)),
    decideReview: (request) => action(request, (call) => actions.decideReview(deps, call, request.body)),
    closeComplaint: (request) => action(request, (call) => actions.closeComplaint(deps, call, request.body)),
    addComplaintNote: (request) => action(request, (call) => actions.addNote(deps, call, request.body)),
  });
}
