import fc from 'fast-check';
import { CustomerSegmentChanged } from '../../functions/activity/events.js';
import {
  CUSTOMER_TYPES,
  CustomerErased,
  CustomerProfileChanged,
  CustomerRegistered,
  CustomerRestricted,
  CustomerRestrictionLifted,
  INVESTMENT_OBJECTIVES,
  RISK_TOLERANCES,
} from '../../functions/customers/events.js';
import {
  type AnnouncedProduct,
  MINIMUM_GRADES,
  type MinimumGrade,
  PRODUCT_CATEGORIES,
  PRODUCT_RISK_LEVELS,
  PRODUCT_STATUSES,
  type ProductCategory,
  ProductChanged,
} from '../../functions/products/events.js';
import { HOLDING_ACTIONS, ProductHoldingChanged } from '../../shared/events/external.js';
import type { EventDefinition, EventDetailInput } from '../../shared/events/index.js';
import type { ConsumedEvent } from '../../shared/lambda/event-bridge.js';
import { consumedEvent } from './consumed-event.js';
import {
  addCalendarMonths,
  cstDate,
  ORACLE_DEFAULT_SETTINGS,
  type OracleCustomer,
  type OracleSettings,
} from './recommendations-oracle.js';

/**
 * fast-check generators of whole recommendation worlds for the suitability guarantee
 * (docs/domain-rules.md §19.2): a customer and a catalogue in every state the rules distinguish,
 * and the EVENTS that bring the recommendations mirror into that state (registration, profile
 * changes carrying `suitability`, restrictions and their lifting, segment changes, holdings,
 * product versions), delivered out of order and some twice, as EventBridge may. Declines and
 * not-interested answers are not events: a world lists them as answers the test gives through
 * the API at their instant, each to a recommendation of a helper product of the category (R1, on
 * sale, open to everyone, minimum 0: suitable for any customer then), withdrawn afterwards.
 *
 * `expected` is the customer as the oracle reads it, derived from what was drawn, never from
 * what the capability mirrored.
 */

export const WORLD_CUSTOMER_ID = 'cus-guarantee';
export const WORLD_BRANCH = 'BJ01';
export const WORLD_RM = 'rm-guarantee';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CST_OFFSET = 8 * HOUR;

type SuitabilityFacts = NonNullable<EventDetailInput<typeof CustomerRegistered>['suitability']>;
type AnswerResponse = 'declined' | 'not-interested';

/** An answer the customer gives at `at` to a recommendation of `helperProductId` (its category's helper). */
export interface WorldAnswer {
  readonly category: ProductCategory;
  readonly response: AnswerResponse;
  readonly at: string;
  readonly helperProductId: string;
}

export interface GuaranteeWorld {
  /** When the test asks (the API's clock after the answers). */
  readonly now: string;
  readonly settings: OracleSettings;
  readonly customerId: string;
  /** Erased at the end: the API answers 404 to everything about the customer. */
  readonly erased: boolean;
  /** The customer as the rules read it at `now`. */
  readonly expected: OracleCustomer;
  /** Every product of the catalogue at its latest version (the helpers withdrawn). */
  readonly catalogue: readonly AnnouncedProduct[];
  /** Applied first: the registration and the helper products on sale. */
  readonly setup: readonly ConsumedEvent[];
  /** Given through the API after `setup`, oldest first, each at its instant. */
  readonly answers: readonly WorldAnswer[];
  /** Applied last, in this (shuffled, partly repeated) order. */
  readonly deliveries: readonly ConsumedEvent[];
  /** Where the test's clock starts (before the first answer). */
  readonly startAt: string;
}

/** Instants where the calendar rules turn: CST midnight, month ends, leap days. */
const BOUNDARY_NOWS = [
  '2026-12-04T21:00:00.000Z', // 5 December 05:00 CST
  '2026-12-04T15:59:59.999Z', // the last millisecond of 4 December in CST
  '2026-12-04T16:00:00.000Z', // 00:00 on 5 December in CST
  '2027-02-28T16:00:00.000Z', // 1 March 2027 00:00 CST (a year after a 29 February assessment)
  '2028-02-29T03:00:00.000Z', // a leap day
  '2026-03-31T02:00:00.000Z', // a month end (31 days) one month after 28 February
];

