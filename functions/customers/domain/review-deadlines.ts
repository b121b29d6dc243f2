import type { WorkingDayCalendar } from '../../../shared/time/calendar.js';
import type { CustomerPolicies } from './policies.js';

/**
 * The two deadlines of a periodic information review (docs/domain-rules.md §10.2) and whether
 * each is final. A deadline counted over a year the working-day calendar has no data for (or
 * the last week of a December before such a year) took weekends only as rest days: it is
 * provisional until the year is loaded, then counted again.
 */
export interface ReviewDeadlines {
  /** End of the RM's working days, ISO 8601 UTC. */
  readonly rmDeadline: string;
  /** End of the supervisor's working days after the RM deadline. */
  readonly supervisorDeadline: string;
  readonly rmDeadlineProvisional: boolean;
  /** Also true when the RM deadline it is counted from is provisional. */
  readonly supervisorDeadlineProvisional: boolean;
  /** The years whose missing data the provisional deadlines depend on, ascending; empty when none is. */
  readonly missingCalendarYears: readonly number[];
}

/** How many working days each step of a review has. */
export type ReviewWorkingDays = Pick<CustomerPolicies, 'reviewRmWorkingDays' | 'reviewSupervisorWorkingDays'>;

/** What a recount needs to know of a review beyond its deadlines. */
export interface ReviewTimeline extends ReviewDeadlines {
  readonly stage: 'rm' | 'supervisor';
  /** When the review was opened: the RM's days count from this day (which itself never counts). */
  readonly createdAt: string;
}

function union(...lists: (readonly number[])[]): number[] {
  return [...new Set(lists.flat())].sort((a, b) => a - b);
}

/**
 * The deadlines of a review opened at `start`: the RM's working days after the start's day, the
 * supervisor's after the RM deadline's day.
 * @example countReviewDeadlines(calendar, new Date('2026-12-14T01:00:00Z'), DEFAULT_CUSTOMER_POLICIES)
 *   // without 2027 data: { rmDeadline: '2026-12-28T15:59:59.999Z', rmDeadlineProvisional: true, … }
 */
export function countReviewDeadlines(
  calendar: WorkingDayCalendar,
  start: Date,
  days: ReviewWorkingDays,
): ReviewDeadlines {
  const rm = calendar.deadline(start, days.reviewRmWorkingDays);
  const supervisor = calendar.deadline(rm.at, days.reviewSupervisorWorkingDays);
  return {
    rmDeadline: rm.at.toISOString(),
    supervisorDeadline: supervisor.at.toISOString(),
    rmDeadlineProvisional: rm.provisional,
    supervisorDeadlineProvisional: rm.provisional || supervisor.provisional,
    missingCalendarYears: union(rm.missingYears, supervisor.missingYears),
  };
}

/**
 * A waiting review's deadlines counted again with `calendar` (which now holds a newly loaded
 * year). At the RM's step both are counted again from the opening. At the supervisor's step the
 * RM deadline has passed and the review was escalated at it: that deadline is history and stays
 * as recorded (flag included), and the supervisor's days are counted from it.
 */
export function recountReviewDeadlines(
  review: ReviewTimeline,
  calendar: WorkingDayCalendar,
  days: ReviewWorkingDays,
): ReviewDeadlines {
  if (review.stage === 'rm') return countReviewDeadlines(calendar, new Date(review.createdAt), days);
  const supervisor = calendar.deadline(new Date(review.rmDeadline), days.reviewSupervisorWorkingDays);
  return {
    rmDeadline: review.rmDeadline,
    rmDeadlineProvisional: review.rmDeadlineProvisional,
    supervisorDeadline: supervisor.at.toISOString(),
    supervisorDeadlineProvisional: supervisor.provisional,
    missingCalendarYears: supervisor.missingYears,
  };
}

/**
 * Whether a review's deadlines wait for `year`: one of them was counted without its data. Such
 * a review is counted again when the year is loaded. (A deadline counted with a year's data is
 * not counted again when that year is corrected: see docs/domain-rules.md §11.)
 */
export function isProvisionalFor(review: ReviewDeadlines, year: number): boolean {
  return review.missingCalendarYears.includes(year);
}

/** Whether two counts agree on every deadline and flag. */
export function sameDeadlines(a: ReviewDeadlines, b: ReviewDeadlines): boolean {
  return (
    a.rmDeadline === b.rmDeadline &&
    a.supervisorDeadline === b.supervisorDeadline &&
    a.rmDeadlineProvisional === b.rmDeadlineProvisional &&
    a.supervisorDeadlineProvisional === b.supervisorDeadlineProvisional &&
    a.missingCalendarYears.join(',') === b.missingCalendarYears.join(',')
  );
}
