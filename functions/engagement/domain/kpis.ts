import { CONTACT_RULES } from '../events.js';
import { KPI_COUNTERS, type KpiCounter } from '../store/kpi-counters.js';
import type { ContactRule, DeliveryChannel } from './model.js';

/**
 * The satisfaction KPIs (docs/domain-rules.md §18.7), from the counters summed over a range of
 * daily buckets. Pure. A rate whose denominator is 0 is `null` (nothing to measure), never 0 %
 * or 100 %. Percentages have one decimal, the mean CSAT two.
 */

/** CSAT % (answers of 4–5 over all answers) the bank aims at. */
export const CSAT_TARGET_PERCENT = 85;
/** Survey response rate (answered over delivered) the bank aims at. */
export const RESPONSE_RATE_TARGET_PERCENT = 95;

/** Every counter summed over the buckets of a range (an absent counter is 0). */
export type KpiTotals = Readonly<Partial<Record<KpiCounter, number>>>;

/** The sum of bucket counters; attributes of a bucket that are not counters are ignored. */
export function sumBuckets(buckets: readonly Readonly<Partial<Record<string, number>>>[]): KpiTotals {
  const totals: Partial<Record<KpiCounter, number>> = {};
  for (const bucket of buckets) {
    for (const counter of KPI_COUNTERS) {
      const value = bucket[counter];
      if (value !== undefined) totals[counter] = (totals[counter] ?? 0) + value;
    }
  }
  return totals;
}

const round = (value: number, decimals: number): number => {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};

/** `part` over `whole` in percent with one decimal; null when `whole` is 0. */
export function percentOf(part: number, whole: number): number | null {
  return whole === 0 ? null : round((part / whole) * 100, 1);
}

export interface RateWithTarget {
  readonly percent: number | null;
  readonly targetPercent: number;
  /** Null when there is nothing to measure. */
  readonly meetsTarget: boolean | null;
}

function withTarget(percent: number | null, targetPercent: number): RateWithTarget {
  return { percent, targetPercent, meetsTarget: percent === null ? null : percent >= targetPercent };
}

export interface KpiReport {
  readonly csat: RateWithTarget & {
    readonly answers: number;
    readonly topTwo: number;
    readonly mean: number | null;
  };
  readonly nps: {
    readonly answers: number;
    readonly promoters: number;
    readonly detractors: number;
    /** % promoters − % detractors, −100 to 100; null without answers. */
    readonly score: number | null;
  };
  readonly responseRate: RateWithTarget & { readonly delivered: number; readonly answered: number };
  readonly returnVisitCoverage: RateWithTarget & {
    readonly complaintsClosed: number;
    readonly visitsCompleted: number;
  };
  readonly contacts: {
    readonly sent: Readonly<Record<DeliveryChannel, number>>;
    readonly deferred: Readonly<Partial<Record<ContactRule, number>>>;
    readonly refused: Readonly<Partial<Record<ContactRule, number>>>;
    readonly dropped: Readonly<Partial<Record<ContactRule, number>>>;
  };
  readonly optOutRate: {
    readonly optOuts: number;
    readonly marketingSent: number;
    readonly percent: number | null;
  };
}

/** The rules with a count above 0 (a report lists what happened, not every rule). */
function byRule(totals: KpiTotals, outcome: 'deferred' | 'refused' | 'dropped') {
  const counts: Partial<Record<ContactRule, number>> = {};
  for (const rule of CONTACT_RULES) {
    const value = totals[`${outcome}:${rule}`] ?? 0;
    if (value > 0) counts[rule] = value;
  }
  return counts;
}

/**
 * The KPIs of summed counters: CSAT % against 85 %, the mean CSAT, NPS, the survey response rate
 * against 95 %, return-visit coverage against the configured target (90 % by default), contacts
 * by outcome, rule and channel, and the opt-out rate (marketing consents withdrawn over
 * marketing contacts sent).
 */
export function kpiReport(summed: KpiTotals, coverageTargetPercent: number): KpiReport {
  const totals = allCounters(summed);
  const npsPromoters = percentOf(totals.npsPromoters, totals.npsAnswers);
  const npsDetractors = percentOf(totals.npsDetractors, totals.npsAnswers);
  return {
    csat: {
      answers: totals.csatAnswers,
      topTwo: totals.csatTopTwo,
      mean: totals.csatAnswers === 0 ? null : round(totals.csatSum / totals.csatAnswers, 2),
      ...withTarget(percentOf(totals.csatTopTwo, totals.csatAnswers), CSAT_TARGET_PERCENT),
    },
    nps: {
      answers: totals.npsAnswers,
      promoters: totals.npsPromoters,
      detractors: totals.npsDetractors,
      // From the exact counts, then rounded once (not the difference of two rounded figures).
      score:
        npsPromoters === null || npsDetractors === null
          ? null
          : round(((totals.npsPromoters - totals.npsDetractors) / totals.npsAnswers) * 100, 1),
    },
    responseRate: {
      delivered: totals.surveysDelivered,
      answered: totals.surveysAnswered,
      ...withTarget(percentOf(totals.surveysAnswered, totals.surveysDelivered), RESPONSE_RATE_TARGET_PERCENT),
    },
    returnVisitCoverage: {
      complaintsClosed: totals.complaintsClosed,
      visitsCompleted: totals.complaintVisitsCompleted,
      ...withTarget(coverageOf(summed), coverageTargetPercent),
    },
    contacts: {
      sent: { sms: totals['sent:sms'], email: totals['sent:email'], 'app-push': totals['sent:app-push'] },
      deferred: byRule(summed, 'deferred'),
      refused: byRule(summed, 'refused'),
      dropped: byRule(summed, 'dropped'),
    },
    optOutRate: {
      optOuts: totals.optOuts,
      marketingSent: totals.marketingSent,
      percent: percentOf(totals.optOuts, totals.marketingSent),
    },
  };
}

/** The counters a report reads, absent ones as 0. */
function allCounters(totals: KpiTotals) {
  const count = (counter: KpiCounter) => totals[counter] ?? 0;
  return {
    surveysDelivered: count('surveysDelivered'),
    surveysAnswered: count('surveysAnswered'),
    csatAnswers: count('csatAnswers'),
    csatSum: count('csatSum'),
    csatTopTwo: count('csatTopTwo'),
    npsAnswers: count('npsAnswers'),
    npsPromoters: count('npsPromoters'),
    npsDetractors: count('npsDetractors'),
    complaintsClosed: count('complaintsClosed'),
    complaintVisitsCompleted: count('complaintVisitsCompleted'),
    marketingSent: count('marketingSent'),
    optOuts: count('optOuts'),
    'sent:sms': count('sent:sms'),
    'sent:email': count('sent:email'),
    'sent:app-push': count('sent:app-push'),
  };
}

/** Return-visit coverage in percent: complaint visits completed over complaints closed. */
export function coverageOf(totals: KpiTotals): number | null {
  return percentOf(totals.complaintVisitsCompleted ?? 0, totals.complaintsClosed ?? 0);
}

/**
 * Percentage points by which coverage falls below the target (the alarmed gauge); 0 when it
 * meets it or when no complaint was closed (nothing to cover is no shortfall).
 */
export function coverageShortfall(coverage: number | null, targetPercent: number): number {
  return coverage === null ? 0 : round(Math.max(0, targetPercent - coverage), 1);
}
