import {
  FIRST_CALENDAR_YEAR,
  LAST_CALENDAR_YEAR,
  MAX_NAME_LENGTH,
} from '../../../shared/time/calendar-year.js';
import * as z from '../../../shared/zod.js';

/**
 * Response schemas of the calendars API: what each route's success body is, exactly (strict
 * objects, so a field the code starts returning fails the contract tests until it is declared
 * here). Built on first use (`z.lazy`). Examples: 2026 as built in (from `chinese-days`), and an
 * illustrative 2027 as an admin might load it (not the official notice).
 */

const isoDate = () => z.iso.date();

function yearData() {
  return {
    /** The calendar year. */
    year: z.number().check(z.int(), z.gte(FIRST_CALENDAR_YEAR), z.lte(LAST_CALENDAR_YEAR)),
    /** Official holidays: rest days, as inclusive ranges, by first day. */
    holidays: z.array(
      z.strictObject({
        name: z.string().check(z.minLength(1), z.maxLength(MAX_NAME_LENGTH)),
        from: isoDate(),
        to: isoDate(),
      }),
    ),
    /** Saturdays and Sundays that are working days (调休上班), ascending. */
    makeUpWorkingDays: z.array(isoDate()),
  };
}

/**
 * `GET` and `PUT /v1/config/calendars/{year}` (200, the version as ETag): the year as the
 * working calendar counts it. `source: "loaded"`: the version an admin saved, with who and when.
 * `source: "built-in"`: the data shipped with the product (`chinese-days`), version 0; an admin's
 * first PUT of the year sends `If-Match: "0"` and replaces it whole.
 */
export const calendarYearViewSchema = z.lazy(() =>
  z
    .discriminatedUnion('source', [
      z.strictObject({ ...yearData(), source: z.literal('built-in'), version: z.literal(0) }),
      z.strictObject({
        ...yearData(),
        source: z.literal('loaded'),
        version: z.number().check(z.int(), z.positive()),
        updatedAt: z.iso.datetime(),
        /** The admin's subject (`sub`). */
        updatedBy: z.string().check(z.minLength(1)),
      }),
    ])
    .check(z.describe('One year of the working-day calendar, as loaded by an admin or as built in')),
);

/** Example: 2026 as built in (chinese-days@1.5.7, from the State Council notice of 2025-11-04). */
export const builtInCalendarYearExample = {
  year: 2026,
  source: 'built-in',
  version: 0,
  holidays: [
    { name: "New Year's Day", from: '2026-01-01', to: '2026-01-03' },
    { name: 'Spring Festival', from: '2026-02-15', to: '2026-02-23' },
    { name: 'Tomb-sweeping Day', from: '2026-04-04', to: '2026-04-06' },
    { name: 'Labour Day', from: '2026-05-01', to: '2026-05-05' },
    { name: 'Dragon Boat Festival', from: '2026-06-19', to: '2026-06-21' },
    { name: 'Mid-autumn Festival', from: '2026-09-25', to: '2026-09-27' },
    { name: 'National Day', from: '2026-10-01', to: '2026-10-07' },
  ],
  makeUpWorkingDays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
} satisfies z.input<typeof calendarYearViewSchema>;

/** Example: version 1 of 2027 as an admin loaded it (dates illustrative, not the official notice). */
export const loadedCalendarYearExample = {
  year: 2027,
  source: 'loaded',
  version: 1,
  holidays: [
    { name: "New Year's Day", from: '2027-01-01', to: '2027-01-03' },
    { name: '春节', from: '2027-02-06', to: '2027-02-13' },
    { name: 'National Day', from: '2027-10-01', to: '2027-10-07' },
  ],
  makeUpWorkingDays: ['2027-02-20', '2027-09-26', '2027-10-09'],
  updatedAt: '2026-12-04T02:00:00.000Z',
  updatedBy: 'user-admin-1',
} satisfies z.input<typeof calendarYearViewSchema>;
