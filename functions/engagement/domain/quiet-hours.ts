import type { EngagementSettings } from './settings.js';

/**
 * Quiet hours in the customer's own time zone (docs/domain-rules.md §18.2): from
 * `quietHoursStart` (inclusive) to `quietHoursEnd` (exclusive), wrapping midnight when the start
 * is later than the end (21:00–08:00). 20:59 is allowed, 21:00 quiet, 07:59 quiet, 08:00
 * allowed. Equal start and end mean no quiet hours. Pure: instants in, instants out; the zone's
 * offsets (DST included) come from the runtime's Intl data.
 */

type QuietHours = Pick<EngagementSettings, 'quietHoursStart' | 'quietHoursEnd'>;

const MINUTE_MS = 60_000;

interface LocalTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** Minutes after local midnight (seconds dropped: the boundaries are whole minutes). */
  readonly minuteOfDay: number;
}

// Building a DateTimeFormat costs far more than using one: one per zone, kept for the Lambda's life.
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formats.set(zone, format);
  }
  return format;
}

/** The zone's offset from UTC at `epochMs`, in milliseconds (Shanghai: +8 h), as Intl computes it. */
function measuredOffset(epochMs: number, zone: string): number {
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  for (const part of formatFor(zone).formatToParts(epochMs)) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
    else if (part.type === 'day') day = Number(part.value);
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  const wallClock = Date.UTC(year, month - 1, day, hour, minute);
  return wallClock - Math.floor(epochMs / MINUTE_MS) * MINUTE_MS;
}

// Formatting with Intl costs microseconds, most of a decision. A zone's offset only changes at
// a quarter hour (every DST or offset change of the current tz database falls on one), so the
// offset of a quarter hour is measured once and kept; bounded, for a long-lived Lambda.
const QUARTER_HOUR_MS = 15 * MINUTE_MS;
const MAX_CACHED_OFFSETS = 4096;
const offsets = new Map<string, number>();

/** The zone's offset from UTC at `epochMs`, in milliseconds. */
function offsetAt(epochMs: number, zone: string): number {
  const quarter = Math.floor(epochMs / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
  const key = `${zone} ${quarter}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    if (offsets.size >= MAX_CACHED_OFFSETS) offsets.clear();
    offset = measuredOffset(quarter, zone);
    offsets.set(key, offset);
  }
  return offset;
}

function localTime(epochMs: number, zone: string): LocalTime {
  const wallClock = new Date(epochMs + offsetAt(epochMs, zone));
  return {
    year: wallClock.getUTCFullYear(),
    month: wallClock.getUTCMonth() + 1,
    day: wallClock.getUTCDate(),
    minuteOfDay: wallClock.getUTCHours() * 60 + wallClock.getUTCMinutes(),
  };
}

/**
 * The instant the wall clock in `zone` shows `minuteOfDay` on the civil day `year-month-day`
 * (the day may overflow: day 32 is the next month's first). A wall-clock time skipped by a DST
 * change resolves to the instant just after the gap.
 */
function instantOfLocal(year: number, month: number, day: number, minuteOfDay: number, zone: string): number {
  const wallClock = Date.UTC(year, month - 1, day) + minuteOfDay * MINUTE_MS;
  const guess = wallClock - offsetAt(wallClock, zone);
  return wallClock - offsetAt(guess, zone);
}

function inQuietMinute(minute: number, hours: QuietHours): boolean {
  const { quietHoursStart: start, quietHoursEnd: end } = hours;
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/**
 * Whether `at` falls in quiet hours in `zone`.
 * @example isQuietAt(Date.parse('2026-03-02T13:00:00Z'), 'Asia/Shanghai', defaults) // true (21:00 local)
 */
export function isQuietAt(at: number, zone: string, hours: QuietHours): boolean {
  return inQuietMinute(localTime(at, zone).minuteOfDay, hours);
}

/**
 * The first allowed instant at or after `at`: `at` itself outside quiet hours, else the next
 * local `quietHoursEnd` (21:30 Shanghai → 08:00 the next day; 07:00 → 08:00 the same day).
 */
export function nextAllowedAt(at: number, zone: string, hours: QuietHours): number {
  const local = localTime(at, zone);
  if (!inQuietMinute(local.minuteOfDay, hours)) return at;
  const endsToday = local.minuteOfDay < hours.quietHoursEnd;
  const day = endsToday ? local.day : local.day + 1;
  const end = instantOfLocal(local.year, local.month, day, hours.quietHoursEnd, zone);
  // A DST change on the evening itself cannot pull the end before `at`; guard all the same.
  return end > at ? end : instantOfLocal(local.year, local.month, day + 1, hours.quietHoursEnd, zone);
}

/** The zone to count quiet hours in: the customer's when the runtime knows it, else `fallback`. */
export function quietHoursZone(customerZone: string | undefined, fallback: string): string {
  if (customerZone === undefined || customerZone === fallback) return fallback;
  try {
    formatFor(customerZone);
    return customerZone;
  } catch {
    return fallback;
  }
}
