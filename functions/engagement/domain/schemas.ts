import { hasInvisibleCharacter } from '../../../shared/text.js';
import * as z from '../../../shared/zod.js';

/**
 * Request fields more than one engagement route takes (docs/domain-rules.md §18): the scores a
 * customer gives, the same in a survey answer and in a return visit's attempt, and what the
 * customer said in their own words (C2, sealed with the customer's engagement key).
 */

/** A whole score from `min` to `max`. */
export const score = (min: number, max: number) => z.number().check(z.int(), z.gte(min), z.lte(max));
/** Customer satisfaction, 1 (very dissatisfied) to 5 (very satisfied). */
export const csatSchema = () => score(1, 5);
/** Net promoter score: how likely to recommend, 0 to 10. */
export const npsSchema = () => score(0, 10);

/**
 * Free text in the customer's own words, trimmed, 1 to `max` characters: line breaks and tabs are fine,
 * every other control or invisible formatting character is refused (the message never echoes
 * the text).
 */
export function customerWordsSchema(max: number) {
  return z.string().check(
    z.trim(),
    z.minLength(1),
    z.maxLength(max),
    z.refine(
      (value) => !hasInvisibleCharacter(value.replace(/[\r\n\t]/g, ' ')),
      'must not contain control or invisible formatting characters',
    ),
  );
}