const nowArbitrary: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...BOUNDARY_NOWS), weight: 2 },
  {
    arbitrary: fc
      .integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2028-12-31T00:00:00Z') })
      .map((ms) => new Date(ms).toISOString()),
    weight: 1,
  },
);

/** Mostly the defaults; sometimes another bank's settings. */
export const settingsArbitrary: fc.Arbitrary<OracleSettings> = fc.oneof(
  { arbitrary: fc.constant(ORACLE_DEFAULT_SETTINGS), weight: 3 },
  {
    arbitrary: fc.record({
      assessmentValidMonths: fc.constantFrom(1, 6, 12, 24, 60),
      seniorMaxRisk: fc.constantFrom(...PRODUCT_RISK_LEVELS),
      declinedDays: fc.constantFrom(1, 30, 90, 365),
    }),
    weight: 1,
  },
);

/** True about once in `times` draws (weighted, so fast-check's bias to small values does not skew it). */
function onceIn(times: number): fc.Arbitrary<boolean> {
  return fc.oneof(
    { arbitrary: fc.constant(false), weight: times - 1 },
    { arbitrary: fc.constant(true), weight: 1 },
  );
}

/**
 * Mostly `usual`, now and then `other`: each rule alone excludes often enough, while a product
 * still passes every rule in most worlds (a product drawn uniformly on every field would
 * almost never be suitable, and the guarantee's positive side would go untested).
 */
function mostly<T>(usual: fc.Arbitrary<T>, other: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: usual, weight: 5 }, { arbitrary: other, weight: 1 });
}

/** A UTC instant at `timeOfDay` ms into the CST calendar day `days` after `date`. */
function cstInstant(date: string, days: number, timeOfDay: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY + timeOfDay - CST_OFFSET).toISOString();
}

/**
 * When an assessment was made: mostly within two days of the validity's edge (still valid on
 * the last day, expired the day after, at the first and last millisecond of a CST day), else
 * anywhere from long expired to a little in the future.
 */
function assessedAtArbitrary(now: string, settings: OracleSettings): fc.Arbitrary<string> {
  const edge = addCalendarMonths(cstDate(now), -settings.assessmentValidMonths);
  return fc
    .record({
      days: fc.oneof(
        { arbitrary: fc.integer({ min: 1, max: 300 }), weight: 3 },
        { arbitrary: fc.integer({ min: -2, max: 2 }), weight: 2 },
        { arbitrary: fc.integer({ min: -800, max: 420 }), weight: 1 },
      ),
      timeOfDay: fc.oneof(fc.constantFrom(0, DAY - 1), fc.integer({ min: 0, max: DAY - 1 })),
    })
    .map(({ days, timeOfDay }) => cstInstant(edge, days, timeOfDay));
}

function suitabilityArbitrary(now: string, settings: OracleSettings): fc.Arbitrary<SuitabilityFacts> {
  const tolerance = fc.constantFrom(...RISK_TOLERANCES);
  const assessedAt = assessedAtArbitrary(now, settings);
  const assessment: fc.Arbitrary<Pick<SuitabilityFacts, 'riskTolerance' | 'riskAssessedAt'>> = fc.oneof(
    { arbitrary: fc.record({ riskTolerance: tolerance, riskAssessedAt: assessedAt }), weight: 8 },
    { arbitrary: fc.constant({}), weight: 1 },
    // Half an assessment (no date, or no level): the rules read it as missing.
    {
      arbitrary: fc.oneof(fc.record({ riskTolerance: tolerance }), fc.record({ riskAssessedAt: assessedAt })),
      weight: 1,
    },
  );
  return fc
    .record({
      assessment,
      investmentObjective: fc.option(fc.constantFrom(...INVESTMENT_OBJECTIVES), { nil: undefined }),
      horizonDays: fc.option(fc.constantFrom(30, 90, 180, 365, 1095, 3650), { nil: undefined }),
      intendedAmount: fc.option(
        mostly(
          fc.record({ amount: fc.constantFrom(5_000_000, 100_000_000), currency: fc.constant('CNY') }),
          fc.record({
            amount: fc.constantFrom(0, 100_000, 5_000_000, 100_000_000),
            currency: fc.constantFrom('CNY', 'USD'),
          }),
        ),
        { nil: undefined },
      ),
      senior: onceIn(3),
    })
    .map(({ assessment, ...rest }) => ({ ...assessment, ...rest }));
}

