import { describe, expect, it } from 'vitest';
import { completeMonthBefore, monthBefore } from '../../../functions/retention/domain/civil-time.js';
import { DEFAULT_CHURN_MODEL } from '../../../functions/retention/domain/default-model.js';
import type { ChurnFeatures, ChurnSignal, SummaryMonth } from '../../../functions/retention/domain/model.js';
import { signalsOf } from '../../../functions/retention/domain/signals.js';
import { activeCustomer, dayAgo, daysAgo, month, NOW, steadyMonths } from './scoring-fixtures.js';

const THRESHOLDS = DEFAULT_CHURN_MODEL.signals;
const signal = (name: ChurnSignal, features: ChurnFeatures, now = NOW) =>
  signalsOf(features, THRESHOLDS, now)[name];
const withMonths = (months: readonly SummaryMonth[]) =>
  activeCustomer({ activity: { lastTransactionDay: dayAgo(1), months, currency: 'CNY', at: daysAgo(1) } });

describe('signalsOf', () => {
  it('has every signal off for an active customer with steady months', () => {
    const signals = signalsOf(activeCustomer(), THRESHOLDS, NOW);
    expect(Object.values(signals).every((on) => !on)).toBe(true);
  });

  describe('inactive: 180 CST days without a successful transaction', () => {
    const lastTransaction = (days: number) =>
      activeCustomer({
        activity: {
          lastTransactionDay: dayAgo(days),
          months: steadyMonths(),
          currency: 'CNY',
          at: daysAgo(1),
        },
      });
    it.each([
      [179, false],
      [180, true],
      [181, true],
    ])('%i days after the last transaction: %s', (days, on) => {
      expect(signal('inactive', lastTransaction(days))).toBe(on);
    });

    it('counts a customer who never transacted from registration (no summary)', () => {
      expect(signal('inactive', activeCustomer({ activity: undefined, registeredAt: daysAgo(179) }))).toBe(
        false,
      );
      expect(signal('inactive', activeCustomer({ activity: undefined, registeredAt: daysAgo(180) }))).toBe(
        true,
      );
    });

    it('counts from registration when the summary has no transaction day', () => {
      const never = (days: number) =>
        activeCustomer({
          registeredAt: daysAgo(days),
          activity: { lastTransactionDay: null, months: [], currency: 'CNY', at: daysAgo(1) },
        });
      expect(signal('inactive', never(179))).toBe(false);
      expect(signal('inactive', never(180))).toBe(true);
    });

    it('counts registration days in CST: 16:00Z is already the next day in Beijing', () => {
      // NOW is 2026-12-04 in Beijing; 180 CST days before it is 2026-06-07.
      const midnightBeijing = activeCustomer({
        activity: undefined,
        registeredAt: '2026-06-06T16:00:00.000Z',
      });
      const lastMoment = activeCustomer({ activity: undefined, registeredAt: '2026-06-07T15:59:59.999Z' });
      const nextDay = activeCustomer({ activity: undefined, registeredAt: '2026-06-07T16:00:00.000Z' });
      expect(signal('inactive', midnightBeijing)).toBe(true); // 2026-06-07 00:00 CST: 180 days
      expect(signal('inactive', lastMoment)).toBe(true); // 2026-06-07 23:59 CST: 180 days
      expect(signal('inactive', nextDay)).toBe(false); // 2026-06-08 00:00 CST: 179 days
    });

    it('is off without a transaction day and without a registration', () => {
      expect(signal('inactive', activeCustomer({ activity: undefined, registeredAt: undefined }))).toBe(
        false,
      );
    });
  });

  describe('aum-drop: the last complete month 30 % or more below 3 months earlier', () => {
    it.each([
      [701, false], // 29.9 %
      [700, true], // 30 %
      [699, true],
    ])('last month %i against 1000: %s', (last, on) => {
      expect(signal('aum-drop', withMonths(steadyMonths({ 1: { aum: last }, 4: { aum: 1000 } })))).toBe(on);
    });

    it('is off when either month has no balance snapshot or is not in the summary', () => {
      expect(signal('aum-drop', withMonths(steadyMonths({ 1: { aum: null }, 4: { aum: 1000 } })))).toBe(
        false,
      );
      expect(signal('aum-drop', withMonths(steadyMonths({ 1: { aum: 0 }, 4: { aum: null } })))).toBe(false);
      expect(signal('aum-drop', withMonths(steadyMonths({ 1: { aum: 0 } }).slice(0, 3)))).toBe(false);
      expect(signal('aum-drop', activeCustomer({ activity: undefined }))).toBe(false);
    });

    it('reads the months as complete CST months before now: month ends in Beijing', () => {
      const summary = [
        month('2026-02', { aum: 700 }),
        month('2026-01', { aum: 800 }),
        month('2025-12'),
        month('2025-11', { aum: 1000 }),
        month('2025-10', { aum: 1000 }),
      ];
      const features = withMonths(summary);
      // 1 March 00:00 in Beijing: February is complete, compared with November.
      expect(signal('aum-drop', features, new Date('2026-02-28T16:00:00.000Z'))).toBe(true);
      // 28 February 23:59:59.999 in Beijing: January is the last complete month, against October.
      expect(signal('aum-drop', features, new Date('2026-02-28T15:59:59.999Z'))).toBe(false);
    });
  });

  describe('the months of a summary not yet moved after the turn of a month', () => {
    // The activity summary's months move with the activity grading after midnight on the 1st.
    const summary = [
      month('2026-10', { aum: 700 }),
      month('2026-09'),
      month('2026-08'),
      month('2026-07', { aum: 1000 }),
    ];
    it('reads a summary one month behind as it is: October against July', () => {
      expect(signal('aum-drop', withMonths(summary))).toBe(true);
    });
    it('reads a summary two months behind as missing', () => {
      expect(signal('aum-drop', withMonths(summary), new Date('2027-01-01T02:00:00.000Z'))).toBe(false);
    });
    it('never reads a month that is not complete yet', () => {
      const withCurrent = [
        month('2026-12', { aum: 1 }),
        ...steadyMonths({ 1: { aum: 700 }, 4: { aum: 1000 } }),
      ];
      expect(signal('aum-drop', withMonths(withCurrent))).toBe(true);
    });
  });

  describe('frequency-drop: the last 3 complete months 50 % or more below the 3 before', () => {
    const transactions = (recent: number, prior: number) =>
      withMonths(
        steadyMonths({
          1: { transactions: recent },
          2: { transactions: 0 },
          3: { transactions: 0 },
          4: { transactions: prior },
          5: { transactions: 0 },
          6: { transactions: 0 },
        }),
      );
    it.each([
      [51, false], // 49 %
      [50, true], // 50 %
      [49, true],
    ])('%i transactions against 100: %s', (recent, prior) => {
      expect(signal('frequency-drop', transactions(recent, 100))).toBe(prior);
    });

    it('needs the minimum of prior transactions and all six months', () => {
      expect(signal('frequency-drop', transactions(0, 2))).toBe(false);
      expect(signal('frequency-drop', transactions(0, 3))).toBe(true);
      expect(signal('frequency-drop', withMonths(steadyMonths({ 1: { transactions: 0 } }).slice(0, 5)))).toBe(
        false,
      );
    });
  });

  describe('large-outflow: transfers out over 3 months reach 20 % of the AUM before them', () => {
    it.each([
      [1999, false],
      [2000, true],
      [2001, true],
    ])('%i out of 10000: %s', (out, on) => {
      const months = steadyMonths({ 1: { outflows: out - 1000 }, 3: { outflows: 1000 }, 4: { aum: 10_000 } });
      expect(signal('large-outflow', withMonths(months))).toBe(on);
    });

    it('is off without the AUM before the window', () => {
      expect(
        signal('large-outflow', withMonths(steadyMonths({ 1: { outflows: 50_000 }, 4: { aum: null } }))),
      ).toBe(false);
    });
  });

  describe('complaint-open: open, or closed within 90 days', () => {
    it('is on while a complaint is open', () => {
      expect(signal('complaint-open', activeCustomer({ complaints: { open: ['cmp_1'] } }))).toBe(true);
    });
    it.each([
      [90, true],
      [91, false],
    ])('closed %i days ago: %s', (days, on) => {
      expect(
        signal('complaint-open', activeCustomer({ complaints: { open: [], lastClosedAt: daysAgo(days) } })),
      ).toBe(on);
    });
  });

  describe('complaint-breached: a deadline breached within 180 days', () => {
    it.each([
      [0, true],
      [180, true],
      [181, false],
    ])('breached %i days ago: %s', (days, on) => {
      expect(
        signal(
          'complaint-breached',
          activeCustomer({ complaints: { open: [], lastBreachAt: daysAgo(days) } }),
        ),
      ).toBe(on);
    });
  });

  describe('poor-satisfaction: CSAT ≤ 2 or NPS ≤ 6 within 180 days', () => {
    const answered = (csat: number, nps: number | undefined, days = 10) =>
      activeCustomer({ survey: { csat, nps, at: daysAgo(days) } });
    it.each([
      [2, 9, true],
      [3, 9, false],
      [5, 6, true],
      [5, 7, false],
      [3, undefined, false],
    ])('CSAT %i, NPS %s: %s', (csat, nps, on) => {
      expect(signal('poor-satisfaction', answered(csat, nps))).toBe(on);
    });
    it('forgets an answer older than 180 days', () => {
      expect(signal('poor-satisfaction', answered(1, 0, 180))).toBe(true);
      expect(signal('poor-satisfaction', answered(1, 0, 181))).toBe(false);
    });
  });

  describe('maturity-not-reinvested: matured 30 to 180 days ago, nothing opened since', () => {
    it.each([
      [29, false],
      [30, true],
      [180, true],
      [181, false],
    ])('matured %i days ago: %s', (days, on) => {
      expect(
        signal('maturity-not-reinvested', activeCustomer({ holdings: { lastMaturedAt: daysAgo(days) } })),
      ).toBe(on);
    });
    it('is off when a holding was opened at or after the maturity, on when only before', () => {
      const matured = daysAgo(60);
      expect(
        signal(
          'maturity-not-reinvested',
          activeCustomer({ holdings: { lastMaturedAt: matured, lastOpenedAt: matured } }),
        ),
      ).toBe(false);
      expect(
        signal(
          'maturity-not-reinvested',
          activeCustomer({ holdings: { lastMaturedAt: matured, lastOpenedAt: daysAgo(59) } }),
        ),
      ).toBe(false);
      expect(
        signal(
          'maturity-not-reinvested',
          activeCustomer({ holdings: { lastMaturedAt: matured, lastOpenedAt: daysAgo(61) } }),
        ),
      ).toBe(true);
    });
  });

  it('contact-failing: a contact point failed and has not delivered since', () => {
    expect(signal('contact-failing', activeCustomer({ failedChannels: ['email'] }))).toBe(true);
    expect(signal('contact-failing', activeCustomer({ failedChannels: [] }))).toBe(false);
  });

  it.each([
    ['declining', true],
    ['dormant', true],
    ['mature', false],
    ['reactivated', false],
  ] as const)('lifecycle-declining: stage %s: %s', (stage, on) => {
    expect(signal('lifecycle-declining', activeCustomer({ lifecycleStage: stage }))).toBe(on);
  });

  describe('aum-falling and aum-drop-severe: 20 % and 45 % below 5 complete months earlier', () => {
    const against = (last: number | null, earlier: number | null) =>
      withMonths(steadyMonths({ 1: { aum: last }, 6: { aum: earlier } }));
    it.each([
      [801, false, false], // 19.9 %
      [800, true, false], // 20 %
      [551, true, false], // 44.9 %
      [550, true, true], // 45 %
      [549, true, true],
    ])('last month %i against 1000: falling %s, severe %s', (last, falling, severe) => {
      expect(signal('aum-falling', against(last, 1000))).toBe(falling);
      expect(signal('aum-drop-severe', against(last, 1000))).toBe(severe);
    });

    it('is off when either month has no balance snapshot or the summary lacks the earlier month', () => {
      expect(signal('aum-falling', against(null, 1000))).toBe(false);
      expect(signal('aum-drop-severe', against(0, null))).toBe(false);
      expect(signal('aum-drop-severe', withMonths(steadyMonths({ 1: { aum: 0 } }).slice(0, 5)))).toBe(false);
    });

    it('compares over its own look-back, not the 3 months of aum-drop', () => {
      // 50 % down on 3 months earlier, level with 5 months earlier: a dip, not a long fall.
      const dip = withMonths(steadyMonths({ 1: { aum: 500 }, 4: { aum: 1000 }, 6: { aum: 500 } }));
      expect(signal('aum-drop', dip)).toBe(true);
      expect(signal('aum-falling', dip)).toBe(false);
    });
  });

  describe('aum-shrinking: each of the last 4 complete months below the month before it', () => {
    /** AUM of months k = 1 … 5 (newest first). */
    const balances = (...aums: readonly (number | null)[]) =>
      withMonths(steadyMonths(Object.fromEntries(aums.map((aum, i) => [i + 1, { aum }]))));
    it.each([
      [[996, 997, 998, 999, 1000], true], // four falls in a row
      [[996, 997, 998, 1000, 1000], false], // a month level with the one before breaks the run
      [[996, 997, 998, 1001, 1000], false], // three falls only
      [[996, 997, 998, 999, null], false], // a missing snapshot breaks the run
    ] as const)('months %j: %s', (aums, on) => {
      expect(signal('aum-shrinking', balances(...aums))).toBe(on);
    });

    it('is off when the summary lacks a month of the run', () => {
      expect(signal('aum-shrinking', withMonths(steadyMonths().slice(0, 4)))).toBe(false);
    });
  });

  describe('frequency-falling: the last 3 complete months 25 % or more below the 3 before', () => {
    const transactions = (recent: number, prior: number) =>
      withMonths(
        steadyMonths({
          1: { transactions: recent },
          2: { transactions: 0 },
          3: { transactions: 0 },
          4: { transactions: prior },
          5: { transactions: 0 },
          6: { transactions: 0 },
        }),
      );
    it.each([
      [76, false, false], // 24 %
      [75, true, false], // 25 %
      [50, true, true], // 50 %: the frequency-drop tier too
    ])('%i transactions against 100: falling %s, drop %s', (recent, falling, drop) => {
      expect(signal('frequency-falling', transactions(recent, 100))).toBe(falling);
      expect(signal('frequency-drop', transactions(recent, 100))).toBe(drop);
    });

    it('needs the minimum of prior transactions', () => {
      expect(signal('frequency-falling', transactions(0, 2))).toBe(false);
      expect(signal('frequency-falling', transactions(0, 3))).toBe(true);
    });
  });

  it('uses the thresholds it is given', () => {
    const stricter = { ...THRESHOLDS, inactiveDays: 90 };
    const features = activeCustomer({
      activity: { lastTransactionDay: dayAgo(90), months: steadyMonths(), currency: 'CNY', at: daysAgo(1) },
    });
    expect(signalsOf(features, stricter, NOW).inactive).toBe(true);
    expect(signalsOf(features, THRESHOLDS, NOW).inactive).toBe(false);
  });
});

describe('monthBefore', () => {
  it('steps back across years', () => {
    expect(monthBefore('2026-01', 2)).toBe('2025-11');
    expect(monthBefore('2026-03', 0)).toBe('2026-03');
  });
});

describe('completeMonthBefore', () => {
  it.each([
    ['2026-03-31T15:59:59.999Z', 1, '2026-02'], // 31 March 23:59 CST
    ['2026-03-31T16:00:00.000Z', 1, '2026-03'], // 1 April 00:00 CST
    ['2026-01-15T00:00:00.000Z', 1, '2025-12'],
    ['2026-01-15T00:00:00.000Z', 4, '2025-09'],
    ['2024-03-01T00:00:00.000Z', 1, '2024-02'],
  ])('%s, %i month(s) back: %s', (now, k, expected) => {
    expect(completeMonthBefore(new Date(now), k)).toBe(expected);
  });
});
