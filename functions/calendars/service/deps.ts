import type { CalendarYears } from '../../../shared/time/calendar-year.js';
import type { Clock } from '../../../shared/time/clock.js';
import type { MonthDay } from '../domain/check-window.js';
import type { CalendarStore } from '../store/calendar-store.js';

/** What the calendars capability's use cases need. */
export interface CalendarsDeps {
  /** The years admins loaded: versions, audit, outbox. */
  readonly store: CalendarStore;
  /** The years shipped with the product (`shared/time/calendars/built-in.ts`). */
  readonly builtIn: CalendarYears;
  /** From which day of the year the daily check asks for next year's data (`CALENDAR_CHECK_FROM`). */
  readonly checkFrom: MonthDay;
  readonly clock: Clock;
}

/** Who is loading a year, for the audit trail. */
export interface CalendarActor {
  readonly sub: string;
  readonly role: string;
  readonly requestId?: string | undefined;
}
