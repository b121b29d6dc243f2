import type { MonthKey } from '../../functions/activity/domain/months.js';
import { DEFAULT_SEGMENTATION_CONFIG } from '../../functions/activity/domain/segmentation/config.js';
import { lifecycleStage } from '../../functions/activity/domain/segmentation/lifecycle.js';
import type { LifecycleStage } from '../../functions/activity/domain/segmentation/values.js';
import { SUMMARY_MONTHS } from '../../functions/activity/events.js';
import { DELIVERY_CHANNELS } from '../../functions/engagement/events.js';
import type { SummaryMonth } from '../../functions/retention/domain/model.js';
import {
  dayOfInstant,
  daysIn,
  instantIn,
  instantOnDay,
  isoDay,
  monthAt,
  plusDays,
  yearsBefore,
} from './calendar.js';
import { GENERATED_EVENTS as E, emit, type SyntheticEvent } from './events.js';
import { GENERATOR_PARAMETERS, type GeneratorParameters } from './parameters.js';
import { type Draws, drawsFor } from './random.js';

/**
 * The synthetic portfolio generator of `npm run evaluate` (docs/domain-rules.md §20.10): each
 * customer's hidden churn process (bench/churn/parameters.ts) drives the events the retention
 * capability consumes. The ground truth (`truth`) stays here; the scorer gets only `events`.
 */

/** What really happened to a customer (never shown to the scorer). */
export interface CustomerTruth {
  /** When the relationship closed (ISO), or null while it lasts to the simulation's end. */
  readonly churnedAt: string | null;
  /** The closure came from the no-warning hazard, not from a drift. */
  readonly sudden: boolean;
  /** The customer was drifting away at the observation. */
  readonly driftingAtObservation: boolean;
  /**
   * The hidden propensity at the observation (null when the relationship closed before): what
   * an oracle would rank by, the ceiling of any scorer on this process.
   */
  readonly propensityAtObservation: number | null;
}

/** A customer's events before the observation (time order) and the ground truth. */
export interface CustomerHistory {
  readonly customerId: string;
  readonly events: readonly SyntheticEvent[];
  readonly truth: CustomerTruth;
}

const BRANCHES = 12;
const RMS_PER_BRANCH = 8;
const COMPLAINT_CHANNELS = ['phone', 'online', 'counter'] as const;
const COMPLAINT_CATEGORIES = ['product', 'service-attitude', 'fees', 'system-failure'] as const;
const RISK_LEVELS = ['R1', 'R2', 'R3'] as const;

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** The observation instant (ms) of a parameter set. */
export function observationOf(parameters: GeneratorParameters = GENERATOR_PARAMETERS): Date {
  const { observationDay, observationHourCst } = parameters.calendar;
  return new Date(instantOnDay(observationDay, observationHourCst));
}

/** Customers `0 … customers − 1` of the portfolio `seed`, one at a time. */
export function* generatePortfolio(
  seed: number,
  customers: number,
  parameters: GeneratorParameters = GENERATOR_PARAMETERS,
): Generator<CustomerHistory> {
  for (let position = 0; position < customers; position += 1) {
    yield generateCustomer(seed, position, parameters);
  }
}

/** One customer's history: the same for the same seed and position, whatever else is generated. */
export function generateCustomer(
  seed: number,
  position: number,
  parameters: GeneratorParameters = GENERATOR_PARAMETERS,
): CustomerHistory {
  return new CustomerSimulation(seed, position, parameters, drawsFor(seed, position)).run();
}

interface Timed {
  readonly atMs: number;
  readonly event: SyntheticEvent;
}

/** One customer, simulated month by month. */
class CustomerSimulation {
  readonly #p: GeneratorParameters;
  readonly #draw: Draws;
  readonly #customerId: string;
  readonly #idPrefix: string;
  readonly #branch: string;
  readonly #rmId: string;
  readonly #observationMs: number;
  readonly #timed: Timed[] = [];
  readonly #months: (SummaryMonth & { readonly index: number })[] = [];
  #ids = 0;

  // Hidden state.
  readonly #baseline: number;
  #propensity: number;
  #drift = 0;
  #pendingShock = 0;
  // Observable state.
  readonly #baseTransactions: number;
  #aum: number;
  #lastTransactionDay: number | null;
  readonly #failed = new Set<(typeof DELIVERY_CHANNELS)[number]>();
  #onboardedAtMs = 0;
  #stage: LifecycleStage | undefined;
  #reactivatedAtMs: number | undefined;
  #publishedStage: LifecycleStage | null = null;

