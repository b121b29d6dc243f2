export { createHttpApi, type HttpApiHandler, type HttpApiOptions } from './api-handler.js';
export {
  type AnyRouteContract,
  defineRoute,
  type ProblemStatus,
  problemStatusesOf,
  type RouteContract,
} from './contract.js';
export { errorResponse } from './error-response.js';
export {
  etag,
  headerValue,
  type IfMatchVersion,
  ifMatchVersion,
  preferredMediaType,
  staleVersion,
  versionMatches,
} from './headers.js';
export { implementRoutes } from './implement.js';
export { idParam, idParams } from './params.js';
export {
  BadRequestError,
  ConflictError,
  type FieldError,
  ForbiddenError,
  GoneError,
  InternalServerError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  PROBLEM_TYPE_BASE,
  PreconditionFailedError,
  PreconditionRequiredError,
  type ProblemDocument,
  ProblemError,
  type ProblemInit,
  type ProblemOptions,
  problemDocument,
  problemResponse,
  TooManyRequestsError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from './problem.js';
export {
  type BodyEvent,
  type BodyOptions,
  DEFAULT_MAX_BODY_BYTES,
  hasBody,
  parseJsonBody,
} from './request-body.js';
export { toHttpResult } from './response.js';
export { type Authenticate, jwtAuthenticate } from './route-pipeline.js';
export type { ApiRequest, ApiResult, RequestOf, RouteDefinition, RouteImplementations } from './types.js';
export { type InputLocation, parseWith } from './validation.js';
