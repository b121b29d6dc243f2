import { CUSTOMER_TYPES } from '../functions/customers/events.js';
import {
  MINIMUM_GRADES,
  PRODUCT_CATEGORIES,
  PRODUCT_RISK_LEVELS,
  PRODUCT_STATUSES,
  type AnnouncedProduct as Product,
} from '../functions/products/events.js';
import { type RankingCustomer, rankProducts } from '../functions/recommendations/domain/ranking.js';
import { DEFAULT_RECOMMENDATIONS_SETTINGS } from '../functions/recommendations/domain/settings.js';
import {
  assessSuitability,
  type SeniorConfirmation,
  type SuitabilityCustomer,
} from '../functions/recommendations/domain/suitability.js';
import { percentile } from './measure.js';

/**
 * The suitability module's cost (docs/domain-rules.md §19.2–19.4), in process, one thread, warm:
 * suitability checks per second over a 500-product catalogue for a few customer shapes, and the
 * ranking of the products that passed. A customer's list is one check per product of the
 * catalogue and one ranking of the suitable ones: what `GET …/recommendations` computes after
 * its two reads (bench/recommendations.ts measures those against DynamoDB Local).
 */

export interface SuitabilityFigure {
  readonly customer: string;
  readonly catalogue: number;
  /** Products of the catalogue suitable for this customer. */
  readonly suitable: number;
  readonly checksPerSecond: number;
  /** Suitable products ranked per second (0 when none is suitable). */
  readonly rankedPerSecond: number;
  /** One whole list: every product checked, then the suitable ones ranked. */
  readonly listP50Us: number;
  readonly listP99Us: number;
}

const CATALOGUE_SIZE = 500;
const BUDGET_MS = 500;
const LIST_SAMPLES = 2_000;
const NOW = '2026-12-04T02:00:00.000Z';
const DAY = 86_400_000;
const SETTINGS = DEFAULT_RECOMMENDATIONS_SETTINGS;

/** A small seeded generator (mulberry32), so every run draws the same catalogue. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(random: () => number, values: readonly T[]): T {
  const value = values[Math.floor(random() * values.length)];
  if (value === undefined) throw new Error('pick from an empty list');
  return value;
}

/** Every category, level and status; mostly on sale, some windows, terms, minima and grades. */
function catalogueOf(size: number): Product[] {
  const random = seeded(12);
  const at = Date.parse(NOW);
  return Array.from({ length: size }, (_, i) => {
    const windowed = random() < 0.2;
    return {
      productId: `prd-${String(i).padStart(4, '0')}`,
      productName: `产品 ${i}`,
      category: pick(random, PRODUCT_CATEGORIES),
      riskLevel: pick(random, PRODUCT_RISK_LEVELS),
      termDays: random() < 0.7 ? pick(random, [30, 90, 180, 365, 730, 1_825]) : undefined,
      minimumAmount: {
        amount: pick(random, [0, 100_000, 1_000_000, 5_000_000, 100_000_000]),
        currency: random() < 0.9 ? 'CNY' : 'USD',
      },
      customerTypes: random() < 0.8 ? [...CUSTOMER_TYPES] : [pick(random, CUSTOMER_TYPES)],
      minimumGrade: random() < 0.2 ? pick(random, MINIMUM_GRADES) : undefined,
      saleFrom: windowed ? new Date(at - Math.floor(random() * 60) * DAY).toISOString() : undefined,
      saleTo: windowed ? new Date(at + Math.floor(random() * 60 - 10) * DAY).toISOString() : undefined,
      status: random() < 0.8 ? 'on-sale' : pick(random, PRODUCT_STATUSES),
      version: 1,
    };
  });
}

interface Shape {
  readonly name: string;
  readonly customer: SuitabilityCustomer;
  readonly ranking: RankingCustomer;
  readonly confirmation?: SeniorConfirmation;
}

