import { scheduledHandler } from '../../../shared/lambda/schedule.js';
import { logger, MetricUnit, metrics } from '../../../shared/observability/index.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import * as z from '../../../shared/zod.js';
import { checkNextYear } from '../service/next-year-check.js';
import { setup } from '../setup.js';

/**
 * Daily: from 1 December (`CALENDAR_CHECK_FROM`), whether next year has calendar data. A
 * missing year is counted as `CalendarYearMissing` (an SLA-breach metric the definition alarms
 * on) every day until an admin loads it; the middleware flushes the metric.
 */
export function createHandler(runtime: Runtime) {
  const { deps } = setup(runtime);
  return scheduledHandler(z.strictObject({}), async () => {
    const result = await checkNextYear(deps);
    if (result.checked && result.missing) {
      metrics.addMetric('CalendarYearMissing', MetricUnit.Count, 1);
      // The year is public data: no personal information in this line.
      logger.warn(
        'Next year has no working-day calendar data: load it with PUT /v1/config/calendars/{year}',
        {
          year: result.year,
        },
      );
    }
    return result;
  });
}

export const handler = createHandler(lambdaRuntime());
