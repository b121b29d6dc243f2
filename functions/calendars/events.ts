import { defineEvent } from '../../shared/events/define.js';
import {
  calendarYearNumberSchema,
  MAX_HOLIDAYS,
  MAX_MAKE_UP_WORKING_DAYS,
  MAX_NAME_LENGTH,
} from '../../shared/time/calendar-year.js';
import * as z from '../../shared/zod.js';

/**
 * Events of the calendars capability. A working-day calendar is public data (the State
 * Council's yearly notice): holiday names and dates, no personal information.
 */
export const CALENDARS_SOURCE = 'crm.calendars';

const isoDate = z.iso.date();

/**
 * An admin loaded (or corrected) one year of the working-day calendar: the whole year as saved,
 * so a capability that counts working days can mirror it (`shared/time/calendar-mirror.ts`)
 * without reading this capability's table. The shape is checked here; the calendar's rules
 * across entries (`calendarYearSchema(year)`) are checked again by the mirror.
 */
export const WorkingCalendarChanged = defineEvent(
  CALENDARS_SOURCE,
  'WorkingCalendarChanged',
  {
    year: calendarYearNumberSchema,
    version: z.number().check(z.int(), z.positive()),
    holidays: z
      .array(
        z.strictObject({
          name: z.string().check(z.minLength(1), z.maxLength(MAX_NAME_LENGTH)),
          from: isoDate,
          to: isoDate,
        }),
      )
      .check(z.maxLength(MAX_HOLIDAYS)),
    makeUpWorkingDays: z.array(isoDate).check(z.maxLength(MAX_MAKE_UP_WORKING_DAYS)),
  },
  'An admin saved version `version` of one year of the working-day calendar: its official holidays (rest days, inclusive ranges) and make-up working days (weekend days worked), the whole year, which replaces any data of that year a consumer had (built-in or an older version). Public data, no personal information. Mirror it keeping the highest version per year: deliveries may repeat or arrive out of order.',
);

/** Every event the calendars capability publishes. */
export const calendarsEvents = [WorkingCalendarChanged] as const;