interface ProductDraw {
  readonly product: Omit<AnnouncedProduct, 'productId' | 'productName' | 'version'>;
  /** Earlier versions' differences (each an older ProductChanged). */
  readonly earlier: readonly {
    readonly status: AnnouncedProduct['status'];
    readonly riskLevel: AnnouncedProduct['riskLevel'];
  }[];
}

/** Offsets of a sale window's ends from now: far, a day, a millisecond, exactly now. */
const windowOffset = fc.option(fc.constantFrom(-400 * DAY, -DAY, -1, 0, 1, DAY, 400 * DAY), {
  nil: undefined,
});
/** Mostly a window around now (or none), sometimes any two ends. */
const windowArbitrary = mostly(
  fc.tuple(
    fc.option(fc.constantFrom(-400 * DAY, -1, 0), { nil: undefined }),
    fc.option(fc.constantFrom(0, 1, 400 * DAY), { nil: undefined }),
  ),
  fc.tuple(windowOffset, windowOffset),
);
const statusArbitrary = fc.oneof(
  { arbitrary: fc.constant('on-sale' as const), weight: 4 },
  { arbitrary: fc.constantFrom(...PRODUCT_STATUSES), weight: 2 },
);

function productArbitrary(now: string): fc.Arbitrary<ProductDraw> {
  const at = (offset: number | undefined) =>
    offset === undefined ? undefined : new Date(Date.parse(now) + offset).toISOString();
  return fc
    .record({
      category: fc.constantFrom(...PRODUCT_CATEGORIES),
      riskLevel: fc.constantFrom(...PRODUCT_RISK_LEVELS),
      termDays: mostly(
        fc.option(fc.constantFrom(30, 90), { nil: undefined }),
        fc.option(fc.constantFrom(30, 90, 180, 365, 366, 1095, 3650), { nil: undefined }),
      ),
      minimumAmount: mostly(
        fc.record({ amount: fc.constantFrom(0, 100_000, 5_000_000), currency: fc.constant('CNY') }),
        fc.record({
          amount: fc.constantFrom(0, 100_000, 5_000_000, 5_000_001, 100_000_000),
          currency: fc.constantFrom('CNY', 'USD'),
        }),
      ),
      customerTypes: mostly(
        fc.constant<(typeof CUSTOMER_TYPES)[number][]>([...CUSTOMER_TYPES]),
        fc.subarray([...CUSTOMER_TYPES], { minLength: 1 }),
      ),
      minimumGrade: mostly(fc.constant(undefined), fc.constantFrom(...MINIMUM_GRADES)),
      window: windowArbitrary,
      status: statusArbitrary,
      earlier: fc.array(
        fc.record({
          status: fc.constantFrom(...PRODUCT_STATUSES),
          riskLevel: fc.constantFrom(...PRODUCT_RISK_LEVELS),
        }),
        { maxLength: 2 },
      ),
    })
    .map(({ window, earlier, ...product }) => {
      const [first, second] = window;
      const ordered =
        first !== undefined && second !== undefined && first > second ? [second, first] : [first, second];
      return {
        product: { ...product, saleFrom: at(ordered[0]), saleTo: at(ordered[1]) },
        earlier,
      };
    });
}

interface AnswerDraw {
  readonly category: ProductCategory;
  readonly response: AnswerResponse;
  readonly ageMs: number;
}

/** At most one answer per category, at ages around the decline window's edge (to the millisecond). */
function answersArbitrary(settings: OracleSettings): fc.Arbitrary<readonly AnswerDraw[]> {
  const edge = settings.declinedDays * DAY;
  return fc.uniqueArray(
    fc.record({
      category: fc.constantFrom(...PRODUCT_CATEGORIES),
      response: fc.constantFrom<AnswerResponse>('declined', 'declined', 'not-interested'),
      ageMs: fc.constantFrom(0, DAY, edge - 1, edge, edge + 1, 200 * DAY, 400 * DAY),
    }),
    { selector: (answer) => answer.category, maxLength: 3 },
  );
}

