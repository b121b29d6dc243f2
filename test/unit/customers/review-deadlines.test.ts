import { describe, expect, it } from 'vitest';
import { DEFAULT_CUSTOMER_POLICIES } from '../../../functions/customers/domain/policies.js';
import {
  countReviewDeadlines,
  isProvisionalFor,
  recountReviewDeadlines,
  sameDeadlines,
} from '../../../functions/customers/domain/review-deadlines.js';
import { WorkingDayCalendar } from '../../../shared/time/calendar.js';
import type { CalendarYear } from '../../../shared/time/calendar-year.js';
import { builtInYears } from '../../../shared/time/calendars/built-in.js';

/** 2027 shaped like a real notice (dates illustrative). */
const y2027: CalendarYear = {
  holidays: [
    { name: "New Year's Day", from: '2027-01-01', to: '2027-01-03' },
    { name: '春节', from: '2027-02-06', to: '2027-02-13' },
  ],
  makeUpWorkingDays: ['2027-02-20'],
};

const quiet = { onMissingYear: () => undefined };
const without2027 = new WorkingDayCalendar(builtInYears, quiet);
const with2027 = WorkingDayCalendar.withYears(builtInYears, new Map([[2027, y2027]]), quiet);
const days = DEFAULT_CUSTOMER_POLICIES;

describe('review deadlines over a year without calendar data', () => {
  it('are final within a year the calendar knows', () => {
    // Act: a scan on Thursday 2026-09-03 (the e2e test's dates).
    const deadlines = countReviewDeadlines(without2027, new Date('2026-09-03T01:00:00.000Z'), days);

    // Assess
    expect(deadlines).toEqual({
      rmDeadline: '2026-09-17T15:59:59.999Z',
      supervisorDeadline: '2026-09-23T15:59:59.999Z',
      rmDeadlineProvisional: false,
      supervisorDeadlineProvisional: false,
      missingCalendarYears: [],
    });
  });

  it('are provisional when a counted day falls in the week before a year without data, or in it', () => {
    // Act: opened Monday 2026-12-14: the RM's 10th working day is Monday 12-28.
    const deadlines = countReviewDeadlines(without2027, new Date('2026-12-14T01:00:00.000Z'), days);

    // Assess: 2027-01-01 counted as a working day, for lack of 2027.
    expect(deadlines).toEqual({
      rmDeadline: '2026-12-28T15:59:59.999Z',
      supervisorDeadline: '2027-01-04T15:59:59.999Z',
      rmDeadlineProvisional: true,
      supervisorDeadlineProvisional: true,
      missingCalendarYears: [2027],
    });
    expect(isProvisionalFor(deadlines, 2027)).toBe(true);
    expect(isProvisionalFor(deadlines, 2028)).toBe(false);
  });

  it('flags the supervisor deadline provisional when only it runs into the missing year', () => {
    // Act: opened Thursday 2026-12-10: the RM's 10th working day is 12-24, before the last week.
    const deadlines = countReviewDeadlines(without2027, new Date('2026-12-10T01:00:00.000Z'), days);

    // Assess
    expect(deadlines).toMatchObject({
      rmDeadline: '2026-12-24T15:59:59.999Z',
      rmDeadlineProvisional: false,
      supervisorDeadline: '2026-12-31T15:59:59.999Z',
      supervisorDeadlineProvisional: true,
      missingCalendarYears: [2027],
    });
  });

  it('are counted again from the opening at the RM’s step once the year is loaded, and final', () => {
    // Prepare
    const createdAt = '2026-12-14T01:00:00.000Z';
    const provisional = countReviewDeadlines(without2027, new Date(createdAt), days);

    // Act
    const recounted = recountReviewDeadlines({ ...provisional, stage: 'rm', createdAt }, with2027, days);

    // Assess: the RM's day is unchanged, the supervisor's skips New Year (01-01 to 01-03).
    expect(recounted).toEqual({
      rmDeadline: '2026-12-28T15:59:59.999Z',
      supervisorDeadline: '2027-01-05T15:59:59.999Z',
      rmDeadlineProvisional: false,
      supervisorDeadlineProvisional: false,
      missingCalendarYears: [],
    });
    expect(sameDeadlines(recounted, provisional)).toBe(false);
    // Counting again changes nothing more: the recount is idempotent.
    expect(
      sameDeadlines(
        recountReviewDeadlines({ ...recounted, stage: 'rm', createdAt }, with2027, days),
        recounted,
      ),
    ).toBe(true);
  });

  it('keep the RM deadline the review was escalated at, and count the supervisor’s from it', () => {
    // Prepare: escalated at a provisional RM deadline.
    const createdAt = '2026-12-14T01:00:00.000Z';
    const provisional = countReviewDeadlines(without2027, new Date(createdAt), days);

    // Act
    const recounted = recountReviewDeadlines(
      { ...provisional, stage: 'supervisor', createdAt },
      with2027,
      days,
    );

    // Assess
    expect(recounted).toEqual({
      rmDeadline: provisional.rmDeadline,
      rmDeadlineProvisional: true,
      supervisorDeadline: '2027-01-05T15:59:59.999Z',
      supervisorDeadlineProvisional: false,
      missingCalendarYears: [],
    });
  });
});
