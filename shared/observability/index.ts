export { MetricUnit } from '@aws-lambda-powertools/metrics';
export { logger } from './logger.js';
export { metrics } from './metrics.js';
export { RedactingLogFormatter } from './redacting-formatter.js';
export { type ErrorFormatter, isDeniedKey, REDACTED, redact, redactString } from './redaction.js';
