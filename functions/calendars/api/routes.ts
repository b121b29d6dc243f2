import { defineRoute } from '../../../shared/http/contract.js';
import { BUILT_IN_SOURCE } from '../../../shared/time/calendars/built-in.js';
import { calendarYearBodySchema, calendarYearParamsSchema } from '../domain/schemas.js';
import {
  builtInCalendarYearExample,
  calendarYearViewSchema,
  loadedCalendarYearExample,
} from './responses.js';

/** The path of one year of the working-day calendar. */
export const CALENDAR_YEAR_PATH = '/v1/config/calendars/{year}';

/**
 * The calendars API: every operation's contract (route, policy action, request and response
 * schemas, problems). `api/route-handlers.ts` implements them.
 */
export const calendarsRoutes = {
  getCalendarYear: defineRoute({
    method: 'GET',
    path: CALENDAR_YEAR_PATH,
    summary: 'Read one year of the working-day calendar',
    description: `The year as deadlines are counted with it: the version an admin loaded (\`source: "loaded"\`), else the data built into the product (\`source: "built-in"\`, ${BUILT_IN_SOURCE}, version 0). A year with neither is a 404 \`calendar-year-missing\`: deadlines counted over it take weekends only as rest days and are marked provisional. \`year\` is four digits, 2000 to 2100.`,
    action: 'calendar-config:read',
    params: calendarYearParamsSchema,
    responses: {
      200: {
        description: 'The year, loaded or built in, with its version',
        schema: calendarYearViewSchema,
        example: builtInCalendarYearExample,
        headers: ['etag'],
      },
    },
    problems: [404],
  }),
  putCalendarYear: defineRoute({
    method: 'PUT',
    path: CALENDAR_YEAR_PATH,
    summary: 'Load one year of the working-day calendar',
    description:
      'The whole year (official holidays and make-up working days), based on the version named by If-Match: `"0"` while nothing was loaded for the year, built in or not. It replaces the built-in data of that year whole. Validated for the year of the path (every date in it, holidays that do not overlap, make-up days on a weekend and outside every holiday); saved as a new immutable version with an audit record and announced by WorkingCalendarChanged, in one transaction. Holidays are kept by first day and make-up days in date order; a body equal to the loaded version writes nothing and answers it. Capabilities that count working days mirror the year from the event; reviews waiting on a deadline counted over it are recounted.',
    action: 'calendar-config:write',
    params: calendarYearParamsSchema,
    body: calendarYearBodySchema,
    headers: { 'if-match': 'required' },
    responses: {
      200: {
        description: 'The year as now loaded, with its new version',
        schema: calendarYearViewSchema,
        example: loadedCalendarYearExample,
        headers: ['etag'],
      },
    },
  }),
};
