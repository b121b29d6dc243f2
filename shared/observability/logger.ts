import { Logger } from '@aws-lambda-powertools/logger';
import { RedactingLogFormatter } from './redacting-formatter.js';

/**
 * The process-wide Powertools logger (created once at module load, reused by every invocation).
 * Its formatter redacts personal information, so callers may pass domain objects without first
 * picking safe fields; still, prefer logging ids and C1 attributes only.
 * @example logger.info('customer created', { customerId });
 */
export const logger: Logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'crm',
  logFormatter: new RedactingLogFormatter(),
});