/** A segment dimension's values over time; the last is current. Absent: never graded. */
function gradesArbitrary<T extends string>(values: readonly T[]): fc.Arbitrary<readonly T[]> {
  return fc.oneof(
    { arbitrary: fc.constant([]), weight: 1 },
    { arbitrary: fc.array(fc.constantFrom(...values), { minLength: 1, maxLength: 3 }), weight: 3 },
  );
}

interface CustomerDraw {
  readonly customerType: (typeof CUSTOMER_TYPES)[number];
  /** The facts as they end; undefined: no event ever carried suitability facts. */
  readonly finalFacts: SuitabilityFacts | undefined;
  /** Earlier facts older versions carried. */
  readonly olderFacts: readonly SuitabilityFacts[];
  /**
   * How many profile changes follow the registration, the first version that carried facts at
   * all and the version from which they are the final ones (0: the registration).
   */
  readonly profileChanges: number;
  readonly firstCarrier: number;
  readonly carrier: number;
  readonly closed: boolean;
  /** Restricted/lifted toggles for a compliance risk (odd: restricted at the end). */
  readonly complianceToggles: number;
  readonly erasureRequested: boolean;
  readonly erased: boolean;
  readonly compositeGrades: readonly MinimumGrade[];
  readonly creditGrades: readonly ('prime' | 'standard' | 'risk')[];
  readonly assetTiers: readonly ('high' | 'medium' | 'low')[];
  readonly lifecycleStages: readonly (
    | 'new'
    | 'growing'
    | 'mature'
    | 'declining'
    | 'dormant'
    | 'reactivated'
  )[];
  readonly holdings: readonly {
    readonly productIndex: number;
    readonly action: (typeof HOLDING_ACTIONS)[number];
  }[];
  readonly answers: readonly AnswerDraw[];
}

function customerArbitrary(now: string, settings: OracleSettings): fc.Arbitrary<CustomerDraw> {
  const facts = suitabilityArbitrary(now, settings);
  return fc
    .record({
      customerType: fc.constantFrom(...CUSTOMER_TYPES),
      finalFacts: fc.option(facts, { nil: undefined, freq: 10 }),
      olderFacts: fc.array(facts, { minLength: 4, maxLength: 4 }),
      profileChanges: fc.integer({ min: 0, max: 3 }),
      firstCarrier: fc.nat(),
      carrier: fc.nat(),
      closed: onceIn(12),
      complianceToggles: fc.oneof(
        { arbitrary: fc.constant(0), weight: 12 },
        { arbitrary: fc.integer({ min: 1, max: 3 }), weight: 2 },
      ),
      erasureRequested: onceIn(25),
      erased: onceIn(25),
      compositeGrades: gradesArbitrary(MINIMUM_GRADES),
      creditGrades: gradesArbitrary(['prime', 'standard', 'risk'] as const),
      assetTiers: gradesArbitrary(['high', 'medium', 'low'] as const),
      lifecycleStages: gradesArbitrary([
        'new',
        'growing',
        'mature',
        'declining',
        'dormant',
        'reactivated',
      ] as const),
      holdings: fc.array(fc.record({ productIndex: fc.nat(), action: fc.constantFrom(...HOLDING_ACTIONS) }), {
        maxLength: 3,
      }),
      answers: answersArbitrary(settings),
    })
    .map((draw) => {
      // A closed relationship is told by a profile change; an erasure follows an erasure request.
      const profileChanges = draw.closed ? Math.max(1, draw.profileChanges) : draw.profileChanges;
      const carrier = draw.carrier % (profileChanges + 1);
      return {
        ...draw,
        profileChanges,
        firstCarrier: draw.firstCarrier % (carrier + 1),
        carrier,
        erasureRequested: draw.erasureRequested || draw.erased,
      };
    });
}

/** Builds EventBridge deliveries with ids of their own, in the order asked. */
class Deliveries {
  #count = 0;

