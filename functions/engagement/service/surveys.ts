import { buildEvent } from '../../../shared/events/define.js';
import { UnprocessableEventError } from '../../../shared/messaging/rejection.js';
import type { Clock } from '../../../shared/time/clock.js';
import { surveyAlreadyAnswered, surveyExpired, surveyNotFound } from '../domain/errors.js';
import type { SurveyTrigger } from '../domain/model.js';
import type { EngagementSettings } from '../domain/settings.js';
import {
  answerKpis,
  answerText,
  complaintSurveyId,
  epochSeconds,
  readSurveyToken,
  retentionSurveyId,
  SURVEY_LOCALE,
  SURVEY_QUESTIONS,
  type Survey,
  type SurveyAnswer,
  type SurveyQuestion,
  scoresOf,
  surveyRequestId,
  surveyTemplateId,
  surveyToken,
  surveyTokenMessage,
  tokenExpired,
} from '../domain/survey.js';
import { SurveyAnswered, SurveySent } from '../events.js';
import type { CustomerKeys } from '../store/customer-keys.js';
import type { SurveyStore } from '../store/survey-store.js';
import type { ContactRequester, CustomerFactsReader, SurveyTokenSigner } from './ports.js';

/** What the survey use cases are built from (service/surveys-area.ts puts it together). */
export interface SurveyDeps {
  readonly store: SurveyStore;
  readonly contacts: ContactRequester;
  readonly facts: CustomerFactsReader;
  /** Each customer's engagement data key (the free text is sealed with it). */
  readonly keys: () => CustomerKeys;
  readonly tokens: () => SurveyTokenSigner;
  readonly settings: EngagementSettings;
  readonly clock: Clock;
}

const DAY_MS = 86_400_000;
/** Who asks the contact path for a survey's contact. */
const REQUESTED_BY = 'crm.engagement';
/** The field the free text is sealed under (the record id is the survey's). */
export const SURVEY_TEXT_FIELD = 'text';

/** What starts a survey: who, why, and (after a complaint) which complaint. */
export interface SurveyStart {
  readonly surveyId: string;
  readonly trigger: SurveyTrigger;
  readonly customerId: string;
  readonly branch: string;
  readonly complaintId?: string | undefined;
}

export type SurveyStartOutcome = 'sent' | 'not-sent' | 'already';

/** The link a survey goes out with: `<SURVEY_LINK_BASE_URL>/<token>`, the same every time it is made. */
export async function surveyLink(
  deps: Pick<SurveyDeps, 'tokens' | 'settings'>,
  survey: Survey,
): Promise<string> {
  const expires = epochSeconds(survey.expiresAt);
  const mac = await deps.tokens().sign(surveyTokenMessage(survey.surveyId, expires));
  return `${deps.settings.surveyLinkBaseUrl}/${surveyToken(survey.surveyId, expires, mac)}`;
}

/**
 * Creates a survey (once per id) and asks the contact path to send its link (docs/domain-rules.md
 * §18.5): SurveySent when the contact was sent or deferred, `not-sent` with the rule when it was
 * refused or dropped. A survey left pending by an interrupted run is carried on by the next one
 * (the contact request is deduplicated on the survey's request id).
 */
export async function startSurvey(deps: SurveyDeps, start: SurveyStart): Promise<SurveyStartOutcome> {
  const now = deps.clock.now();
  const { settings } = deps;
  // Whole seconds: the token carries the expiry as epoch seconds.
  const expiresAt = new Date(Math.floor((now.getTime() + settings.surveyLinkDays * DAY_MS) / 1000) * 1000);
  const { survey } = await deps.store.create({
    surveyId: start.surveyId,
    trigger: start.trigger,
    customerId: start.customerId,
    branch: start.branch,
    ...(start.complaintId === undefined ? {} : { complaintId: start.complaintId }),
    locale: SURVEY_LOCALE,
    createdAt: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
    status: 'pending',
  });
  if (survey.status !== 'pending') return 'already';
  const link = await surveyLink(deps, survey);
  const { contactId, decision } = await deps.contacts.request({
    requestId: surveyRequestId(survey.surveyId),
    customerId: survey.customerId,
    purpose: 'survey',
    templateId: surveyTemplateId(survey.trigger),
    parameters: { link },
    latestAt: new Date(now.getTime() + settings.surveyContactDays * DAY_MS).toISOString(),
    ...(survey.complaintId === undefined ? {} : { regarding: survey.complaintId }),
    requestedBy: REQUESTED_BY,
  });
  if (decision.outcome === 'refused' || decision.outcome === 'dropped') {
    await deps.store.markNotSent(survey.surveyId, contactId, decision.rule);
    return 'not-sent';
  }
  const event = buildEvent(
    SurveySent,
    {
      surveyId: survey.surveyId,
      customerId: survey.customerId,
      branch: survey.branch,
      trigger: survey.trigger,
      ...(survey.complaintId === undefined ? {} : { complaintId: survey.complaintId }),
      contactId,
      expiresAt: survey.expiresAt,
      at: now.toISOString(),
    },
    now,
  );
  await deps.store.markSent(survey.surveyId, contactId, event, now);
  return 'sent';
}

/** The survey after a closed complaint: one per complaint, however often the event comes. */
export function surveyAfterComplaint(
  deps: SurveyDeps,
  closed: { readonly complaintId: string; readonly customerId: string; readonly branch: string },
): Promise<SurveyStartOutcome> {
  return startSurvey(deps, {
    surveyId: complaintSurveyId(closed.complaintId),
    trigger: 'complaint-closed',
    customerId: closed.customerId,
    branch: closed.branch,
    complaintId: closed.complaintId,
  });
}

