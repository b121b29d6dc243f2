import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { logger } from '../observability/logger.js';
import { InternalServerError, ProblemError, problemResponse } from './problem.js';

// Apart from problem.ts, which declares the errors every layer throws (the policy among them)
// and so must not load the logger: a module that only throws should not configure logging.

/**
 * Turns anything thrown into a problem response: a ProblemError as itself, anything else as a
 * generic 500 after logging it (the logger redacts personal information).
 */
export function errorResponse(
  error: unknown,
  instance?: string,
  requestId?: string,
): APIGatewayProxyStructuredResultV2 {
  if (error instanceof ProblemError) return problemResponse(error, instance, requestId);
  if (error instanceof Error) logger.error('Unhandled error', error);
  else logger.error('Unhandled non-Error value thrown', { thrown: String(error) });
  return problemResponse(new InternalServerError(), instance, requestId);
}
