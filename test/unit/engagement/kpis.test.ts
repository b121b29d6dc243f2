import { describe, expect, it } from 'vitest';
import {
  coverageShortfall,
  kpiReport,
  percentOf,
  sumBuckets,
} from '../../../functions/engagement/domain/kpis.js';

describe('KPI formulas', () => {
  it('computes CSAT %, mean CSAT, NPS, response rate, coverage and opt-outs from summed buckets', () => {
    const totals = sumBuckets([
      { csatAnswers: 6, csatSum: 24, csatTopTwo: 5, npsAnswers: 5, npsPromoters: 3, npsDetractors: 1 },
      { csatAnswers: 4, csatSum: 14, csatTopTwo: 3, npsAnswers: 5, npsPromoters: 2, npsDetractors: 2 },
      { surveysDelivered: 20, surveysAnswered: 10, complaintsClosed: 10, complaintVisitsCompleted: 9 },
      { marketingSent: 40, optOuts: 1, 'sent:sms': 30, 'sent:email': 10, 'deferred:quiet-hours': 4 },
    ]);

    const report = kpiReport(totals, 90);

    // 8 of 10 answers gave 4 or 5 (target 85 %): below target; mean 38 / 10.
    expect(report.csat).toEqual({
      answers: 10,
      topTwo: 8,
      mean: 3.8,
      percent: 80,
      targetPercent: 85,
      meetsTarget: false,
    });
    // 5 promoters and 3 detractors of 10: 50 % − 30 %.
    expect(report.nps).toEqual({ answers: 10, promoters: 5, detractors: 3, score: 20 });
    expect(report.responseRate).toEqual({
      delivered: 20,
      answered: 10,
      percent: 50,
      targetPercent: 95,
      meetsTarget: false,
    });
    expect(report.returnVisitCoverage).toEqual({
      complaintsClosed: 10,
      visitsCompleted: 9,
      percent: 90,
      targetPercent: 90,
      meetsTarget: true,
    });
    expect(report.optOutRate).toEqual({ optOuts: 1, marketingSent: 40, percent: 2.5 });
    expect(report.contacts).toEqual({
      sent: { sms: 30, email: 10, 'app-push': 0 },
      deferred: { 'quiet-hours': 4 },
      refused: {},
      dropped: {},
    });
  });

  it('answers null, not 0 % or 100 %, for every rate without a denominator', () => {
    const report = kpiReport(sumBuckets([]), 90);

    expect(report.csat.percent).toBeNull();
    expect(report.csat.mean).toBeNull();
    expect(report.csat.meetsTarget).toBeNull();
    expect(report.nps.score).toBeNull();
    expect(report.responseRate.percent).toBeNull();
    expect(report.returnVisitCoverage.percent).toBeNull();
    expect(report.optOutRate.percent).toBeNull();
    expect(percentOf(0, 0)).toBeNull();
    expect(percentOf(0, 3)).toBe(0);
  });

  it('rounds once: a third is 33.3 %, and NPS from the exact counts', () => {
    expect(percentOf(1, 3)).toBe(33.3);
    // 2 promoters, 1 detractor of 3: 33.3 %, not 66.7 − 33.3 = 33.4.
    expect(kpiReport(sumBuckets([{ npsAnswers: 3, npsPromoters: 2, npsDetractors: 1 }]), 90).nps.score).toBe(
      33.3,
    );
  });

  it('reports the coverage shortfall below the target, and none without closed complaints', () => {
    expect(coverageShortfall(82.5, 90)).toBe(7.5);
    expect(coverageShortfall(95, 90)).toBe(0);
    expect(coverageShortfall(null, 90)).toBe(0);
  });
});
