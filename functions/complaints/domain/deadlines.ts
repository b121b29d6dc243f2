import type { RolledDeadline, WorkingDayCalendar } from '../../../shared/time/calendar.js';
import { cstDayOf, endOfDayAfter, isoDateOfDay, weekdayOfDay } from '../../../shared/time/civil-day.js';
import type { ClockFacts, ComplaintDeadline, DeadlineKind, ExtensionLevel } from './model.js';
import type { ComplaintSettings } from './settings.js';

/**
 * The regulator's clock (docs/domain-rules.md, complaints: the clock): every deadline of a
 * complaint, computed from its clock facts, the settings and the working-day calendar, each with
 * the rule that produced it, its inputs and a sentence a person can read. Pure: the calendar and
 * `now` (which only an open pause depends on) are passed in.
 */

/** The settings the deadlines are counted with. */
export type ClockSettings = Pick<
  ComplaintSettings,
  | 'acknowledgeHours'
  | 'initialHandlingWorkingDays'
  | 'decisionDays'
  | 'firstExtensionDays'
  | 'secondExtensionDays'
  | 'maxDecisionDays'
  | 'reviewRequestDays'
  | 'reviewDecisionDays'
  | 'rollRestDays'
>;

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
const MS_PER_DAY = 24 * MS_PER_HOUR;

/** The deadlines a pause stops: the decision and its absolute maximum. */
export const DECISION_CLOCK: ReadonlySet<DeadlineKind> = new Set<DeadlineKind>(['decision', 'decision-cap']);

/** Whether the decision clock stands still now: a pause has begun and not ended. */
export function isPaused(clock: Pick<ClockFacts, 'pauses'>): boolean {
  return clock.pauses.some((pause) => pause.to === undefined);
}

/**
 * The time the decision clock stood still, in milliseconds: every closed pause, plus an open
 * one counted up to `now`. A pause recorded backwards (clock skew) counts as nothing.
 */
export function pausedMsOf(clock: Pick<ClockFacts, 'pauses'>, now: Date): number {
  let total = 0;
  for (const pause of clock.pauses) {
    const from = Date.parse(pause.from);
    const to = pause.to === undefined ? now.getTime() : Date.parse(pause.to);
    total += Math.max(0, to - from);
  }
  return total;
}

/** {@link pausedMsOf} in seconds (to the millisecond: the shift is exact). */
export function pausedSecondsOf(clock: Pick<ClockFacts, 'pauses'>, now: Date): number {
  return pausedMsOf(clock, now) / MS_PER_SECOND;
}

/** Days from receipt to the decision with the approved extensions: 15, 30 after the first, 60 after both. */
export function decisionDaysOf(
  settings: Pick<ClockSettings, 'decisionDays' | 'firstExtensionDays' | 'secondExtensionDays'>,
  approvedExtensions: readonly ExtensionLevel[],
): number {
  return (
    settings.decisionDays +
    (approvedExtensions.includes(1) ? settings.firstExtensionDays : 0) +
    (approvedExtensions.includes(2) ? settings.secondExtensionDays : 0)
  );
}

/**
 * Which step meets which deadline: acknowledge ← acknowledgedAt; initial-handling ←
 * initialHandlingAt; decision and decision-cap ← decidedAt; review-request ← reviewRequestedAt;
 * review-decision ← reviewDecidedAt.
 */
export function deadlineMetAt(kind: DeadlineKind, clock: ClockFacts): string | undefined {
  switch (kind) {
    case 'acknowledge':
      return clock.acknowledgedAt;
    case 'initial-handling':
      return clock.initialHandlingAt;
    case 'decision':
    case 'decision-cap':
      return clock.decidedAt;
    case 'review-request':
      return clock.reviewRequestedAt;
    case 'review-decision':
      return clock.reviewDecidedAt;
  }
}

/** The deadline of `kind` among `deadlines`, if the complaint has it. */
export function deadlineOf(
  deadlines: readonly ComplaintDeadline[],
  kind: DeadlineKind,
): ComplaintDeadline | undefined {
  return deadlines.find((deadline) => deadline.kind === kind);
}

