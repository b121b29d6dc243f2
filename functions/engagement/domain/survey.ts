import { createHash } from 'node:crypto';
import type { KpiIncrements } from '../store/kpi-counters.js';
import type { SurveyDimension, SurveyTrigger } from './model.js';

/**
 * Satisfaction surveys (docs/domain-rules.md §18.5), pure: the link's token format, the
 * questions, what an answer counts for, when it needs a follow-up, and which customers the
 * relationship schedule asks. Nothing here reads a clock, a table or a key.
 */

/** The label every survey MAC is made under: a survey MAC never verifies as an audit MAC. */
export const SURVEY_TOKEN_LABEL = 'fincrm-survey-v1';
/** The locale of the questions (the built-in survey templates are zh-CN). */
export const SURVEY_LOCALE = 'zh-CN';
/** The longest free-text answer, in characters. */
export const SURVEY_TEXT_MAX = 2000;

/** A survey's status: `pending` until its contact is decided, then sent or not, then answered or expired. */
export const SURVEY_STATUSES = ['pending', 'sent', 'not-sent', 'answered', 'expired'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

/** The scores of an answer (never the text: only whether there was one). */
export interface SurveyScores {
  readonly csat: number;
  readonly nps?: number | undefined;
  readonly dimensions?: Readonly<Partial<Record<SurveyDimension, number>>> | undefined;
  readonly unresolved: boolean;
  readonly hasText: boolean;
}

/** One survey, as engagement stores it: ids, codes, instants and scores only. */
export interface Survey {
  readonly surveyId: string;
  readonly trigger: SurveyTrigger;
  readonly customerId: string;
  readonly branch: string;
  readonly complaintId?: string | undefined;
  readonly locale: string;
  readonly createdAt: string;
  /** The link stops working at this instant (whole seconds: the token carries it). */
  readonly expiresAt: string;
  readonly status: SurveyStatus;
  /** The contact that carried the link (absent while pending). */
  readonly contactId?: string | undefined;
  /** Why the link was not sent (the contact policy's rule), when `not-sent`. */
  readonly rule?: string | undefined;
  readonly answeredAt?: string | undefined;
  readonly scores?: SurveyScores | undefined;
}

// --- Ids: derived from what triggered the survey, so a redelivered trigger creates nothing ---

/** The survey of a closed complaint: one per complaint. */
export const complaintSurveyId = (complaintId: string): string => `complaint-${complaintId}`;

/** A relationship survey: one per customer and period (`2026-Q2`, or `2026` for the census). */
export const relationshipSurveyId = (customerId: string, period: string): string =>
  `relationship-${period}-${customerId}`;

/**
 * The survey a retention case asks for (docs/domain-rules.md §20.5): one per request, so a
 * redelivered request creates nothing. Undefined when the request id is too long to make a
 * survey id a link can carry (the retention capability's `retention-survey-<caseId>` fits).
 */
export function retentionSurveyId(requestId: string): string | undefined {
  const surveyId = `retention-${requestId}`;
  return SURVEY_ID.test(surveyId) ? surveyId : undefined;
}

/** The contact request of a survey: deduplicated by the contact path on this id. */
export const surveyRequestId = (surveyId: string): string => `survey-${surveyId}`;

/**
 * The built-in template a survey's link goes out with. A retention survey is the neutral
 * satisfaction invitation of the relationship rounds: the customer is never told the bank
 * thinks they may leave.
 */
export function surveyTemplateId(trigger: SurveyTrigger): string {
  switch (trigger) {
    case 'complaint-closed':
      return 'survey-complaint';
    case 'relationship-quarterly':
    case 'relationship-yearly':
    case 'retention':
      return 'survey-relationship';
  }
}

// --- Token: base64url(surveyId) . base64url(expiresAt epoch seconds) . base64url(mac) ---

/** What a token claims, before its MAC is checked. */
export interface SurveyTokenClaims {
  readonly surveyId: string;
  /** Epoch seconds. */
  readonly expiresAtSeconds: number;
  /** The MAC as the signer reads it (base64). */
  readonly mac: string;
}

/** Tokens longer than this are not ours (a survey id is at most 128 characters). */
const MAX_TOKEN_LENGTH = 400;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const SURVEY_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
const EPOCH_SECONDS = /^[1-9][0-9]{0,11}$/;
/** An HMAC-SHA256 is 32 bytes: 43 base64url characters without padding. */
const MAC_LENGTH = 43;

/** The message a token's MAC covers (the signer adds its label): `<surveyId>:<expiresAt seconds>`. */
export const surveyTokenMessage = (surveyId: string, expiresAtSeconds: number): string =>
  `${surveyId}:${expiresAtSeconds}`;

/** Epoch seconds of an instant (a survey's expiry is kept to whole seconds). */
export const epochSeconds = (instant: string): number => Math.floor(Date.parse(instant) / 1000);

/**
 * The token of a survey's link from its MAC (base64, as the signer gives it).
 * @example surveyToken('complaint-cmp_1', 1772352000, mac) // 'Y29tcGxhaW50LWNtcF8x.MTc3MjM1MjAwMA.…'
 */
export function surveyToken(surveyId: string, expiresAtSeconds: number, mac: string): string {
  const part = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
  return [
    part(surveyId),
    part(String(expiresAtSeconds)),
    Buffer.from(mac, 'base64').toString('base64url'),
  ].join('.');
}

/** Strict base64url: re-encoding gives the same text, so no two spellings of one token exist. */
function fromBase64Url(text: string): Buffer | undefined {
  if (!BASE64URL.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

/**
 * What a token claims, or undefined when it is not one of ours in shape (the caller answers
 * that exactly as an unknown survey). The MAC is not checked here.
 */
export function readSurveyToken(token: string): SurveyTokenClaims | undefined {
  if (token.length > MAX_TOKEN_LENGTH) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [idPart = '', expiryPart = '', macPart = ''] = parts;
  const id = fromBase64Url(idPart)?.toString('utf8');
  const expiry = fromBase64Url(expiryPart)?.toString('utf8');
  const mac = macPart.length === MAC_LENGTH ? fromBase64Url(macPart) : undefined;
  if (id === undefined || !SURVEY_ID.test(id)) return undefined;
  if (expiry === undefined || !EPOCH_SECONDS.test(expiry)) return undefined;
  if (mac === undefined) return undefined;
  return { surveyId: id, expiresAtSeconds: Number(expiry), mac: mac.toString('base64') };
}

/** Whether a link is past its expiry at `now` (the expiry instant itself is past). */
export const tokenExpired = (expiresAtSeconds: number, now: Date): boolean =>
  now.getTime() >= expiresAtSeconds * 1000;

// --- Questions ---

export type SurveyQuestion =
  | {
      readonly id: 'csat' | 'nps' | `dimensions.${SurveyDimension}`;
      readonly kind: 'scale';
      readonly min: number;
      readonly max: number;
      readonly required: boolean;
      readonly label: string;
    }
  | {
      readonly id: 'text';
      readonly kind: 'text';
      readonly maxLength: number;
      readonly required: false;
      readonly label: string;
    }
  | { readonly id: 'unresolved'; readonly kind: 'boolean'; readonly required: false; readonly label: string };

const DIMENSION_LABELS: Readonly<Record<SurveyDimension, string>> = {
  attitude: '服务态度',
  efficiency: '办理效率',
  process: '流程便捷',
  product: '产品满意度',
};

/**
 * The questions of every survey, in order (the answer body's fields): CSAT 1–5 (required), NPS
 * 0–10, the four dimensions 1–5, free text up to 2,000 characters and the `unresolved` flag.
 */
export const SURVEY_QUESTIONS: readonly SurveyQuestion[] = [
  { id: 'csat', kind: 'scale', min: 1, max: 5, required: true, label: '您对本次服务的总体满意度' },
  { id: 'nps', kind: 'scale', min: 0, max: 10, required: false, label: '您向亲友推荐我行的可能性' },
  ...(Object.entries(DIMENSION_LABELS) as [SurveyDimension, string][]).map(
    ([dimension, label]): SurveyQuestion => ({
      id: `dimensions.${dimension}`,
      kind: 'scale',
      min: 1,
      max: 5,
      required: false,
      label,
    }),
  ),
  { id: 'text', kind: 'text', maxLength: SURVEY_TEXT_MAX, required: false, label: '其他意见或建议' },
  { id: 'unresolved', kind: 'boolean', required: false, label: '您的问题尚未解决' },
];

// --- Answers ---

/** An answer as the customer gives it (validated by `survey-schemas.ts`). */
export interface SurveyAnswer {
  readonly csat: number;
  readonly nps?: number | undefined;
  readonly dimensions?: Readonly<Partial<Record<SurveyDimension, number>>> | undefined;
  readonly text?: string | undefined;
  readonly unresolved?: boolean | undefined;
}

/** The free text worth keeping: trimmed, undefined when blank. */
export function answerText(answer: SurveyAnswer): string | undefined {
  const text = answer.text?.trim();
  return text === undefined || text === '' ? undefined : text;
}

/** The scores of an answer: what is stored in the clear and announced (never the text). */
export function scoresOf(answer: SurveyAnswer): SurveyScores {
  const dimensions = answer.dimensions ?? {};
  return {
    csat: answer.csat,
    ...(answer.nps === undefined ? {} : { nps: answer.nps }),
    ...(Object.keys(dimensions).length === 0 ? {} : { dimensions }),
    unresolved: answer.unresolved ?? false,
    hasText: answerText(answer) !== undefined,
  };
}

/**
 * What an answer adds to its branch's KPI bucket: CSAT % counts answers of 4–5 over all answers,
 * NPS promoters (9–10) minus detractors (0–6) over NPS answers (docs/domain-rules.md §18.7).
 */
export function answerKpis(scores: SurveyScores): KpiIncrements {
  const nps = scores.nps;
  return {
    surveysAnswered: 1,
    csatAnswers: 1,
    csatSum: scores.csat,
    csatTopTwo: scores.csat >= 4 ? 1 : 0,
    ...(nps === undefined
      ? {}
      : { npsAnswers: 1, npsPromoters: nps >= 9 ? 1 : 0, npsDetractors: nps <= 6 ? 1 : 0 }),
  };
}

/**
 * Whether an answer calls for a follow-up by the supervisor: a CSAT at or below the threshold
 * (ENGAGEMENT_FOLLOW_UP_CSAT_AT_OR_BELOW, 2), or the customer saying it is unresolved.
 */
export function needsFollowUp(
  scores: Pick<SurveyScores, 'csat' | 'unresolved'>,
  csatAtOrBelow: number,
): boolean {
  return scores.csat <= csatAtOrBelow || scores.unresolved;
}

// --- The relationship schedule ---

/** Which relationship survey round a day starts, if any, and the period it deduplicates on. */
export interface RelationshipRound {
  readonly trigger: Extract<SurveyTrigger, 'relationship-quarterly' | 'relationship-yearly'>;
  /** `2026-Q2` for a quarter's sample, `2026` for the yearly census. */
  readonly period: string;
  /** Percentage of active customers asked (100 for the census). */
  readonly percent: number;
}

/**
 * The round `day` (`yyyy-mm-dd`) starts: the quarterly sample on the first day of a quarter
 * (1 January, April, July, October) and the yearly census on 1 December; undefined otherwise.
 */
export function relationshipRound(day: string, samplePercent: number): RelationshipRound | undefined {
  const [year, month, date] = [day.slice(0, 4), Number(day.slice(5, 7)), day.slice(8, 10)];
  if (date !== '01') return undefined;
  if (month === 12) return { trigger: 'relationship-yearly', period: year, percent: 100 };
  if (month % 3 !== 1) return undefined;
  return {
    trigger: 'relationship-quarterly',
    period: `${year}-Q${(month + 2) / 3}`,
    percent: samplePercent,
  };
}

/**
 * Whether a customer is in a round's sample: SHA-256 of `customerId:period`, its first four
 * bytes modulo 100, below the percentage. Deterministic (a rerun of the day picks the same
 * customers) and different from one quarter to the next.
 */
export function inSample(customerId: string, period: string, percent: number): boolean {
  if (percent >= 100) return true;
  if (percent <= 0) return false;
  const digest = createHash('sha256').update(`${customerId}:${period}`, 'utf8').digest();
  return digest.readUInt32BE(0) % 100 < percent;
}
