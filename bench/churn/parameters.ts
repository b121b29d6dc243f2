/**
 * The synthetic churn process behind `npm run evaluate` (docs/domain-rules.md §20.10). The
 * scorer never reads any of this: it sees only the events the generator emits, folded through
 * the product's own reducer. Every figure is monthly unless it says otherwise, and was fixed
 * before the first evaluation was run; they are plausible for a Chinese retail bank's
 * portfolio, not fitted to anything.
 *
 * The ground truth is a hidden propensity `h` per customer (log-odds scale); its logistic
 * σ(h) is the customer's disengagement `d` (0 loyal … 1 gone in all but name).
 *
 * - Population. AUM log-normal around a 60,000 CNY median (log sd 1.3: a few millionaires,
 *   many small savers); 6 successful transactions a month at the median (log sd 0.8); 10 % are
 *   "sleepers" who transact about once a year but are not leaving (a salary account
 *   elsewhere, a savings deposit left alone): loyal customers a 180-day rule flags anyway.
 *   8 % are new customers who join during the simulation.
 * - Propensity. Starts at N(−3.2, 0.7) (sleepers +0.5), pulled back 10 % a month towards the
 *   customer's own starting point, with N(0, 0.3) noise. Drifts: 1.4 % of the customers a
 *   month start drifting away (a competitor's offer, a move, growing dissatisfaction) at
 *   +0.35 … +0.85 a month; 12 % of drifts stop each month (a loyal customer's bad patch). A
 *   complaint adds 0.6, a breached complaint deadline 0.4 more. Year-end (December, January)
 *   adds 0.1: banks compete for deposits then.
 * - Churn. Monthly hazard 0.5·σ(2·(h − 1)): negligible for a loyal customer, about 6 % at
 *   h = 0 and 25 % at h = 1, so a drifter leaves after some five to nine months of drift. On
 *   top, 0.12 % a month leave WITHOUT warning (death, emigration, a sudden better offer),
 *   whatever their propensity; they are counted apart (`sudden`).
 * - Behaviour, every draw noisy. Transactions: Poisson with mean base × (1 − d)^1.5 ×
 *   season × log-normal noise (log sd 0.25); the Spring Festival month ×1.35 and December
 *   ×1.1. AUM: log-growth +0.3 % − 12 %·d a month with N(0, 0.06) noise, December +6 % (year-
 *   end bonuses and deposit drives), the Spring Festival month −8 % (spending, red packets),
 *   the month after +3 %; the month-end snapshot is missing 2 % of the time. Transfers out to
 *   other institutions: about 1.5 % of AUM routinely (log sd 0.6), and a large one (15–60 % of
 *   AUM) with probability 3 % + 25 %·d (a house or car purchase is the loyal customer's large
 *   outflow). Complaints: 0.6 % + 4 %·d, closed after 5–40 days; one closed after its 15-day
 *   decision deadline was breached at that deadline half of the time. Surveys: a relationship
 *   survey answered 5 % of months, a post-complaint survey 45 % of the time; CSAT round(4.4 −
 *   3·d + N(0, 0.8)) (1 less after a complaint), NPS round(8.6 − 6·d + N(0, 1.6)), clamped.
 *   Maturities: 5 % a month, reinvested within 20 days with probability 85 % − 75 %·d, else
 *   25 %·(1 − d) of the time a product is opened 35–150 days later; new products opened
 *   spontaneously 3 %·(1 − d). Contact points (sms, e-mail, app push): one fails (bounces)
 *   with probability 0.4 % + 3 %·d, and delivers again 35 % of the months after; 2 % of the
 *   months a transient failure that is not the contact point's fault. Lifecycle stage: the
 *   activity capability's own rule (functions/activity/domain/segmentation/lifecycle.ts) on
 *   the simulated figures, every month end.
 * - Calendar. History from January 2024, the CRM migration of existing customers on
 *   15 June 2024, observation at 06:00 CST on 1 April 2026 (so the look-back holds a
 *   year-end and the Spring Festivals of 29 January 2025 and 17 February 2026), label:
 *   the relationship closes within the following 90 days.
 */
export const GENERATOR_PARAMETERS = {
  calendar: {
    firstMonth: '2024-01',
    crmMigrationDay: '2024-06-15',
    observationDay: '2026-04-01',
    observationHourCst: 6,
    horizonDays: 90,
    /** The Spring Festival's month each year of the simulation (CST). */
    springFestivalMonths: ['2024-02', '2025-01', '2026-02'],
    yearEndMonths: ['12', '01'],
  },
  population: {
    aumMedianCny: 60_000,
    aumLogSd: 1.3,
    transactionsMedian: 6,
    transactionsLogSd: 0.8,
    sleeperShare: 0.1,
    sleeperTransactions: 0.08,
    newCustomerShare: 0.08,
    tenureYears: [0.5, 15],
    currency: 'CNY',
  },
  propensity: {
    initialMean: -3.2,
    initialSd: 0.7,
    sleeperOffset: 0.5,
    meanReversion: 0.1,
    noiseSd: 0.3,
    driftStart: 0.014,
    driftPerMonth: [0.35, 0.85],
    driftStop: 0.12,
    complaintShock: 0.6,
    breachShock: 0.4,
    yearEndShift: 0.1,
  },
  churn: {
    maxHazard: 0.5,
    steepness: 2,
    midpoint: 1,
    suddenHazard: 0.0012,
  },
  behaviour: {
    activityExponent: 1.5,
    transactionNoiseLogSd: 0.25,
    springFestivalTransactions: 1.35,
    decemberTransactions: 1.1,
    aumGrowth: 0.003,
    aumGrowthByDisengagement: -0.12,
    aumNoiseSd: 0.06,
    decemberAum: 0.06,
    springFestivalAum: -0.08,
    afterSpringFestivalAum: 0.03,
    missingSnapshot: 0.02,
    routineOutflowShare: 0.015,
    routineOutflowLogSd: 0.6,
    largeOutflowBase: 0.03,
    largeOutflowByDisengagement: 0.25,
    largeOutflowShare: [0.15, 0.6],
    complaintBase: 0.006,
    complaintByDisengagement: 0.04,
    complaintDays: [5, 40],
    decisionDeadlineDays: 15,
    breachWhenLate: 0.5,
    relationshipSurvey: 0.05,
    complaintSurvey: 0.45,
    csatLoyal: 4.4,
    csatByDisengagement: -3,
    csatSd: 0.8,
    csatAfterComplaint: -1,
    npsLoyal: 8.6,
    npsByDisengagement: -6,
    npsSd: 1.6,
    maturity: 0.05,
    reinvestBase: 0.85,
    reinvestByDisengagement: -0.75,
    reinvestDays: [0, 20],
    lateOpening: 0.25,
    lateOpeningDays: [35, 150],
    spontaneousOpening: 0.03,
    contactFailureBase: 0.004,
    contactFailureByDisengagement: 0.03,
    contactRecovery: 0.35,
    transientFailure: 0.02,
  },
} as const;

export type GeneratorParameters = typeof GENERATOR_PARAMETERS;