function shapes(catalogue: readonly Product[]): Shape[] {
  const assessed = {
    customerType: 'individual',
    riskTolerance: 'C3',
    riskAssessedAt: '2026-03-01T02:00:00.000Z',
    investmentObjective: 'balanced',
    horizonDays: 730,
    intendedAmount: { amount: 5_000_000, currency: 'CNY' },
    senior: false,
    restricted: false,
    relationship: 'active',
    compositeGrade: 'premium',
    declinedAt: { insurance: new Date(Date.parse(NOW) - 20 * DAY).toISOString() },
  } as const satisfies SuitabilityCustomer;
  const ranking: RankingCustomer = {
    holdings: catalogue.slice(0, 20).map((product, i) => ({
      productId: product.productId,
      action: i % 4 === 0 ? 'matured' : 'opened',
      at: new Date(Date.parse(NOW) - (i + 1) * 5 * DAY).toISOString(),
    })),
    segments: { assetTier: 'high', compositeGrade: 'premium', lifecycleStage: 'growing' },
    answers: { card: { response: 'not-interested', at: new Date(Date.parse(NOW) - 10 * DAY).toISOString() } },
    suitability: { investmentObjective: 'balanced' },
  };
  const bare: RankingCustomer = { holdings: [], segments: {}, answers: {} };
  return [
    { name: 'C3, assessed, horizon and amount stated, 20 holdings', customer: assessed, ranking },
    {
      name: 'C5 vip, nothing stated (most products suitable)',
      customer: {
        ...assessed,
        riskTolerance: 'C5',
        horizonDays: undefined,
        intendedAmount: undefined,
        compositeGrade: 'vip',
        declinedAt: {},
      },
      ranking,
    },
    {
      name: 'senior C5 with an RM confirmation',
      customer: { ...assessed, riskTolerance: 'C5', senior: true, intendedAmount: undefined },
      ranking,
      confirmation: { confirmedBy: 'rm-7', confirmedAt: NOW, reason: 'investment-experience' },
    },
    {
      name: 'no assessment (R1 only)',
      customer: { ...assessed, riskTolerance: undefined, riskAssessedAt: undefined },
      ranking: bare,
    },
    { name: 'restricted (everything excluded)', customer: { ...assessed, restricted: true }, ranking: bare },
  ];
}

function measureShape(shape: Shape, catalogue: readonly Product[]): SuitabilityFigure {
  const context = { now: NOW, confirmation: shape.confirmation };
  const assessAll = (): Product[] =>
    catalogue.filter((product) => assessSuitability(shape.customer, product, context, SETTINGS).suitable);
  const suitable = assessAll();
  const facts = { customer: shape.ranking, catalogue };
  for (let i = 0; i < 50; i += 1) {
    assessAll();
    rankProducts(suitable, facts, NOW, SETTINGS);
  }

  let checks = 0;
  let start = performance.now();
  while (performance.now() - start < BUDGET_MS) {
    assessAll();
    checks += catalogue.length;
  }
  const checksPerSecond = Math.round((checks / (performance.now() - start)) * 1000);

  let ranked = 0;
  start = performance.now();
  while (suitable.length > 0 && performance.now() - start < BUDGET_MS) {
    ranked += rankProducts(suitable, facts, NOW, SETTINGS).length;
  }
  const rankedPerSecond =
    suitable.length === 0 ? 0 : Math.round((ranked / (performance.now() - start)) * 1000);

  const samples: number[] = [];
  for (let i = 0; i < LIST_SAMPLES; i += 1) {
    const t0 = performance.now();
    rankProducts(assessAll(), facts, NOW, SETTINGS);
    samples.push((performance.now() - t0) * 1000);
  }
  return {
    customer: shape.name,
    catalogue: catalogue.length,
    suitable: suitable.length,
    checksPerSecond,
    rankedPerSecond,
    listP50Us: percentile(samples, 50),
    listP99Us: percentile(samples, 99),
  };
}

/** The figures of every customer shape over one 500-product catalogue, printed. */
export function measureSuitability(): SuitabilityFigure[] {
  const catalogue = catalogueOf(CATALOGUE_SIZE);
  const figures = shapes(catalogue).map((shape) => measureShape(shape, catalogue));
  printSuitability(figures);
  return figures;
}

function printSuitability(figures: readonly SuitabilityFigure[]): void {
  console.log(
    `\nSuitability in process: checks over a ${CATALOGUE_SIZE}-product catalogue and the ranking of the suitable ones (one thread, warm)`,
  );
  console.table(
    figures.map((figure) => ({
      customer: figure.customer,
      suitable: `${figure.suitable} of ${figure.catalogue}`,
      'checks/s': figure.checksPerSecond,
      'ranked products/s': figure.rankedPerSecond,
      'list p50 µs (check all + rank)': figure.listP50Us.toFixed(1),
      'list p99 µs': figure.listP99Us.toFixed(1),
    })),
  );
}
