import { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * The process-wide Powertools metrics (EMF) instance, created once at module load. Dimensions
 * must never carry personal information: use ids of configuration, never of customers.
 * @example metrics.addMetric('ComplaintsReceived', MetricUnit.Count, 1);
 */
export const metrics: Metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'FinCrm',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'crm',
});
