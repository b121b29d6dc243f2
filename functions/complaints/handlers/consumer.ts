import { eventBridgeHandler } from '../../../shared/lambda/event-bridge.js';
import { deadLetterSinkFromEnv } from '../../../shared/messaging/dead-letters.js';
import { JobItems } from '../../../shared/messaging/job-items.js';
import { logger, MetricUnit, metrics } from '../../../shared/observability/index.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import { complaintDeadlines } from '../domain/deadlines.js';
import { retimed } from '../domain/transition.js';
import { type ConsumerDeps, consumeEvent, RECOUNT_ACTOR, type Retime } from '../service/consume.js';
import { setup } from '../setup.js';
import { stepFunctions } from '../setup-workflows.js';

/**
 * EventBridge target of the customers' facts (branch, RM, erasure), the calendars' loaded years
 * and the complaints' own ComplaintReceived (the workflow start). Ids and codes only; an
 * unprocessable event goes to this function's DLQ with its reason (eventBridgeHandler); a
 * complaint whose shred or recount fails goes there too, and the others go on.
 */
export function createHandler(runtime: Runtime) {
  const { deps } = setup(runtime, { workflows: stepFunctions });
  const deadLetters = deadLetterSinkFromEnv(runtime.env);
  // The deadline module with the capability's settings and the just-mirrored calendar bound.
  const retime: Retime = (complaint, calendar, now) =>
    retimed(complaint, {
      actor: RECOUNT_ACTOR,
      now,
      settings: deps.settings,
      deadlines: (clock, at) => complaintDeadlines(calendar, deps.settings, clock, at),
    });
  // Named one by one: the setup's parts this function is not given (data keys) are never touched.
  const consumerDeps: ConsumerDeps = {
    store: deps.store,
    workflows: deps.workflows,
    clock: deps.clock,
    calendarMirror: deps.calendarMirror,
    retime,
  };
  return eventBridgeHandler(
    async (event) => {
      const result = await consumeEvent(consumerDeps, event, {
        shred: new JobItems('complaint-shred', deadLetters),
        recount: new JobItems('complaint-recount', deadLetters),
      });
      if (result.kind === 'calendar') {
        if (result.recounted > 0)
          metrics.addMetric('ComplaintDeadlinesRecounted', MetricUnit.Count, result.recounted);
        // A year, a version and counts: public data, no personal information.
        logger.info('Working calendar mirrored', { ...result });
      }
    },
    { env: runtime.env },
  );
}

export const handler = createHandler(lambdaRuntime());
