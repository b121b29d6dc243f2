import { describe, expect, it } from 'vitest';
import {
  addMonths,
  DEFAULT_CUSTOMER_POLICIES,
  nextReviewAt,
  policiesFromEnv,
  rescheduleReview,
  retentionUntil,
} from '../../../functions/customers/domain/policies.js';
import { EMPTY_RM_DIRECTORY } from '../../../functions/customers/domain/rm-directory.js';

const at = (iso: string) => new Date(iso);

describe('addMonths', () => {
  it.each([
    ['2026-08-31T10:15:00.000Z', 6, '2027-02-28T10:15:00.000Z'],
    ['2027-08-31T00:00:00.000Z', 6, '2028-02-29T00:00:00.000Z'],
    ['2026-01-31T00:00:00.000Z', 1, '2026-02-28T00:00:00.000Z'],
    ['2026-03-31T23:59:59.000Z', 3, '2026-06-30T23:59:59.000Z'],
    ['2026-11-15T08:00:00.000Z', 3, '2027-02-15T08:00:00.000Z'],
    ['2026-05-20T08:00:00.000Z', 12, '2027-05-20T08:00:00.000Z'],
  ])('%s + %i months = %s (clamped to the month’s last day)', (from, months, expected) => {
    expect(addMonths(at(from), months).toISOString()).toBe(expected);
  });

  it('does not change the date it is given', () => {
    const from = at('2026-08-31T00:00:00.000Z');

    addMonths(from, 6);

    expect(from.toISOString()).toBe('2026-08-31T00:00:00.000Z');
  });
});

describe('nextReviewAt', () => {
  const from = at('2026-08-31T09:00:00.000Z');

  it('is 6 months away for a compliant customer', () => {
    expect(nextReviewAt(from, 'compliant', DEFAULT_CUSTOMER_POLICIES).toISOString()).toBe(
      '2027-02-28T09:00:00.000Z',
    );
  });

  it.each(['watch', 'risk'] as const)('is 3 months away for compliance status %s', (status) => {
    expect(nextReviewAt(from, status, DEFAULT_CUSTOMER_POLICIES).toISOString()).toBe(
      '2026-11-30T09:00:00.000Z',
    );
  });

  it('follows configured cadences', () => {
    const policies = { ...DEFAULT_CUSTOMER_POLICIES, reviewMonthsStandard: 12, reviewMonthsWatch: 1 };

    expect(nextReviewAt(from, 'compliant', policies).toISOString()).toBe('2027-08-31T09:00:00.000Z');
    expect(nextReviewAt(from, 'risk', policies).toISOString()).toBe('2026-09-30T09:00:00.000Z');
  });
});

describe('rescheduleReview', () => {
  const policies = DEFAULT_CUSTOMER_POLICIES;

  it('shortens the period to 3 months from its start when a compliant customer is put on watch', () => {
    // The period began on 2026-03-10 (6 months before 2026-09-10); on watch it ends 3 months after that.
    const next = rescheduleReview(
      at('2026-09-10T01:00:00.000Z'),
      'compliant',
      'watch',
      at('2026-04-01T00:00:00.000Z'),
      policies,
    );

    expect(next.toISOString()).toBe('2026-06-10T01:00:00.000Z');
  });

  it('makes the review due now when the shorter period has already run out', () => {
    const now = at('2026-08-01T00:00:00.000Z');

    const next = rescheduleReview(at('2026-09-10T01:00:00.000Z'), 'compliant', 'risk', now, policies);

    expect(next.toISOString()).toBe(now.toISOString());
  });

  it('lengthens the period to 6 months from its start when a watched customer is cleared', () => {
    const next = rescheduleReview(
      at('2026-06-10T01:00:00.000Z'),
      'watch',
      'compliant',
      at('2026-04-01T00:00:00.000Z'),
      policies,
    );

    expect(next.toISOString()).toBe('2026-09-10T01:00:00.000Z');
  });

  it('keeps the date when the cadence does not change (watch to risk), even if it is past', () => {
    const current = at('2026-06-10T01:00:00.000Z');

    const next = rescheduleReview(current, 'watch', 'risk', at('2026-07-01T00:00:00.000Z'), policies);

    expect(next.toISOString()).toBe(current.toISOString());
  });

  it('follows configured cadences', () => {
    const configured = { ...policies, reviewMonthsStandard: 12, reviewMonthsWatch: 1 };

    const next = rescheduleReview(
      at('2027-03-10T00:00:00.000Z'),
      'compliant',
      'watch',
      at('2026-03-20T00:00:00.000Z'),
      configured,
    );

    expect(next.toISOString()).toBe('2026-04-10T00:00:00.000Z');
  });
});