  constructor(seed: number, position: number, parameters: GeneratorParameters, draw: Draws) {
    this.#p = parameters;
    this.#draw = draw;
    this.#customerId = `cus_s${seed}_${position}`;
    this.#idPrefix = `s${seed}_${position}`;
    const branch = draw.integer(1, BRANCHES);
    this.#branch = `br-${String(branch).padStart(3, '0')}`;
    this.#rmId = `rm-${branch}-${draw.integer(1, RMS_PER_BRANCH)}`;
    this.#observationMs = observationOf(parameters).getTime();
    const population = parameters.population;
    const sleeper = draw.chance(population.sleeperShare);
    this.#baseTransactions = sleeper
      ? population.sleeperTransactions
      : draw.logNormal(population.transactionsMedian, population.transactionsLogSd);
    this.#aum = draw.logNormal(population.aumMedianCny, population.aumLogSd) * 100;
    const propensity = parameters.propensity;
    this.#baseline =
      draw.normal(propensity.initialMean, propensity.initialSd) + (sleeper ? propensity.sleeperOffset : 0);
    this.#propensity = this.#baseline;
    this.#lastTransactionDay = null;
  }

  run(): CustomerHistory {
    const { calendar, population } = this.#p;
    const isNew = this.#draw.chance(population.newCustomerShare);
    const observationMonth = calendar.observationDay.slice(0, 7);
    const lastIndex =
      monthIndexOf(calendar.firstMonth, observationMonth) + Math.ceil(calendar.horizonDays / 30);
    const firstIndex = isNew
      ? this.#draw.integer(1, monthIndexOf(calendar.firstMonth, observationMonth) - 1)
      : 0;
    const registeredAtMs = this.#register(isNew, firstIndex);

    let churnedAtMs: number | null = null;
    let sudden = false;
    let driftingAtObservation = false;
    let propensityAtObservation: number | null = null;
    for (let index = firstIndex; index <= lastIndex; index += 1) {
      const month = monthAt(calendar.firstMonth, index);
      this.#evolve(month);
      const churn = this.#churnDraw();
      if (churn !== 'stays') {
        churnedAtMs = instantIn(month, this.#draw.integer(1, daysIn(month)), 12);
        sudden = churn === 'sudden';
        break;
      }
      this.#behave(month, index);
      this.#gradeAfter(month, index, registeredAtMs);
      // The last month before the observation leaves the state the observation sees.
      if (monthAt(month, 1) === observationMonth) {
        driftingAtObservation = this.#drift > 0;
        propensityAtObservation = this.#propensity;
      }
    }

    const visibleUntil = Math.min(this.#observationMs, churnedAtMs ?? Number.POSITIVE_INFINITY);
    const events = this.#timed
      .filter((t) => t.atMs >= registeredAtMs && t.atMs < visibleUntil)
      .sort((a, b) => a.atMs - b.atMs)
      .map((t) => t.event);
    return {
      customerId: this.#customerId,
      events,
      truth: {
        churnedAt: churnedAtMs === null ? null : new Date(churnedAtMs).toISOString(),
        sudden,
        driftingAtObservation,
        propensityAtObservation,
      },
    };
  }

  #register(isNew: boolean, firstIndex: number): number {
    const { calendar, population } = this.#p;
    const firstMonth = monthAt(calendar.firstMonth, firstIndex);
    const registeredAtMs = isNew
      ? instantIn(firstMonth, this.#draw.integer(1, daysIn(firstMonth)), 10)
      : instantOnDay(calendar.crmMigrationDay, 10);
    const onboardedAtMs = isNew
      ? registeredAtMs
      : yearsBefore(registeredAtMs, this.#draw.between(population.tenureYears[0], population.tenureYears[1]));
    if (!isNew) {
      // A migrated customer's last transaction before the history starts: recent for a busy one.
      const gapDays = Math.min(365, Math.floor(this.#draw.uniform() * (30 / this.#baseTransactions)));
      this.#lastTransactionDay = dayOfInstant(instantIn(firstMonth, 1, 12)) - 1 - gapDays;
    }
    this.#onboardedAtMs = onboardedAtMs;
    this.#add(
      emit(
        E.CustomerRegistered,
        {
          customerId: this.#customerId,
          customerType: 'individual',
          branch: this.#branch,
          rmId: this.#rmId,
          onboardedAt: new Date(onboardedAtMs).toISOString(),
          at: new Date(registeredAtMs).toISOString(),
        },
        this.#nextId('evt'),
        registeredAtMs,
      ),
    );
    return registeredAtMs;
  }

  /** One month of the hidden propensity: mean reversion, drift, shocks, season, noise. */
  #evolve(month: MonthKey): void {
    const p = this.#p.propensity;
    if (this.#drift === 0 && this.#draw.chance(p.driftStart)) {
      this.#drift = this.#draw.between(p.driftPerMonth[0], p.driftPerMonth[1]);
    } else if (this.#drift > 0 && this.#draw.chance(p.driftStop)) {
      this.#drift = 0;
    }
    const yearEnd = (this.#p.calendar.yearEndMonths as readonly string[]).includes(month.slice(5));
    this.#propensity +=
      p.meanReversion * (this.#baseline - this.#propensity) +
      this.#drift +
      this.#pendingShock +
      (yearEnd ? p.yearEndShift : 0) +
      this.#draw.normal(0, p.noiseSd);
    this.#pendingShock = 0;
  }

  #churnDraw(): 'stays' | 'sudden' | 'drift' {
    const c = this.#p.churn;
    const driftHazard = c.maxHazard * sigmoid(c.steepness * (this.#propensity - c.midpoint));
    const u = this.#draw.uniform();
    if (u < c.suddenHazard) return 'sudden';
    if (u < c.suddenHazard + driftHazard) return 'drift';
    return 'stays';
  }

  /** One month of observable behaviour, driven by the disengagement d = σ(h). */
  #behave(month: MonthKey, index: number): void {
    const b = this.#p.behaviour;
    const draw = this.#draw;
    const d = sigmoid(this.#propensity);
    const days = daysIn(month);
    const springFestival = (this.#p.calendar.springFestivalMonths as readonly string[]).includes(month);
    const afterSpringFestival = (this.#p.calendar.springFestivalMonths as readonly string[]).includes(
      monthAt(month, -1),
    );
    const december = month.endsWith('-12');

    // Transactions, and the day of the month's last one (the largest of n uniform days).
    const season = springFestival ? b.springFestivalTransactions : december ? b.decemberTransactions : 1;
    const mean =
      this.#baseTransactions *
      (1 - d) ** b.activityExponent *
      season *
      draw.logNormal(1, b.transactionNoiseLogSd);
    const transactions = draw.poisson(mean);
    if (transactions > 0) {
      const lastDay = Math.min(days, 1 + Math.floor(days * draw.uniform() ** (1 / transactions)));
      this.#lastTransactionDay = dayOfInstant(instantIn(month, lastDay, 12));
    }

    // Money leaving for other institutions, then the month-end AUM.
    let outflows =
      transactions > 0 ? this.#aum * draw.logNormal(b.routineOutflowShare, b.routineOutflowLogSd) : 0;
    if (draw.chance(b.largeOutflowBase + b.largeOutflowByDisengagement * d)) {
      outflows += this.#aum * draw.between(b.largeOutflowShare[0], b.largeOutflowShare[1]);
    }
    outflows = Math.min(outflows, this.#aum);
    const seasonal = december
      ? b.decemberAum
      : springFestival
        ? b.springFestivalAum
        : afterSpringFestival
          ? b.afterSpringFestivalAum
          : 0;
    this.#aum =
      (this.#aum - outflows) *
      Math.exp(b.aumGrowth + b.aumGrowthByDisengagement * d + seasonal + draw.normal(0, b.aumNoiseSd));
    this.#months.push({
      index,
      month,
      transactions,
      aum: draw.chance(b.missingSnapshot) ? null : Math.round(this.#aum),
      outflows: Math.round(outflows),
    });

    if (draw.chance(b.complaintBase + b.complaintByDisengagement * d)) this.#complaint(month, d);
    if (draw.chance(b.relationshipSurvey)) {
      this.#survey(instantIn(month, draw.integer(1, days), 15), d, 'relationship-quarterly', undefined);
    }
    if (draw.chance(b.maturity)) this.#maturity(month, d);
    if (draw.chance(b.spontaneousOpening * (1 - d))) {
      this.#holding('opened', instantIn(month, draw.integer(1, days), 11));
    }
    this.#contactPoints(month, d);
  }

  #complaint(month: MonthKey, d: number): void {
    const b = this.#p.behaviour;
    const draw = this.#draw;
    const receivedAtMs = instantIn(month, draw.integer(1, daysIn(month)), 14);
    const closeDays = draw.integer(b.complaintDays[0], b.complaintDays[1]);
    const closedAtMs = plusDays(receivedAtMs, closeDays);
    const complaintId = this.#nextId('cmp');
    const ids = { complaintId, customerId: this.#customerId, branch: this.#branch };
    const channel = draw.pick(COMPLAINT_CHANNELS);
    const category = draw.pick(COMPLAINT_CATEGORIES);
    this.#add(
      emit(
        E.ComplaintReceived,
        {
          ...ids,
          queue: 'q-branch',
          channel,
          category,
          priority: 'normal',
          receivedAt: new Date(receivedAtMs).toISOString(),
          repeat: false,
        },
        this.#nextId('evt'),
        receivedAtMs,
      ),
    );
    this.#pendingShock += this.#p.propensity.complaintShock;
    if (closeDays > b.decisionDeadlineDays && draw.chance(b.breachWhenLate)) {
      const dueMs = plusDays(receivedAtMs, b.decisionDeadlineDays);
      this.#add(
        emit(
          E.ComplaintSlaBreached,
          { ...ids, deadline: 'decision', due: new Date(dueMs).toISOString() },
          this.#nextId('evt'),
          dueMs,
        ),
      );
      this.#pendingShock += this.#p.propensity.breachShock;
    }
    this.#add(
      emit(
        E.ComplaintClosed,
        { ...ids, rootCause: 'process-gap', outcome: 'partially-upheld', channel, category },
        this.#nextId('evt'),
        closedAtMs,
      ),
    );
    if (draw.chance(b.complaintSurvey)) {
      this.#survey(plusDays(closedAtMs, draw.integer(2, 10)), d, 'complaint-closed', complaintId);
    }
  }

  #survey(
    atMs: number,
    d: number,
    trigger: 'relationship-quarterly' | 'complaint-closed',
    complaintId: string | undefined,
  ): void {
    const b = this.#p.behaviour;
    const afterComplaint = complaintId === undefined ? 0 : b.csatAfterComplaint;
    const csat = clamp(
      Math.round(b.csatLoyal + b.csatByDisengagement * d + afterComplaint + this.#draw.normal(0, b.csatSd)),
      1,
      5,
    );
    const nps = clamp(
      Math.round(b.npsLoyal + b.npsByDisengagement * d + this.#draw.normal(0, b.npsSd)),
      0,
      10,
    );
    this.#add(
      emit(
        E.SurveyAnswered,
        {
          surveyId: this.#nextId('srv'),
          customerId: this.#customerId,
          branch: this.#branch,
          trigger,
          ...(complaintId === undefined ? {} : { complaintId }),
          csat,
          nps,
          unresolved: csat <= 2,
          hasText: false,
          at: new Date(atMs).toISOString(),
        },
        this.#nextId('evt'),
        atMs,
      ),
    );
  }

  #maturity(month: MonthKey, d: number): void {
    const b = this.#p.behaviour;
    const draw = this.#draw;
    const maturedAtMs = instantIn(month, draw.integer(1, daysIn(month)), 9);
    this.#holding('matured', maturedAtMs);
    if (draw.chance(b.reinvestBase + b.reinvestByDisengagement * d)) {
      this.#holding('opened', plusDays(maturedAtMs, draw.integer(b.reinvestDays[0], b.reinvestDays[1])));
    } else if (draw.chance(b.lateOpening * (1 - d))) {
      this.#holding(
        'opened',
        plusDays(maturedAtMs, draw.integer(b.lateOpeningDays[0], b.lateOpeningDays[1])),
      );
    }
  }

  #holding(action: 'opened' | 'matured', atMs: number): void {
    this.#add(
      emit(
        E.ProductHoldingChanged,
        {
          customerId: this.#customerId,
          productId: `prd-${this.#draw.integer(1, 40)}`,
          riskLevel: this.#draw.pick(RISK_LEVELS),
          action,
          at: new Date(atMs).toISOString(),
        },
        this.#nextId('evt'),
        atMs,
      ),
    );
  }

  #contactPoints(month: MonthKey, d: number): void {
    const b = this.#p.behaviour;
    const draw = this.#draw;
    const at = () => instantIn(month, draw.integer(1, daysIn(month)), 16);
    for (const channel of [...this.#failed]) {
      if (!draw.chance(b.contactRecovery)) continue;
      this.#failed.delete(channel);
      const atMs = at();
      this.#add(
        emit(
          E.ContactDelivered,
          {
            contactId: this.#nextId('con'),
            customerId: this.#customerId,
            channel,
            provider: channel === 'email' ? 'ses' : 'gateway',
            at: new Date(atMs).toISOString(),
          },
          this.#nextId('evt'),
          atMs,
        ),
      );
    }
    const pointFails = draw.chance(b.contactFailureBase + b.contactFailureByDisengagement * d);
    const transient = draw.chance(b.transientFailure);
    if (!pointFails && !transient) return;
    const channel = draw.pick(DELIVERY_CHANNELS);
    if (pointFails) this.#failed.add(channel);
    const atMs = at();
    this.#add(
      emit(
        E.ContactDeliveryFailed,
        {
          contactId: this.#nextId('con'),
          customerId: this.#customerId,
          channel,
          reason: pointFails ? 'bounced' : 'failed',
          contactPointFailed: pointFails,
          at: new Date(atMs).toISOString(),
        },
        this.#nextId('evt'),
        atMs,
      ),
    );
  }

  /**
   * After the month ends: the activity capability's summary of the complete months, and its
   * lifecycle grading (its own rule) with a CustomerSegmentChanged when the stage moves.
   */
  #gradeAfter(month: MonthKey, index: number, registeredAtMs: number): void {
    const atMs = instantIn(monthAt(month, 1), 1, 2);
    const recent = this.#months.slice(-SUMMARY_MONTHS).reverse();
    const lastTransactionDay = this.#lastTransactionDay === null ? null : isoDay(this.#lastTransactionDay);
    this.#add(
      emit(
        E.ActivitySummaryChanged,
        {
          customerId: this.#customerId,
          lastTransactionDay,
          months: recent.map(({ month: m, transactions, aum, outflows }) => ({
            month: m,
            transactions,
            aum,
            outflows,
          })),
          currency: this.#p.population.currency,
          at: new Date(atMs).toISOString(),
        },
        this.#nextId('evt'),
        atMs,
      ),
    );

    const byIndex = (i: number) => this.#months.find((m) => m.index === i);
    const aumAt = (i: number) => byIndex(i)?.aum ?? 0;
    const transactionsIn = (from: number, to: number) =>
      this.#months
        .filter((m) => m.index >= from && m.index <= to)
        .reduce((sum, m) => sum + m.transactions, 0);
    const stage = lifecycleStage(
      {
        onboardedAt: new Date(this.#onboardedAtMs),
        now: new Date(atMs),
        relationshipClosed: false,
        allAccountsClosed: false,
        lastSuccessfulTransactionAt:
          lastTransactionDay === null ? undefined : new Date(instantOnDay(lastTransactionDay, 12)),
        wasDormant: this.#stage === 'dormant',
        reactivatedAt:
          this.#stage === 'reactivated' && this.#reactivatedAtMs !== undefined
            ? new Date(this.#reactivatedAtMs)
            : undefined,
        aumNow: aumAt(index),
        aum3MonthsAgo: aumAt(index - 3),
        activityLast3Months: transactionsIn(index - 2, index),
        activityPrevious3Months: transactionsIn(index - 5, index - 3),
      },
      DEFAULT_SEGMENTATION_CONFIG,
    );
    if (stage === 'reactivated' && this.#stage !== 'reactivated') this.#reactivatedAtMs = atMs;
    this.#stage = stage;
    if (atMs < registeredAtMs || stage === this.#publishedStage) return;
    this.#add(
      emit(
        E.CustomerSegmentChanged,
        {
          customerId: this.#customerId,
          dimension: 'lifecycleStage',
          from: this.#publishedStage,
          to: stage,
          at: new Date(atMs).toISOString(),
        },
        this.#nextId('evt'),
        atMs,
      ),
    );
    this.#publishedStage = stage;
  }

  #add(event: SyntheticEvent): void {
    this.#timed.push({ atMs: Date.parse(event.detail.occurredAt), event });
  }

  #nextId(kind: string): string {
    this.#ids += 1;
    return `${kind}_${this.#idPrefix}_${this.#ids}`;
  }
}

function monthIndexOf(first: MonthKey, month: MonthKey): number {
  const [fy, fm] = first.split('-').map(Number);
  const [y, m] = month.split('-').map(Number);
  if (fy === undefined || fm === undefined || y === undefined || m === undefined) {
    throw new RangeError('Not a month');
  }
  return (y - fy) * 12 + (m - fm);
}
