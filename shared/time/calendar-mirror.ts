import { invalidEvent } from '../messaging/rejection.js';
import * as z from '../zod.js';
import { issueSummaries } from '../zod-issues.js';
import { WorkingDayCalendar, type WorkingDayCalendarOptions } from './calendar.js';
import {
  type CalendarYear,
  type CalendarYears,
  calendarYearNumberSchema,
  calendarYearSchema,
} from './calendar-year.js';

/**
 * A capability's copy of the years an admin loaded into the calendars capability, kept from
 * its `WorkingCalendarChanged` events, so that the capability counts deadlines with them
 * without reading another capability's table. One way for every capability that counts
 * working days (customers' reviews now, complaints later): a store port, the rule that
 * applies an event to it, and the calendar built from the built-in years plus the mirror.
 * The event itself is parsed by the consumer (shared code imports no capability).
 */

/** One loaded year as mirrored: its data and the calendars capability's version of it. */
export interface MirroredYear {
  readonly year: number;
  /** 1, 2, …: the version the calendars capability saved; a newer one replaces an older one. */
  readonly version: number;
  readonly data: CalendarYear;
}

/**
 * `applied`: this version is now the mirrored one. `unchanged`: the same or a newer version was
 * already mirrored (a redelivery, or events arriving out of order), nothing was written.
 */
export type MirrorOutcome = 'applied' | 'unchanged';

/** Where a capability keeps its mirror (one item per year in its own table). */
export interface CalendarMirrorStore {
  /**
   * Stores `year` unless the same or a newer version of that year is stored: the newest version
   * wins whatever order the events arrive in, and a redelivery changes nothing.
   */
  put(year: MirroredYear): Promise<MirrorOutcome>;
  /** Every mirrored year (the newest version of each), read strongly consistent. */
  years(): Promise<readonly MirroredYear[]>;
}

/** What a `WorkingCalendarChanged` event carries: the year, its version and its data. */
export interface MirroredYearInput {
  readonly year: number;
  readonly version: number;
  readonly holidays: CalendarYear['holidays'];
  readonly makeUpWorkingDays: CalendarYear['makeUpWorkingDays'];
}

/**
 * The year's data does not pass the calendar's rules (`calendarYearSchema(year)`). The
 * calendars capability validated it before publishing, so this is a defect or a forged event:
 * the consumer dead-letters it. Paths and messages only, never values.
 */
export class InvalidMirroredYearError extends Error {
  override readonly name = 'InvalidMirroredYearError';
  readonly code = 'CALENDAR_YEAR_INVALID';

  constructor(readonly issues: readonly { readonly path: string; readonly message: string }[]) {
    super(
      `Invalid calendar year: ${issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ')}`,
    );
  }
}

const versionSchema = z.number().check(z.int(), z.positive());

function valid<T>(schema: z.core.$ZodType<T>, value: unknown, prefix: string): T {
  const result = z.safeParse(schema, value);
  if (result.success) return result.data;
  throw new InvalidMirroredYearError(issueSummaries(result.error.issues, [prefix]));
}

/**
 * Checks one year as an event carries it (the year, its version, and the data against
 * `calendarYearSchema(year)`, as the calendars capability checked it on PUT) and puts it into
 * the mirror. Throws {@link InvalidMirroredYearError}, writing nothing, when it does not pass.
 * @example const outcome = await applyMirroredYear(mirror, { year: 2027, version: 2, holidays, makeUpWorkingDays });
 */
export async function applyMirroredYear(
  store: CalendarMirrorStore,
  input: MirroredYearInput,
): Promise<MirrorOutcome> {
  const year = valid(calendarYearNumberSchema, input.year, 'year');
  const version = valid(versionSchema, input.version, 'version');
  const data = valid(
    calendarYearSchema(year),
    { holidays: input.holidays, makeUpWorkingDays: input.makeUpWorkingDays },
    '',
  );
  return store.put({ year, version, data });
}

/**
 * {@link applyMirroredYear} for a consumer of `WorkingCalendarChanged`: a year that does not pass
 * the calendar's rules is an unprocessable event (EVENT_INVALID, paths and messages only), which
 * the consumer dead-letters instead of retrying; anything else is thrown as it is (retried).
 */
export async function mirrorEventYear(
  store: CalendarMirrorStore,
  input: MirroredYearInput,
): Promise<MirrorOutcome> {
  try {
    return await applyMirroredYear(store, input);
  } catch (error) {
    if (!(error instanceof InvalidMirroredYearError)) throw error;
    throw invalidEvent(error.issues);
  }
}

/** The mirrored years as calendar data by year. */
export async function mirroredYears(store: CalendarMirrorStore): Promise<CalendarYears> {
  const years = await store.years();
  return new Map(years.map((mirrored) => [mirrored.year, mirrored.data]));
}

/**
 * The working-day calendar a capability counts with: the built-in years, each replaced whole
 * by a mirrored (admin-loaded) year where there is one. Read once per use (a scan, an event),
 * not cached: a year loaded a minute ago must count at once.
 * @example const calendar = await mirroredCalendar(mirror); calendar.deadline(now, 10);
 */
export async function mirroredCalendar(
  store: CalendarMirrorStore,
  options: WorkingDayCalendarOptions = {},
): Promise<WorkingDayCalendar> {
  // The built-in years (about 45 KB of data) are loaded on the first deadline a container
  // counts, in a chunk of their own, not at every cold start: most invocations of a function
  // that can count a deadline count none (docs/operations.md §1).
  const [{ builtInYears }, loaded] = await Promise.all([
    import('./calendars/built-in.js'),
    mirroredYears(store),
  ]);
  return WorkingDayCalendar.withYears(builtInYears, loaded, options);
}
