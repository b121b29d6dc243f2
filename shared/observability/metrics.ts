import { Metrics } from '@aws-lambda-powertools/metrics';
import { logger } from './logger.js';

/**
 * Where the metrics utility reports its own problems: our logger, except the notice that an
 * invocation added no business metric. The middleware flushes after every invocation, and most
 * invocations add none; a warning line for each would be noise in every log group.
 */
const metricsLogger = {
  debug: (message: string) => logger.debug(message),
  info: (message: string) => logger.info(message),
  warn: (message: string) => {
    if (!message.startsWith('No application metrics to publish')) logger.warn(message);
  },
  error: (message: string) => logger.error(message),
};

/**
 * The process-wide Powertools metrics (EMF) instance, created once at module load. Dimensions
 * must never carry personal information: use ids of configuration, never of customers.
 * @example metrics.addMetric('ComplaintsReceived', MetricUnit.Count, 1);
 */
export const metrics: Metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'FinCrm',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'crm',
  logger: metricsLogger,
});
