import { hasInvisibleCharacter } from '../../../shared/text.js';
import * as z from '../../../shared/zod.js';
import type { SurveyDimension } from './model.js';
import { SURVEY_TEXT_MAX } from './survey.js';

/**
 * Request schemas of the public survey routes (docs/domain-rules.md §18.5). Strict: an unknown
 * field is refused, and no message echoes the value sent (the free text above all).
 */

const score = (min: number, max: number) => z.number().check(z.int(), z.gte(min), z.lte(max));

/** Line breaks are fine in feedback; every other control or invisible character is refused. */
const feedbackText = z.string().check(
  z.maxLength(SURVEY_TEXT_MAX),
  z.refine(
    (value) => !hasInvisibleCharacter(value.replace(/\r?\n/g, ' ')),
    'must not contain control or invisible formatting characters',
  ),
);

/** The token in the link: any text; its shape and MAC are checked by the service (404 when wrong). */
export const surveyTokenParamsSchema = z.strictObject({
  token: z.string().check(z.minLength(1), z.maxLength(1024)),
});

/**
 * An answer: CSAT 1–5 (required), NPS 0–10, the dimensions 1–5, free text up to 2,000
 * characters (sealed, never returned) and whether the matter is still unresolved.
 */
export const surveyAnswerSchema = z.strictObject({
  csat: score(1, 5),
  nps: z.optional(score(0, 10)),
  dimensions: z.optional(
    z.strictObject({
      attitude: z.optional(score(1, 5)),
      efficiency: z.optional(score(1, 5)),
      process: z.optional(score(1, 5)),
      product: z.optional(score(1, 5)),
    } satisfies Record<SurveyDimension, unknown>),
  ),
  text: z.optional(feedbackText),
  unresolved: z.optional(z.boolean()),
});
export type SurveyAnswerBody = z.output<typeof surveyAnswerSchema>;
