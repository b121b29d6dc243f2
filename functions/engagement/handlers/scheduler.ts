import { type PassWorker, passSegmentHandler } from '../../../shared/lambda/pass-segment.js';
import { logger } from '../../../shared/observability/index.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import * as z from '../../../shared/zod.js';
import { engagementAreas } from '../service/areas.js';
import { setup } from '../setup.js';
import { surveyTokenSigner } from '../setup-survey-tokens.js';

const input = z.strictObject({ job: z.enum(['due', 'daily']) });

/**
 * The engagement jobs: `due` every minute (deferred contacts whose time came, tasks past due,
 * expired survey links, periodic visits due), `daily` once a day (the return-visit coverage
 * level), and the segments of the areas' passes (the relationship survey rounds,
 * `RelationshipSurveys`). Counts only in the log: no id of a customer.
 */
export function createHandler(runtime: Runtime) {
  const base = setup(runtime, { surveyTokens: surveyTokenSigner });
  const areas = engagementAreas(base);
  const passes: Record<string, PassWorker> = {};
  for (const area of areas) Object.assign(passes, area.passes);
  return passSegmentHandler(passes, {
    schema: input,
    run: async ({ job }) => {
      const now = base.clock.now().toISOString();
      const counts: Record<string, number> = {};
      for (const area of areas)
        Object.assign(counts, await (job === 'due' ? area.due(now) : area.daily(now)));
      logger.info('Engagement job done', { job, ...counts });
      return counts;
    },
  });
}

export const handler = createHandler(lambdaRuntime());
