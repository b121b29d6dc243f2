import { logger } from '../../../shared/observability/index.js';
import { inSample, relationshipRound, relationshipSurveyId } from '../domain/survey.js';
import { type SurveyDeps, startSurvey } from './surveys.js';

/** What one day's relationship round did, for the job's log (counts only). */
export type RelationshipRoundCounts = Readonly<
  Record<'relationshipSurveysSent' | 'relationshipSurveysNotSent' | 'relationshipSurveysFailed', number>
>;

const NONE: RelationshipRoundCounts = {
  relationshipSurveysSent: 0,
  relationshipSurveysNotSent: 0,
  relationshipSurveysFailed: 0,
};

/**
 * The daily job's share of surveys (docs/domain-rules.md §18.5): on the first day of a quarter
 * the quarterly sample (ENGAGEMENT_RELATIONSHIP_SAMPLE_PERCENT of the active, non-erased
 * customers, chosen by a hash of the customer and the quarter), on 1 December the yearly census
 * (everyone). The day is the UTC date of the run (the job runs at 01:30 UTC, 09:30 in
 * Shanghai). One survey per customer and period (the survey id is derived from both), so a
 * rerun of the day, or a retried schedule, sends nothing twice. A customer that fails is
 * counted and the round goes on; a rerun of the day picks it up.
 */
export async function relationshipSurveys(deps: SurveyDeps, now: string): Promise<RelationshipRoundCounts> {
  const round = relationshipRound(now.slice(0, 10), deps.settings.relationshipSamplePercent);
  if (round === undefined || round.percent === 0) return NONE;
  let sent = 0;
  let notSent = 0;
  let failed = 0;
  for await (const candidate of deps.store.candidates()) {
    if (!inSample(candidate.customerId, round.period, round.percent)) continue;
    try {
      const outcome = await startSurvey(deps, {
        surveyId: relationshipSurveyId(candidate.customerId, round.period),
        trigger: round.trigger,
        customerId: candidate.customerId,
        branch: candidate.branch,
      });
      if (outcome === 'sent') sent += 1;
      if (outcome === 'not-sent') notSent += 1;
    } catch (error) {
      failed += 1;
      // The error's name only: a message may quote what it met; no customer id in the log.
      logger.warn('A relationship survey failed; the round goes on', {
        trigger: round.trigger,
        error: error instanceof Error ? error.name : 'Error',
      });
    }
  }
  return {
    relationshipSurveysSent: sent,
    relationshipSurveysNotSent: notSent,
    relationshipSurveysFailed: failed,
  };
}
