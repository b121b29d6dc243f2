import type { JobItems } from '../../../shared/messaging/job-items.js';
import { type PassSegmentInput, type PassSegmentOutput, runSegment } from '../../../shared/passes/segment.js';
import { inSample, relationshipRound, relationshipSurveyId } from '../domain/survey.js';
import type { SurveyCandidate } from '../store/survey-store.js';
import { type SurveyDeps, startSurvey } from './surveys.js';

/** The job name of the relationship rounds in the RelationshipSurveys pass's segment input. */
export const RELATIONSHIP_SURVEYS_JOB = 'relationship-surveys';

/** What one invocation of a round did, for the job's log (counts only). */
export type RelationshipRoundCounts = Readonly<
  Record<'relationshipSurveysSent' | 'relationshipSurveysNotSent' | 'relationshipSurveysFailed', number>
>;

/** Facts items read per page of the segment's scan. */
const CANDIDATE_PAGE = 100;
/**
 * Surveys started at once: each is a contact request through the contact path (a few reads and
 * a transaction), so a worker waits on DynamoDB most of the time.
 */
const SURVEY_CONCURRENCY = 8;

/**
 * One segment of the relationship round (docs/domain-rules.md §18.5), a pass over the whole
 * facts mirror: on the first day of a quarter the quarterly sample
 * (ENGAGEMENT_RELATIONSHIP_SAMPLE_PERCENT of the active, non-erased customers, chosen by a hash
 * of the customer and the quarter), on 1 December the yearly census (everyone); on any other
 * day the segment reads nothing. The day is the UTC date of the pass's start (`startedAt`, the
 * pass starts at 01:30 UTC, 09:30 in Shanghai), however long it runs. One survey per customer
 * and period (the survey id is derived from both), so a rerun of the day, or a retried
 * invocation, sends nothing twice. A customer whose survey fails is dead-lettered through
 * `items` (its id, never a value) and the segment goes on; a rerun of the day picks it up.
 */
export async function relationshipSurveysSegment(
  deps: SurveyDeps,
  items: JobItems,
  input: PassSegmentInput,
  stillHasTime: () => boolean,
  pageSize = CANDIDATE_PAGE,
): Promise<{ readonly output: PassSegmentOutput; readonly counts: RelationshipRoundCounts }> {
  const round = relationshipRound(input.startedAt.slice(0, 10), deps.settings.relationshipSamplePercent);
  let sent = 0;
  let notSent = 0;
  const counts = (failed: number): RelationshipRoundCounts => ({
    relationshipSurveysSent: sent,
    relationshipSurveysNotSent: notSent,
    relationshipSurveysFailed: failed,
  });
  if (round === undefined || round.percent === 0)
    return { output: { processed: 0, failed: 0 }, counts: counts(0) };
  const output = await runSegment<SurveyCandidate>({
    input,
    page: async (cursor) => {
      const page = await deps.store.candidatesPage(input, cursor, pageSize);
      const keys = page.keys.filter((candidate) =>
        inSample(candidate.customerId, round.period, round.percent),
      );
      return page.cursor === undefined ? { keys } : { keys, cursor: page.cursor };
    },
    process: async (candidate) => {
      const outcome = await startSurvey(deps, {
        surveyId: relationshipSurveyId(candidate.customerId, round.period),
        trigger: round.trigger,
        customerId: candidate.customerId,
        branch: candidate.branch,
      });
      if (outcome === 'sent') sent += 1;
      if (outcome === 'not-sent') notSent += 1;
    },
    itemOf: (candidate) => ({ kind: 'customer', id: candidate.customerId }),
    items,
    concurrency: SURVEY_CONCURRENCY,
    stillHasTime,
  });
  return { output, counts: counts(output.failed) };
}