/** When the decision is due (extensions, pauses, the roll and the cap applied), if the complaint has a clock. */
export function decisionDue(deadlines: readonly ComplaintDeadline[]): string | undefined {
  return deadlineOf(deadlines, 'decision')?.due;
}

/**
 * Every deadline of a complaint with a clock of its own (a linked repeat has none: do not call
 * this for it), in the order acknowledge, initial-handling, decision, decision-cap, then
 * review-request once decided and review-decision once a review was requested.
 *
 * - `acknowledge`: receipt + `acknowledgeHours` calendar hours, the exact instant, never rolled.
 * - `initial-handling`: the end of the `initialHandlingWorkingDays`-th working day after the day
 *   of receipt (CST; make-up working days count).
 * - `decision`: the end of the day `decisionDays` (+ the approved extensions' days) after the day
 *   of receipt, moved by the paused time (an open pause up to `now`), then rolled to the end of
 *   the next working day if it falls on a rest day (`rollRestDays`), never later than the cap.
 * - `decision-cap`: the end of the day `maxDecisionDays` after the day of receipt, moved by the
 *   paused time, never rolled: the absolute maximum.
 * - `review-request` / `review-decision`: the end of the day `reviewRequestDays` after the
 *   decision's day / `reviewDecisionDays` after the request's day, rolled.
 *
 * @example
 *   complaintDeadlines(calendar, settings, { receivedAt: '2026-02-13T02:00:00Z', pauses: [], approvedExtensions: [] }, now)
 *   // decision due 2026-02-28T15:59:59.999Z (the make-up Saturday 2026-02-28 is a working day)
 */
export function complaintDeadlines(
  calendar: WorkingDayCalendar,
  settings: ClockSettings,
  clock: ClockFacts,
  now: Date,
): ComplaintDeadline[] {
  const receivedAt = new Date(clock.receivedAt);
  const pausedMs = pausedMsOf(clock, now);
  const cap = decisionCapDeadline(settings, receivedAt, pausedMs);
  const deadlines = [
    acknowledgeDeadline(settings, receivedAt),
    initialHandlingDeadline(calendar, settings, receivedAt),
    decisionDeadline(calendar, settings, clock, receivedAt, pausedMs, new Date(cap.due)),
    cap,
  ];
  if (clock.decidedAt !== undefined) {
    deadlines.push(reviewRequestDeadline(calendar, settings, new Date(clock.decidedAt)));
  }
  if (clock.reviewRequestedAt !== undefined) {
    deadlines.push(reviewDecisionDeadline(calendar, settings, new Date(clock.reviewRequestedAt)));
  }
  return deadlines;
}

/**
 * The earliest `due` among the deadlines still pending: not met, and not a review window that
 * ended without a request (that is no breach: the window just closed). While the decision clock
 * is paused, the decision and its cap are not pending (they move as long as the pause lasts).
 * A deadline already passed and not met stays pending: the complaint is overdue. Undefined when
 * nothing is pending.
 */
export function nextDueAt(
  deadlines: readonly ComplaintDeadline[],
  clock: ClockFacts,
  now: Date,
): string | undefined {
  const paused = isPaused(clock);
  let next: ComplaintDeadline | undefined;
  for (const deadline of deadlines) {
    if (deadlineMetAt(deadline.kind, clock) !== undefined) continue;
    if (paused && DECISION_CLOCK.has(deadline.kind)) continue;
    if (deadline.kind === 'review-request' && Date.parse(deadline.due) < now.getTime()) continue;
    if (next === undefined || Date.parse(deadline.due) < Date.parse(next.due)) next = deadline;
  }
  return next?.due;
}

function acknowledgeDeadline(settings: ClockSettings, receivedAt: Date): ComplaintDeadline {
  const hours = settings.acknowledgeHours;
  return {
    kind: 'acknowledge',
    due: new Date(receivedAt.getTime() + hours * MS_PER_HOUR).toISOString(),
    rule: 'acknowledge-hours',
    explanation: `${plural(hours, 'calendar hour')} from receipt at ${cstDateTime(receivedAt)}, whatever the day.`,
    inputs: { receivedAt: receivedAt.toISOString(), hours },
    provisional: false,
    missingYears: [],
  };
}

