import * as z from '../../../shared/zod.js';
import { SURVEY_LOCALE, SURVEY_QUESTIONS, SURVEY_TEXT_MAX } from '../domain/survey.js';

/**
 * Response schemas of the public survey routes, exactly as the handlers serialise them. Strict:
 * a field the code starts returning fails the contract tests until it is declared here. Nothing
 * in them names the customer, the complaint or the free text.
 */

const scale = z.strictObject({
  id: z.string(),
  kind: z.literal('scale'),
  min: z.number().check(z.int()),
  max: z.number().check(z.int()),
  required: z.boolean(),
  label: z.string(),
});
const text = z.strictObject({
  id: z.literal('text'),
  kind: z.literal('text'),
  maxLength: z.number().check(z.int(), z.positive()),
  required: z.literal(false),
  label: z.string(),
});
const flag = z.strictObject({
  id: z.literal('unresolved'),
  kind: z.literal('boolean'),
  required: z.literal(false),
  label: z.string(),
});

export const surveyPageSchema = z.strictObject({
  locale: z.string(),
  expiresAt: z.iso.datetime(),
  questions: z.array(z.union([scale, text, flag])),
});

export const surveyPageExample = {
  locale: SURVEY_LOCALE,
  expiresAt: '2026-03-16T02:00:00.000Z',
  questions: SURVEY_QUESTIONS,
};

export const surveyReceiptSchema = z.strictObject({ answeredAt: z.iso.datetime() });
export const surveyReceiptExample = { answeredAt: '2026-03-03T09:12:45.000Z' };

/** A realistic answer, for the documentation (synthetic). */
export const surveyAnswerExample = {
  csat: 4,
  nps: 9,
  dimensions: { attitude: 5, efficiency: 4 },
  text: `处理及时，但希望短信通知更早一些（不超过 ${SURVEY_TEXT_MAX} 字）`,
  unresolved: false,
};
