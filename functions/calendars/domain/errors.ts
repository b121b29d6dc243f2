/**
 * The calendars capability's own errors. (What a client did wrong is a problem of
 * shared/http: 404, 412, 422.)
 */

/**
 * The stored items of a calendar year disagree with each other (a version item or audit record
 * exists beyond the pointer). Never expected; a 500 and an alarm, not something a client can fix.
 */
export class CalendarStoreInconsistentError extends Error {
  override readonly name = 'CalendarStoreInconsistentError';
  readonly code = 'CALENDAR_STORE_INCONSISTENT';
}

/** The function's `CALENDAR_CHECK_FROM` is not a month and day `MM-DD`: a deployment error. */
export class CalendarCheckConfigError extends Error {
  override readonly name = 'CalendarCheckConfigError';
  readonly code = 'CALENDAR_CHECK_CONFIG_INVALID';
}