function initialHandlingDeadline(
  calendar: WorkingDayCalendar,
  settings: ClockSettings,
  receivedAt: Date,
): ComplaintDeadline {
  const workingDays = settings.initialHandlingWorkingDays;
  const deadline = calendar.deadline(receivedAt, workingDays);
  return {
    kind: 'initial-handling',
    due: deadline.at.toISOString(),
    rule: 'initial-handling-working-days',
    explanation: sentence([
      `${plural(workingDays, 'working day')} after the day of receipt, ${dayName(receivedAt)} (make-up working days count)`,
      `the end of ${dayName(deadline.at)}`,
      provisionalNote(deadline.missingYears),
    ]),
    inputs: { receivedAt: receivedAt.toISOString(), workingDays },
    provisional: deadline.provisional,
    missingYears: deadline.missingYears,
  };
}

function decisionDeadline(
  calendar: WorkingDayCalendar,
  settings: ClockSettings,
  clock: ClockFacts,
  receivedAt: Date,
  pausedMs: number,
  cap: Date,
): ComplaintDeadline {
  const extended = clock.approvedExtensions;
  const days = decisionDaysOf(settings, extended);
  const shifted = new Date(endOfDayAfter(receivedAt, days).getTime() + pausedMs);
  const roll = settings.rollRestDays ? calendar.rollToWorkingDay(shifted) : undefined;
  const rolledAt = roll?.at ?? shifted;
  const capped = rolledAt.getTime() > cap.getTime();
  const due = capped ? cap : rolledAt;
  const rule = extended.includes(2)
    ? 'decision-days-extended-2'
    : extended.includes(1)
      ? 'decision-days-extended-1'
      : 'decision-days';
  const extensions = [
    extended.includes(1) ? `${settings.firstExtensionDays} by the first extension` : undefined,
    extended.includes(2) ? `${settings.secondExtensionDays} by the second` : undefined,
  ].filter((part) => part !== undefined);
  const daysText =
    extensions.length === 0
      ? plural(days, 'day')
      : `${plural(days, 'day')} (${settings.decisionDays}, plus ${extensions.join(' and ')})`;
  return {
    kind: 'decision',
    due: due.toISOString(),
    rule,
    explanation: sentence([
      `${daysText} from receipt on ${dayName(receivedAt)}`,
      pausedMs > 0 ? `moved ${duration(pausedMs)} by pauses` : undefined,
      rolledNote(roll, shifted),
      capped
        ? `capped at the ${settings.maxDecisionDays}-day maximum, the end of ${dayName(cap)}${pausedMs > 0 ? ' (moved by the pauses too)' : ''}`
        : undefined,
      provisionalNote(roll?.missingYears ?? []),
    ]),
    inputs: {
      receivedAt: receivedAt.toISOString(),
      days,
      pausedSeconds: pausedMs / MS_PER_SECOND,
      ...(roll?.rolled === true ? { rolledFrom: shifted.toISOString() } : {}),
      ...(capped ? { capped: true } : {}),
    },
    provisional: roll?.provisional ?? false,
    missingYears: roll?.missingYears ?? [],
  };
}

function decisionCapDeadline(settings: ClockSettings, receivedAt: Date, pausedMs: number): ComplaintDeadline {
  const days = settings.maxDecisionDays;
  const due = new Date(endOfDayAfter(receivedAt, days).getTime() + pausedMs);
  return {
    kind: 'decision-cap',
    due: due.toISOString(),
    rule: 'decision-max-days',
    explanation: sentence([
      `${plural(days, 'day')} from receipt on ${dayName(receivedAt)}`,
      pausedMs > 0 ? `moved ${duration(pausedMs)} by pauses` : undefined,
      'the absolute maximum, never moved to a working day',
    ]),
    inputs: { receivedAt: receivedAt.toISOString(), days, pausedSeconds: pausedMs / MS_PER_SECOND },
    provisional: false,
    missingYears: [],
  };
}

