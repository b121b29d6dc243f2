import { calendarYearNumberSchema, calendarYearShapeSchema } from '../../../shared/time/calendar-year.js';
import * as z from '../../../shared/zod.js';

/**
 * Request schemas of the calendars API. The body of a PUT is one year's data: its contract
 * documents it with the year-less rules, and the service checks it again with the year of the
 * path (`calendarYearSchema(year)`), dates in that year included.
 */

/**
 * `{year}` in the path: four digits, then a whole number from 2000 to 2100. Digits first, so
 * that `0x7EB` or `2027.0` is not read as 2027.
 */
const yearParam = z.pipe(
  z.string().check(z.regex(/^\d{4}$/, 'year must be a year of four digits')),
  z.pipe(
    z.transform((digits: string) => Number(digits)),
    calendarYearNumberSchema,
  ),
);

export const calendarYearParamsSchema = z.strictObject({ year: yearParam });

/** The body of `PUT /v1/config/calendars/{year}` as documented (the year is checked by the service). */
export const calendarYearBodySchema = calendarYearShapeSchema;