describe('retentionUntil', () => {
  it('is 10 years after the relationship ended by default', () => {
    expect(retentionUntil(at('2026-04-15T12:00:00.000Z'), DEFAULT_CUSTOMER_POLICIES).toISOString()).toBe(
      '2036-04-15T12:00:00.000Z',
    );
  });

  it('clamps 29 February to the 28th in a common year', () => {
    expect(retentionUntil(at('2028-02-29T00:00:00.000Z'), DEFAULT_CUSTOMER_POLICIES).toISOString()).toBe(
      '2038-02-28T00:00:00.000Z',
    );
  });

  it('follows a configured retention period', () => {
    const policies = { ...DEFAULT_CUSTOMER_POLICIES, retentionYearsAfterRelationship: 15 };

    expect(retentionUntil(at('2026-04-15T00:00:00.000Z'), policies).toISOString()).toBe(
      '2041-04-15T00:00:00.000Z',
    );
  });
});

describe('policiesFromEnv', () => {
  it('gives the defaults of docs/domain-rules.md §1 when nothing is configured', () => {
    expect(policiesFromEnv({})).toEqual({
      retentionYearsAfterRelationship: 10,
      reviewMonthsWatch: 3,
      reviewMonthsStandard: 6,
      reviewRmWorkingDays: 10,
      reviewSupervisorWorkingDays: 5,
      agentSearchGrantHours: 8,
      searchesPerWindow: 20,
      searchWindowMinutes: 5,
      searchLockoutMinutes: 30,
      rmDirectory: EMPTY_RM_DIRECTORY,
      seniorAge: 65,
    });
  });

  it('applies every override', () => {
    expect(
      policiesFromEnv({
        RETENTION_YEARS_AFTER_RELATIONSHIP: '12',
        REVIEW_MONTHS_WATCH: '2',
        REVIEW_MONTHS_STANDARD: '4',
        REVIEW_RM_WORKING_DAYS: '7',
        REVIEW_SUPERVISOR_WORKING_DAYS: '3',
        AGENT_SEARCH_GRANT_HOURS: '1',
        SEARCHES_PER_WINDOW: '50',
        SEARCH_WINDOW_MINUTES: '10',
        SEARCH_LOCKOUT_MINUTES: '60',
        SENIOR_AGE: '60',
      }),
    ).toMatchObject({
      retentionYearsAfterRelationship: 12,
      reviewMonthsWatch: 2,
      reviewMonthsStandard: 4,
      reviewRmWorkingDays: 7,
      reviewSupervisorWorkingDays: 3,
      agentSearchGrantHours: 1,
      searchesPerWindow: 50,
      searchWindowMinutes: 10,
      searchLockoutMinutes: 60,
      seniorAge: 60,
    });
  });

  it('takes a senior age from 50 to 100 and refuses one outside, naming the setting', () => {
    expect(policiesFromEnv({ SENIOR_AGE: '50' }).seniorAge).toBe(50);
    expect(policiesFromEnv({ SENIOR_AGE: '100' }).seniorAge).toBe(100);
    for (const value of ['49', '101', '0', 'sixty']) {
      expect(() => policiesFromEnv({ SENIOR_AGE: value })).toThrow(/SENIOR_AGE/);
    }
  });

  it('treats an empty value as not configured', () => {
    expect(policiesFromEnv({ REVIEW_MONTHS_STANDARD: '' }).reviewMonthsStandard).toBe(6);
  });

  it.each(['0', '-1', '1.5', 'ten', '12abc', 'NaN', 'Infinity'])(
    'refuses %j and names the setting',
    (value) => {
      expect(() => policiesFromEnv({ RETENTION_YEARS_AFTER_RELATIONSHIP: value })).toThrow(
        /RETENTION_YEARS_AFTER_RELATIONSHIP/,
      );
      expect(() => policiesFromEnv({ AGENT_SEARCH_GRANT_HOURS: value })).toThrow(/AGENT_SEARCH_GRANT_HOURS/);
      expect(() => policiesFromEnv({ SEARCHES_PER_WINDOW: value })).toThrow(/SEARCHES_PER_WINDOW/);
      expect(() => policiesFromEnv({ SEARCH_LOCKOUT_MINUTES: value })).toThrow(/SEARCH_LOCKOUT_MINUTES/);
    },
  );
});
