import { callerOf, idempotencyKeyOf } from '../../../shared/http/caller.js';
import { implementRoutes } from '../../../shared/http/implement.js';
import {
  ConflictError,
  etag,
  ForbiddenError,
  ifMatchVersion,
  NotFoundError,
  type ProblemError,
  ValidationError,
} from '../../../shared/http/index.js';
import type { ApiRequest, ApiResult, RouteDefinition } from '../../../shared/http/types.js';
import { MetricUnit, metrics } from '../../../shared/observability/index.js';
import { COMPLAINT_ERROR_STATUS, ComplaintRuleError } from '../domain/errors.js';
import type { ActionCall, ActionResult } from '../service/actions.js';
import * as actions from '../service/actions.js';
import type { ComplaintDeps } from '../service/deps.js';
import { takeComplaint } from '../service/intake.js';
import { listComplaints } from '../service/list.js';
import { readComplaint } from '../service/read.js';
import { complaintRoutes } from './routes.js';

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
    const { auth, actor } = callerOf(request);
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
        const { auth, actor } = callerOf(request);
        const key = idempotencyKeyOf(request);
        const result = await takeComplaint(deps, auth, actor, request.body, key);
        // A business metric: each complaint taken once (a replayed request took none).
        if (!result.replayed) metrics.addMetric('ComplaintsReceived', MetricUnit.Count, 1);
        return json(201, result.view, {
          etag: etag(result.version),
          location: `/v1/complaints/${result.view.complaintId}`,
          ...(result.replayed ? { 'idempotent-replayed': 'true' } : {}),
        });
      }),
    listComplaints: (request) =>
      answering(async () => json(200, await listComplaints(deps, callerOf(request).auth, request.query))),
    getComplaint: (request) =>
      answering(async () => {
        const { auth, actor } = callerOf(request);
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
