import * as z from '../../../shared/zod.js';

/**
 * Answer fields more than one engagement route gives (each area's `*-responses.ts` builds its
 * views from them): instants, counts, and rates that are null when nothing was counted.
 */
export const instant = () => z.iso.datetime();
export const nonEmpty = () => z.string().check(z.minLength(1));
export const count = () => z.number().check(z.int(), z.nonnegative());
/** A percentage, or null when its denominator is zero (no answers, nothing delivered). */
export const percent = () => z.nullable(z.number());
