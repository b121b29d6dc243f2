import { parseEventDetail } from '../../../shared/events/define.js';
import { type DeadLetterSink, deadLetterSinkFromEnv } from '../../../shared/messaging/dead-letters.js';
import { JobItems } from '../../../shared/messaging/job-items.js';
import { isEventOf, parsedOrRejected } from '../../../shared/messaging/rejection.js';
import { logger } from '../../../shared/observability/index.js';
import { ComplaintClosed } from '../../complaints/events.js';
import { RetentionSurveyRequested } from '../../retention/events.js';
import { surveyApi } from '../api/survey-handlers.js';
import { engagementEvents } from '../events.js';
import { DynamoCustomerKeys } from '../store/customer-keys.js';
import { DynamoSurveyStore } from '../store/dynamo-survey-store.js';
import type { EngagementArea } from './area.js';
import type { EngagementBase } from './deps.js';
import type { ContactRequester, CustomerFactsReader } from './ports.js';
import { RELATIONSHIP_SURVEYS_JOB, relationshipSurveysSegment } from './relationship-surveys.js';
import { expireDueSurveys, type SurveyDeps, surveyAfterComplaint, surveyForRetention } from './surveys.js';

/** The survey use cases' dependencies from the capability's base and the contact path. */
export function surveyDeps(
  base: EngagementBase,
  ports: { readonly contacts: ContactRequester; readonly facts: CustomerFactsReader },
): SurveyDeps {
  let keys: DynamoCustomerKeys | undefined;
  return {
    store: new DynamoSurveyStore(base.db, base.tables.engagement, engagementEvents),
    contacts: ports.contacts,
    facts: ports.facts,
    // Built on first use: only the API seals free text (the other functions have no data keys).
    keys: () => {
      keys ??= new DynamoCustomerKeys(base.db, base.tables.keys, () => base.cipher);
      return keys;
    },
    tokens: () => base.surveyTokens,
    settings: base.settings,
    clock: base.clock,
  };
}

/**
 * Surveys (docs/domain-rules.md §18.5): one after every ComplaintClosed and one for every
 * retention case that asks (§20.5), the relationship rounds as a pass, expired links
 * marked by the minute job, and the public routes that show and answer a survey through its
 * signed link.
 */
export function surveysArea(
  base: EngagementBase,
  ports: { readonly contacts: ContactRequester; readonly facts: CustomerFactsReader },
  deadLetters?: DeadLetterSink,
): EngagementArea {
  const deps = surveyDeps(base, ports);
  // The API and the consumer build the area too; only the scheduler, which Scheduler and the
  // pass machine invoke, has a dead-letter queue: it is looked up on the pass's path only.
  const jobDeadLetters = (): DeadLetterSink => deadLetters ?? deadLetterSinkFromEnv();
  return {
    routeHandlers: () => surveyApi(deps),
    consume: async (event) => {
      if (isEventOf(ComplaintClosed, event)) {
        const closed = parsedOrRejected(() => parseEventDetail(ComplaintClosed, event.detail));
        await surveyAfterComplaint(deps, closed);
      } else if (isEventOf(RetentionSurveyRequested, event)) {
        const requested = parsedOrRejected(() => parseEventDetail(RetentionSurveyRequested, event.detail));
        await surveyForRetention(deps, requested);
      }
    },
    due: async (now) => ({ surveysExpired: await expireDueSurveys(deps, now) }),
    daily: async () => ({}),
    passes: {
      [RELATIONSHIP_SURVEYS_JOB]: async (input, stillHasTime) => {
        const items = new JobItems(RELATIONSHIP_SURVEYS_JOB, jobDeadLetters());
        const run = await relationshipSurveysSegment(deps, items, input, stillHasTime);
        logger.info('Relationship survey round invocation finished', { ...run.counts });
        return run.output;
      },
    },
  };
}
