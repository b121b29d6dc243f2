import type { CrmEvent } from '../../../shared/events/define.js';
import type { SegmentPage } from '../../../shared/passes/segment.js';
import type { Survey, SurveyScores } from '../domain/survey.js';
import type { KpiIncrements } from './kpi-counters.js';

/** A customer the relationship schedule may ask (from the facts mirror: active, not erased). */
export interface SurveyCandidate {
  readonly customerId: string;
  readonly branch: string;
}

/** One answer, written in one transaction with its event and its KPI counters. */
export interface SurveyAnswerWrite {
  readonly survey: Survey;
  readonly scores: SurveyScores;
  readonly answeredAt: string;
  /** The free text sealed with the customer's engagement key (absent: no text). */
  readonly sealedText?: string | undefined;
  readonly event: CrmEvent;
  readonly kpis: KpiIncrements;
}

/** How an answer write ended: written, or why not (the survey as it is now decides). */
export type SurveyAnswerOutcome = 'answered' | 'already-answered' | 'expired' | 'not-found';

/**
 * The surveys of the Engagement table (store/keys.ts: `SURVEY#<id>` / `SURVEY` and `TEXT`):
 * ids, codes, instants and scores in the clear, the free text sealed in an item of its own.
 */
export interface SurveyStore {
  /** Creates a pending survey unless one has its id: the stored survey, and whether it was new. */
  create(survey: Survey): Promise<{ readonly created: boolean; readonly survey: Survey }>;
  get(surveyId: string): Promise<Survey | undefined>;
  /**
   * A pending survey's link went out (or is deferred) through `contactId`: status `sent`, the
   * expiry scheduled, SurveySent in the same transaction. False when it was no longer pending.
   */
  markSent(surveyId: string, contactId: string, event: CrmEvent, now: Date): Promise<boolean>;
  /** A pending survey's contact was refused or dropped by `rule`: status `not-sent`. */
  markNotSent(surveyId: string, contactId: string, rule: string): Promise<boolean>;
  /** Records an answer once: a sent, unanswered, unexpired survey only. */
  answer(write: SurveyAnswerWrite, now: Date): Promise<SurveyAnswerOutcome>;
  /** The sealed free text of a survey (undefined: none). */
  sealedText(surveyId: string): Promise<string | undefined>;
  /** Sent surveys whose link expired at or before `now`, oldest first, at most `limit`. */
  dueExpiries(now: string, limit: number): Promise<readonly string[]>;
  /** Marks a sent, unanswered survey expired (false when it was answered or changed meanwhile). */
  expire(surveyId: string): Promise<boolean>;
  /**
   * One page of one segment of the facts mirror (a parallel Scan of byEntity, cut into
   * `totalSegments`): its active, non-erased customers. Undefined cursor: the segment's start;
   * no cursor back: its end.
   */
  candidatesPage(
    segment: { readonly segment: number; readonly totalSegments: number },
    cursor: string | undefined,
    limit: number,
  ): Promise<SegmentPage<SurveyCandidate>>;
}
