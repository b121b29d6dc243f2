import { describe, expect, it } from 'vitest';
import {
  demoRetentionCustomers,
  RETENTION_DEMO_BRANCH,
  RETENTION_DEMO_STAGES,
} from '../../../infra/local/demo-retention.js';
import { isValidMobile, isValidPrcId } from '../../../shared/identity/index.js';
import { cstDayOf, isoDateOfDay } from '../../../shared/time/civil-day.js';

const DAY = 86_400_000;

describe('the demo retention customers', () => {
  // A Monday in December, and the first of a month (the shortest distance six months back).
  const nows = [new Date('2026-12-07T02:00:00.000Z'), new Date('2027-03-01T01:00:00.000Z')];

  it('gives every case stage a customer of its own in the dev RM’s branch, with a valid identity', () => {
    for (const now of nows) {
      const plan = demoRetentionCustomers(now);
      expect(plan.map((customer) => customer.stage)).toEqual([...RETENTION_DEMO_STAGES]);
      const ids = plan.map((customer) => String(customer.registration.idNumber));
      expect(ids.every((id) => isValidPrcId(id, now))).toBe(true);
      expect(new Set(ids).size).toBe(plan.length);
      expect(plan.every((customer) => isValidMobile(String(customer.registration.mobile)))).toBe(true);
      expect(plan.every((customer) => customer.registration.branch === RETENTION_DEMO_BRANCH)).toBe(true);
    }
  });

  it('makes quiet customers: four deposits on the first day of the month six back, 180 days ago at least', () => {
    for (const now of nows) {
      for (const customer of demoRetentionCustomers(now).filter((c) => c.profile === 'quiet')) {
        expect(customer.deposits).toHaveLength(4);
        const days = new Set(customer.deposits.map((at) => isoDateOfDay(cstDayOf(new Date(at)))));
        expect(days.size).toBe(1);
        const [day = ''] = [...days];
        // The first of the CST month six months before now's month.
        const month = new Date(now.getTime() + 8 * 3_600_000);
        month.setUTCDate(1);
        month.setUTCMonth(month.getUTCMonth() - 6);
        expect(day).toBe(month.toISOString().slice(0, 10));
        expect(cstDayOf(now) - cstDayOf(new Date(customer.deposits.at(-1) ?? ''))).toBeGreaterThanOrEqual(
          180,
        );
        // A customer before that month began: the month is a complete one of theirs.
        expect(Date.parse(String(customer.registration.onboardedAt))).toBeLessThan(
          Date.parse(customer.deposits[0] ?? '') - 31 * DAY,
        );
      }
    }
  });

  it('makes the retained customer one who never transacted, onboarded 200 days ago', () => {
    const now = nows[0] ?? new Date();
    const retained = demoRetentionCustomers(now).find((customer) => customer.stage === 'closed-retained');
    expect(retained).toMatchObject({ profile: 'never-transacted', deposits: [] });
    expect(Date.parse(String(retained?.registration.onboardedAt))).toBe(now.getTime() - 200 * DAY);
  });

  it('is the same plan for the same time', () => {
    const now = nows[0] ?? new Date();
    expect(demoRetentionCustomers(new Date(now))).toEqual(demoRetentionCustomers(now));
  });
});