  event<D extends EventDefinition>(definition: D, detail: EventDetailInput<D>, at: string): ConsumedEvent {
    this.#count += 1;
    return consumedEvent(definition, detail, new Date(at), `eb-guarantee-${this.#count}`);
  }
}

interface WorldDraft extends Omit<GuaranteeWorld, 'deliveries'> {
  /** The last events, before shuffling and repeating. */
  readonly last: readonly ConsumedEvent[];
}

function buildWorld(
  now: string,
  settings: OracleSettings,
  customer: CustomerDraw,
  products: readonly ProductDraw[],
): WorldDraft {
  const nowMs = Date.parse(now);
  const bus = new Deliveries();
  const customerId = WORLD_CUSTOMER_ID;
  const registeredAt = nowMs - 500 * DAY;
  // Every event of the last batch happened between the registration and now, one hour apart
  // within each family, so their instants order them.
  let tick = registeredAt;
  const next = () => {
    tick += HOUR;
    return new Date(tick).toISOString();
  };
  const scope = { branch: WORLD_BRANCH, rmId: WORLD_RM };

  // The facts each version carries: none before the first version that had them (published
  // before suitability facts existed: every later event carries them), older facts until the
  // carrier's version, the final facts from it on (later changes touched other fields).
  const factsOfVersion = (version: number): SuitabilityFacts | undefined => {
    if (customer.finalFacts === undefined) return undefined;
    const index = version - 1;
    if (index >= customer.carrier) return customer.finalFacts;
    if (index < customer.firstCarrier) return undefined;
    return customer.olderFacts[index % customer.olderFacts.length];
  };

  const setup: ConsumedEvent[] = [
    bus.event(
      CustomerRegistered,
      {
        customerId,
        customerType: customer.customerType,
        ...scope,
        onboardedAt: new Date(registeredAt - 30 * DAY).toISOString(),
        suitability: factsOfVersion(1),
        at: new Date(registeredAt).toISOString(),
      },
      new Date(registeredAt).toISOString(),
    ),
  ];
  const last: ConsumedEvent[] = [];

  for (let version = 2; version <= customer.profileChanges + 1; version += 1) {
    const at = next();
    const finalVersion = version === customer.profileChanges + 1;
    last.push(
      bus.event(
        CustomerProfileChanged,
        {
          customerId,
          version,
          changedFields: ['riskTolerance'],
          ...scope,
          relationship: finalVersion && customer.closed ? ('closed' as const) : ('active' as const),
          suitability: factsOfVersion(version),
          at,
        },
        at,
      ),
    );
  }

  for (let toggle = 0; toggle < customer.complianceToggles; toggle += 1) {
    const at = next();
    const definition = toggle % 2 === 0 ? CustomerRestricted : CustomerRestrictionLifted;
    last.push(bus.event(definition, { customerId, reason: 'compliance-risk', at }, at));
  }
  if (customer.erasureRequested) {
    const at = next();
    last.push(bus.event(CustomerRestricted, { customerId, reason: 'erasure-requested', at }, at));
  }

  const segmentEvents = (
    dimension: 'compositeGrade' | 'creditGrade' | 'assetTier' | 'lifecycleStage',
    values: readonly string[],
  ) => {
    let from: string | null = null;
    for (const to of values) {
      const at = next();
      last.push(bus.event(CustomerSegmentChanged, { customerId, dimension, from, to, at }, at));
      from = to;
    }
  };
  segmentEvents('compositeGrade', customer.compositeGrades);
  segmentEvents('creditGrade', customer.creditGrades);
  segmentEvents('assetTier', customer.assetTiers);
  segmentEvents('lifecycleStage', customer.lifecycleStages);

  const catalogue: AnnouncedProduct[] = [];
  products.forEach((draw, index) => {
    const productId = `prd-${String(index).padStart(2, '0')}`;
    const productName = `理财产品 ${index}`;
    draw.earlier.forEach((older, olderIndex) => {
      const at = next();
      last.push(
        bus.event(
          ProductChanged,
          { ...draw.product, ...older, productId, productName, version: olderIndex + 1, at },
          at,
        ),
      );
    });
    const product: AnnouncedProduct = {
      ...draw.product,
      productId,
      productName,
      version: draw.earlier.length + 1,
    };
    const at = next();
    last.push(bus.event(ProductChanged, { ...product, at }, at));
    catalogue.push(product);
  });

  for (const holding of customer.holdings) {
    const held = catalogue[holding.productIndex % Math.max(1, catalogue.length)];
    if (held === undefined) continue;
    const at = next();
    last.push(
      bus.event(
        ProductHoldingChanged,
        { customerId, productId: held.productId, riskLevel: held.riskLevel, action: holding.action, at },
        at,
      ),
    );
  }

  // The answers' helper products: on sale while the customer answers, withdrawn afterwards.
  const answers: WorldAnswer[] = [...customer.answers]
    .sort((a, b) => b.ageMs - a.ageMs)
    .map((answer) => ({
      category: answer.category,
      response: answer.response,
      at: new Date(nowMs - answer.ageMs).toISOString(),
      helperProductId: `helper-${answer.category}`,
    }));
  for (const answer of answers) {
    const helper: AnnouncedProduct = {
      productId: answer.helperProductId,
      productName: `回访辅助产品 ${answer.category}`,
      category: answer.category,
      riskLevel: 'R1',
      minimumAmount: { amount: 0, currency: 'CNY' },
      customerTypes: [...CUSTOMER_TYPES],
      status: 'on-sale',
      version: 1,
    };
    const onSaleAt = new Date(registeredAt).toISOString();
    setup.push(bus.event(ProductChanged, { ...helper, at: onSaleAt }, onSaleAt));
    const withdrawn: AnnouncedProduct = { ...helper, status: 'withdrawn', version: 2 };
    const at = next();
    last.push(bus.event(ProductChanged, { ...withdrawn, at }, at));
    catalogue.push(withdrawn);
  }

  if (customer.erased) {
    const at = next();
    last.push(bus.event(CustomerErased, { customerId, at }, at));
  }

  const facts = customer.finalFacts;
  const expected: OracleCustomer = {
    customerType: customer.customerType,
    riskTolerance: facts?.riskTolerance,
    riskAssessedAt: facts?.riskAssessedAt,
    horizonDays: facts?.horizonDays,
    intendedAmount: facts?.intendedAmount,
    senior: facts?.senior ?? false,
    restricted: customer.complianceToggles % 2 === 1 || customer.erasureRequested,
    relationship: customer.closed ? 'closed' : 'active',
    compositeGrade: customer.compositeGrades.at(-1),
    creditGrade: customer.creditGrades.at(-1),
    declinedAt: Object.fromEntries(
      answers
        .filter((answer) => answer.response === 'declined')
        .map((answer) => [answer.category, answer.at]),
    ),
  };

  const firstAnswer = answers[0];
  return {
    now,
    settings,
    customerId,
    erased: customer.erased,
    expected,
    catalogue,
    setup,
    answers,
    last,
    startAt: firstAnswer === undefined ? now : firstAnswer.at,
  };
}

/**
 * A whole world: `maxProducts` products at most besides the answers' helpers (at most 3), so a
 * catalogue stays within what a property run can afford.
 */
export function guaranteeWorldArbitrary(maxProducts = 24): fc.Arbitrary<GuaranteeWorld> {
  return fc
    .record({ now: nowArbitrary, settings: settingsArbitrary })
    .chain(({ now, settings }) =>
      fc
        .record({
          customer: customerArbitrary(now, settings),
          products: fc.array(productArbitrary(now), { minLength: 1, maxLength: maxProducts }),
        })
        .map(({ customer, products }) => buildWorld(now, settings, customer, products)),
    )
    .chain((draft) =>
      // Some deliveries repeated, and everything in any order: the mirror orders by version and instant.
      fc
        .subarray([...draft.last], { maxLength: Math.min(5, draft.last.length) })
        .chain((repeats) => {
          const all = [...draft.last, ...repeats];
          return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
        })
        .map((deliveries): GuaranteeWorld => {
          const { last: _last, ...world } = draft;
          return { ...world, deliveries };
        }),
    );
}