function reviewRequestDeadline(
  calendar: WorkingDayCalendar,
  settings: ClockSettings,
  decidedAt: Date,
): ComplaintDeadline {
  return daysAfterDeadline(calendar, settings, {
    kind: 'review-request',
    rule: 'review-request-days',
    from: decidedAt,
    fromInput: 'decidedAt',
    fromText: 'the decision',
    days: settings.reviewRequestDays,
  });
}

function reviewDecisionDeadline(
  calendar: WorkingDayCalendar,
  settings: ClockSettings,
  requestedAt: Date,
): ComplaintDeadline {
  return daysAfterDeadline(calendar, settings, {
    kind: 'review-decision',
    rule: 'review-decision-days',
    from: requestedAt,
    fromInput: 'reviewRequestedAt',
    fromText: 'the review request',
    days: settings.reviewDecisionDays,
  });
}

interface DaysAfter {
  readonly kind: DeadlineKind;
  readonly rule: string;
  readonly from: Date;
  readonly fromInput: string;
  readonly fromText: string;
  readonly days: number;
}

/** The end of the day `days` after the day of `from`, rolled off a rest day when the settings say so. */
function daysAfterDeadline(
  calendar: WorkingDayCalendar,
  settings: ClockSettings,
  spec: DaysAfter,
): ComplaintDeadline {
  const unrolled = endOfDayAfter(spec.from, spec.days);
  const roll = settings.rollRestDays ? calendar.rollToWorkingDay(unrolled) : undefined;
  return {
    kind: spec.kind,
    due: (roll?.at ?? unrolled).toISOString(),
    rule: spec.rule,
    explanation: sentence([
      `${plural(spec.days, 'day')} from ${spec.fromText} on ${dayName(spec.from)}`,
      rolledNote(roll, unrolled),
      provisionalNote(roll?.missingYears ?? []),
    ]),
    inputs: {
      [spec.fromInput]: spec.from.toISOString(),
      days: spec.days,
      ...(roll?.rolled === true ? { rolledFrom: unrolled.toISOString() } : {}),
    },
    provisional: roll?.provisional ?? false,
    missingYears: roll?.missingYears ?? [],
  };
}

// Explanations: English, CST dates with their weekday, the numbers that produced the deadline.

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** `Friday 2026-02-13`: the CST day of an instant. */
function dayName(at: Date): string {
  const day = cstDayOf(at);
  return `${WEEKDAYS[weekdayOfDay(day)]} ${isoDateOfDay(day)}`;
}

/** `2026-02-13 23:30 CST`. */
function cstDateTime(at: Date): string {
  const cst = new Date(at.getTime() + 8 * MS_PER_HOUR).toISOString();
  return `${cst.slice(0, 10)} ${cst.slice(11, 16)} CST`;
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/** `3 days 4 hours`, `2 hours 30 minutes`, `45 seconds`: whole units, largest first. */
function duration(ms: number): string {
  const parts = [
    [Math.floor(ms / MS_PER_DAY), 'day'],
    [Math.floor((ms % MS_PER_DAY) / MS_PER_HOUR), 'hour'],
    [Math.floor((ms % MS_PER_HOUR) / MS_PER_MINUTE), 'minute'],
  ] as const;
  const text = parts
    .filter(([count]) => count > 0)
    .map(([count, unit]) => plural(count, unit))
    .join(' ');
  return text === '' ? plural(Math.ceil(ms / MS_PER_SECOND), 'second') : text;
}

function rolledNote(roll: RolledDeadline | undefined, from: Date): string | undefined {
  if (roll?.rolled !== true) return undefined;
  return `rolled from ${dayName(from)} to the next working day, ${dayName(roll.at)}`;
}

function provisionalNote(missingYears: readonly number[]): string | undefined {
  if (missingYears.length === 0) return undefined;
  return `provisional: the calendar has no official data for ${missingYears.join(' and ')}, so only weekends were taken as rest days`;
}

/** One sentence of the parts that apply. */
function sentence(parts: readonly (string | undefined)[]): string {
  return `${parts.filter((part) => part !== undefined).join(', ')}.`;
}
