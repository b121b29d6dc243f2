import { emptyFeatures } from '../../../functions/retention/domain/features.js';
import type { ChurnFeatures, SummaryMonth } from '../../../functions/retention/domain/model.js';

/** 10:00 on Friday 4 December 2026 in Beijing. */
export const NOW = new Date('2026-12-04T02:00:00.000Z');
const DAY = 86_400_000;

/** An instant `days` whole days before NOW (the same time of day, so the same CST day offset). */
export const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();
/** The CST day (`YYYY-MM-DD`) `days` days before NOW's (NOW is 10:00 CST, 02:00Z: the same date). */
export const dayAgo = (days: number) => daysAgo(days).slice(0, 10);

/** The complete CST months before NOW's month (December 2026), newest first: k = 1 is November. */
export const MONTHS_BEFORE_NOW = ['2026-11', '2026-10', '2026-09', '2026-08', '2026-07', '2026-06'] as const;

/** A summary month; `aum` 100000 and no outflows unless given. */
export const month = (key: string, values: Partial<Omit<SummaryMonth, 'month'>> = {}): SummaryMonth => ({
  month: key,
  transactions: values.transactions ?? 10,
  aum: values.aum === undefined ? 100_000 : values.aum,
  outflows: values.outflows ?? 0,
});

/** Six steady months before NOW, with `overrides` by k (1 = the last complete month). */
export function steadyMonths(overrides: Readonly<Record<number, Partial<Omit<SummaryMonth, 'month'>>>> = {}) {
  return MONTHS_BEFORE_NOW.map((key, i) => month(key, overrides[i + 1] ?? {}));
}

/** A registered, active customer a year old, who transacted yesterday, with steady months. */
export function activeCustomer(overrides: Partial<ChurnFeatures> = {}): ChurnFeatures {
  return {
    ...emptyFeatures('cus_1', 'BJ01'),
    rmId: 'rm-7',
    registeredAt: daysAgo(365),
    profileVersion: 1,
    activity: { lastTransactionDay: dayAgo(1), months: steadyMonths(), currency: 'CNY', at: daysAgo(1) },
    ...overrides,
  };
}
