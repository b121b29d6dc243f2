import * as z from '../../../shared/zod.js';
import type { SurveyDimension } from './model.js';
import { csatSchema, customerWordsSchema, npsSchema, score } from './schemas.js';
import { SURVEY_TEXT_MAX } from './survey.js';

/**
 * Request schemas of the public survey routes (docs/domain-rules.md §18.5). Strict: an unknown
 * field is refused, and no message echoes the value sent (the free text above all).
 */

/** The token in the link: any text; its shape and MAC are checked by the service (404 when wrong). */
export const surveyTokenParamsSchema = z.strictObject({
  token: z.string().check(z.minLength(1), z.maxLength(1024)),
});

/**
 * An answer: CSAT 1–5 (required), NPS 0–10, the dimensions 1–5, free text up to 2,000
 * characters (sealed, never returned) and whether the matter is still unresolved.
 */
export const surveyAnswerSchema = z.strictObject({
  csat: csatSchema(),
  nps: z.optional(npsSchema()),
  dimensions: z.optional(
    z.strictObject({
      attitude: z.optional(score(1, 5)),
      efficiency: z.optional(score(1, 5)),
      process: z.optional(score(1, 5)),
      product: z.optional(score(1, 5)),
    } satisfies Record<SurveyDimension, unknown>),
  ),
  text: z.optional(customerWordsSchema(SURVEY_TEXT_MAX)),
  unresolved: z.optional(z.boolean()),
});
export type SurveyAnswerBody = z.output<typeof surveyAnswerSchema>;