/**
 * The survey a retention case asks for (docs/domain-rules.md §20.5): the same path as after a
 * closed complaint, trigger `retention`, one per request however often it comes. A request id
 * too long to make a survey id is unprocessable (nothing is created).
 */
export async function surveyForRetention(
  deps: SurveyDeps,
  requested: { readonly requestId: string; readonly customerId: string; readonly branch: string },
): Promise<SurveyStartOutcome> {
  const surveyId = retentionSurveyId(requested.requestId);
  if (surveyId === undefined) {
    throw new UnprocessableEventError('EVENT_INVALID', 'requestId is too long to name a survey', [
      'requestId',
    ]);
  }
  return startSurvey(deps, {
    surveyId,
    trigger: 'retention',
    customerId: requested.customerId,
    branch: requested.branch,
  });
}

/**
 * The survey a token opens, checked in the order that reveals least: a token that is not ours
 * in shape, whose MAC does not verify, or whose survey is unknown, not sent or of an erased
 * customer is one answer (404 `survey-not-found`); then an answered survey (409), then an
 * expired link (410).
 */
async function surveyOfToken(deps: SurveyDeps, token: string, now: Date): Promise<Survey> {
  const claims = readSurveyToken(token);
  if (claims === undefined) throw surveyNotFound();
  const genuine = await deps
    .tokens()
    .verify(surveyTokenMessage(claims.surveyId, claims.expiresAtSeconds), claims.mac);
  if (!genuine) throw surveyNotFound();
  const survey = await deps.store.get(claims.surveyId);
  if (survey === undefined || survey.status === 'pending' || survey.status === 'not-sent') {
    throw surveyNotFound();
  }
  if (epochSeconds(survey.expiresAt) !== claims.expiresAtSeconds) throw surveyNotFound();
  const facts = await deps.facts.factsOf(survey.customerId);
  if (facts?.erased === true) throw surveyNotFound();
  if (survey.status === 'answered') throw surveyAlreadyAnswered();
  if (survey.status === 'expired' || tokenExpired(claims.expiresAtSeconds, now)) throw surveyExpired();
  return survey;
}

/** What the public survey page shows: the questions, never a name or a case. */
export interface SurveyPage {
  readonly locale: string;
  readonly expiresAt: string;
  readonly questions: readonly SurveyQuestion[];
}

/** `GET /v1/public/surveys/{token}`: the questions of a survey the link may still answer. */
export async function openSurvey(deps: SurveyDeps, token: string): Promise<SurveyPage> {
  const survey = await surveyOfToken(deps, token, deps.clock.now());
  return { locale: survey.locale, expiresAt: survey.expiresAt, questions: SURVEY_QUESTIONS };
}

/** What a recorded answer returns: no score, no text, only that it was recorded. */
export interface SurveyReceipt {
  readonly answeredAt: string;
}

/**
 * `POST /v1/public/surveys/{token}`: records the answer once. The free text is sealed with the
 * customer's engagement key (crypto-shredded with it when the customer is erased) and never
 * returned, logged or announced; the answer, SurveyAnswered (scores, `unresolved`, `hasText`)
 * and the KPI counters are one transaction, so two answers at once record one (409 for the other).
 */
export async function answerSurvey(
  deps: SurveyDeps,
  token: string,
  answer: SurveyAnswer,
): Promise<SurveyReceipt> {
  const now = deps.clock.now();
  const survey = await surveyOfToken(deps, token, now);
  const scores = scoresOf(answer);
  const text = answerText(answer);
  const sealedText =
    text === undefined
      ? undefined
      : (await deps.keys().sealerFor(survey.customerId)).seal(survey.surveyId, SURVEY_TEXT_FIELD, text);
  const answeredAt = now.toISOString();
  const event = buildEvent(
    SurveyAnswered,
    {
      surveyId: survey.surveyId,
      customerId: survey.customerId,
      branch: survey.branch,
      trigger: survey.trigger,
      ...(survey.complaintId === undefined ? {} : { complaintId: survey.complaintId }),
      csat: scores.csat,
      ...(scores.nps === undefined ? {} : { nps: scores.nps }),
      ...(scores.dimensions === undefined ? {} : { dimensions: scores.dimensions }),
      unresolved: scores.unresolved,
      hasText: scores.hasText,
      at: answeredAt,
    },
    now,
  );
  const outcome = await deps.store.answer(
    { survey, scores, answeredAt, sealedText, event, kpis: answerKpis(scores) },
    now,
  );
  switch (outcome) {
    case 'answered':
      return { answeredAt };
    case 'already-answered':
      throw surveyAlreadyAnswered();
    case 'expired':
      throw surveyExpired();
    case 'not-found':
      throw surveyNotFound();
  }
}

/** How many expired links one minute's run marks at most (the rest wait for the next run). */
export const EXPIRIES_PER_RUN = 200;

/**
 * The minute job's share: every sent survey whose link expired unanswered is marked `expired`
 * (its byDue entry removed), so it is no longer answerable and counts as unanswered.
 */
export async function expireDueSurveys(deps: SurveyDeps, now: string): Promise<number> {
  const due = await deps.store.dueExpiries(now, EXPIRIES_PER_RUN);
  let expired = 0;
  for (const surveyId of due) if (await deps.store.expire(surveyId)) expired += 1;
  return expired;
}
