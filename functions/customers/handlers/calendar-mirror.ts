import { eventBridgeHandler } from '../../../shared/lambda/event-bridge.js';
import { deadLetterSinkFromEnv } from '../../../shared/messaging/dead-letters.js';
import { JobItems } from '../../../shared/messaging/job-items.js';
import { logger, MetricUnit, metrics } from '../../../shared/observability/index.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import { processCalendarEvent } from '../service/calendar-events.js';
import { setup } from '../setup.js';
import { stepFunctions } from '../setup-workflows.js';

/**
 * EventBridge target of `crm.calendars` / WorkingCalendarChanged: mirrors the loaded year into
 * the Customers table and counts again the provisional deadlines of waiting reviews, telling
 * their workflows (Step Functions task tokens). No key material: calendars and review ids only.
 */
export function createHandler(runtime: Runtime) {
  const { deps } = setup(runtime, { workflows: stepFunctions });
  // A review whose recount fails goes to this function's DLQ with its reason; the others go on.
  const deadLetters = deadLetterSinkFromEnv(runtime.env);
  return eventBridgeHandler(
    async (event) => {
      const result = await processCalendarEvent(deps, event, new JobItems('review-recount', deadLetters));
      if (result.recounted > 0)
        metrics.addMetric('ReviewDeadlinesRecounted', MetricUnit.Count, result.recounted);
      // A year, a version and counts: public data, no personal information.
      logger.info('Working calendar mirrored', { ...result });
    },
    { env: runtime.env },
  );
}

export const handler = createHandler(lambdaRuntime());
