import { regradeCustomer } from '../functions/activity/service/grade.js';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.js';
import type { ConsumedEvent } from '../shared/lambda/event-bridge.js';
import { shuffled, syntheticPortfolio } from '../test/integration/activity/synthetic.js';
import {
  type BenchWorld,
  type DeliveryTally,
  deliver,
  freshWorld,
  rawWritesOf,
  registerCustomers,
  type Workload,
} from './ingest-workloads.js';

export interface IngestionOptions {
  /**
   * Seconds the timed runs and the redelivery should take together (default 90): the
   * portfolios are sized from the warm-up's rates, between 300 and 3,000 transaction events.
   */
  readonly budgetSeconds?: number;
  /** TransactionPosted events of the timed portfolios: a fixed size instead of the budget's. */
  readonly transactionEvents?: number;
  /** Distinct TransactionPosted events of the shuffled redelivery (each delivered twice). */
  readonly redeliveredEvents?: number;
  /** Customers of the spread-out portfolio (default 50); the hot one has one. */
  readonly customers?: number;
  readonly inFlight?: number;
  /** Timed runs per workload; the median is reported. */
  readonly runs?: number;
  /** Told of each step as it ends (the bench prints it on stderr). */
  readonly progress?: (message: string) => void;
}

/** The spread-out portfolio (`customers` customers) or one hot customer with every event. */
export type Spread = 'spread' | 'hot';

export interface ThroughputFigure {
  readonly workload: Workload;
  readonly portfolio: Spread;
  readonly customers: number;
  /** Median over the runs; for the consumer, until settled (see Workload). */
  readonly eventsPerSecond: number;
  readonly runsEventsPerSecond: readonly number[];
  /** eventsPerSecond ÷ the same portfolio's raw baseline (1 for the baseline itself). */
  readonly ratioToRaw: number;
  /** The consumer's: customers graded per event, and Grading queue SendMessage calls per event (last run). */
  readonly gradingsPerEvent?: number;
  readonly gradingRequestsPerEvent?: number;
}

export interface CallsFigure {
  readonly path: Workload;
  readonly portfolio: Spread;
  readonly delivery: 'in order' | 'shuffled, every event twice';
  readonly distinctEvents: number;
  readonly deliveries: number;
  /** DynamoDB requests per delivery, by operation (counted on the client, one attempt each; the grader's included). */
  readonly perDelivery: Readonly<Record<string, number>>;
  /** The ingestion's own TransactWriteItems per delivery (ConsumeResult/IngestResult `writes`). */
  readonly ingestionWritesPerDelivery: number;
  /** Deliveries whose ingestion took more than one TransactWriteItems (see TransactionWriteResult). */
  readonly multiWriteDeliveries: number;
  /** Customers graded per delivery (the consumer's path). */
  readonly gradingsPerDelivery: number;
  readonly outcomes: Readonly<Record<string, number>>;
}

export interface IngestionFigures {
  readonly transactionEvents: number;
  readonly seconds: number;
  readonly customers: number;
  readonly inFlight: number;
  readonly runs: number;
  readonly throughput: readonly ThroughputFigure[];
  /** The hot customer's settled rate ÷ the spread-out one's (goal ≥ 0.5). */
  readonly hotToSpread: number;
  /** The spread-out settled rate ÷ its raw baseline (goal ≥ 0.7). */
  readonly spreadToRaw: number;
  readonly calls: readonly CallsFigure[];
}

interface Portfolio {
  readonly customerIds: readonly string[];
  readonly events: readonly ConsumedEvent[];
}

/** What each round times, in this order (rotated from round to round). */
const RUNS: readonly { readonly workload: Workload; readonly portfolio: Spread }[] = [
  { workload: 'raw', portfolio: 'spread' },
  { workload: 'ingestion', portfolio: 'spread' },
  { workload: 'consumer', portfolio: 'spread' },
  { workload: 'raw', portfolio: 'hot' },
  { workload: 'consumer', portfolio: 'hot' },
];

const runKey = (workload: Workload, portfolio: Spread) => `${workload}/${portfolio}`;

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/** A synthetic portfolio's TransactionPosted events in time order (balances and holdings left out). */
function transactions(customers: number, transactionEvents: number, seed: number): Portfolio {
  const portfolio = syntheticPortfolio({ now: new Date(), customers, transactionEvents, seed });
  const events = portfolio.events.filter((event) => event.detailType === 'TransactionPosted');
  return { customerIds: portfolio.customerIds, events };
}

/**
 * Fails the bench when a customer's kept grade is not the grade of everything counted: the
 * consumer's figure counts only runs that ended with every final grading written.
 */
async function assertGraded(world: BenchWorld, customerIds: readonly string[]): Promise<void> {
  for (const customerId of customerIds) {
    const outcome = await regradeCustomer(world.deps, customerId);
    if (outcome !== 'unchanged') throw new Error(`A customer's last grading was missing (${outcome})`);
  }
}

/**
 * Delivers `events` through one workload on a fresh table, the customers registered first
 * (the raw baseline needs none). Only the delivery is timed (the consumer's until settled).
 */
async function onFreshTable(
  endpoint: string,
  workload: Workload,
  customerIds: readonly string[],
  events: readonly ConsumedEvent[],
  inFlight: number,
): Promise<DeliveryTally> {
  const raw = workload === 'raw' ? rawWritesOf(events) : [];
  const world = await freshWorld(endpoint);
  try {
    if (workload !== 'raw') await registerCustomers(world, customerIds, inFlight);
    const tally = await deliver(world, workload, events, inFlight, raw);
    if (workload === 'consumer') await assertGraded(world, customerIds);
    return tally;
  } finally {
    world.close();
  }
}

const clamp = (value: number, min: number, max: number) => Math.max(min, Math.min(max, Math.floor(value)));

/**
 * Portfolio sizes that fit the budget at the warm-up's rates (events/s per run): three
 * quarters for the timed rounds, a quarter for the redelivery (every event twice, counted as
 * half as dear again: shuffled events conflict more).
 */
function sizes(options: IngestionOptions, runs: number, warm: ReadonlyMap<string, number>) {
  const cost = (key: string) => 1 / Math.max(1, warm.get(key) ?? 1);
  const budget = options.budgetSeconds ?? 90;
  const round = RUNS.reduce((sum, run) => sum + cost(runKey(run.workload, run.portfolio)), 0);
  const redelivery = 2 * 1.5 * (cost(runKey('ingestion', 'spread')) + cost(runKey('consumer', 'spread')));
  return {
    timed: options.transactionEvents ?? clamp((0.75 * budget) / (runs * round), 300, 3000),
    redelivered: options.redeliveredEvents ?? clamp((0.25 * budget) / redelivery, 100, 1000),
  };
}

function callsFigure(
  path: Workload,
  portfolio: Spread,
  delivery: CallsFigure['delivery'],
  distinctEvents: number,
  deliveries: number,
  tally: DeliveryTally,
): CallsFigure {
  return {
    path,
    portfolio,
    delivery,
    distinctEvents,
    deliveries,
    perDelivery: Object.fromEntries(Object.entries(tally.requests).map(([op, n]) => [op, n / deliveries])),
    ingestionWritesPerDelivery: tally.ingestionWrites / deliveries,
    multiWriteDeliveries: tally.multiWriteDeliveries,
    gradingsPerDelivery: tally.gradings / deliveries,
    outcomes: tally.outcomes,
  };
}

/**
 * Ingestion throughput against DynamoDB Local, TransactionPosted events per second: through the
 * consumer and the grader until settled (consumeEvent: known-customer check, transactional
 * write, a grading request to the local FIFO Grading queue; the grader, as deployed, grading
 * each customer of a batch once; timed until every event is applied, the queue drained and the
 * last grading written), through the ingestion alone (ingestEvent), and a raw baseline writing
 * the same items with plain single-item writes at the same concurrency, each on a fresh table;
 * for a spread-out portfolio (`customers` customers) and one hot customer with as many events.
 * Plus the DynamoDB requests per delivered event, in order and shuffled with redelivery.
 */
export async function measureIngestion(options: IngestionOptions = {}): Promise<IngestionFigures> {
  const customers = options.customers ?? 50;
  const inFlight = options.inFlight ?? 8;
  const runs = options.runs ?? 3;
  const portfolioOf = (spread: Spread, size: number, seed: number) =>
    transactions(spread === 'hot' ? 1 : customers, size, seed);
  const warmUps = { spread: portfolioOf('spread', 200, 7002), hot: portfolioOf('hot', 200, 7012) };
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const step = (message: string) =>
    options.progress?.(`ingestion bench ${elapsed().toFixed(1)} s: ${message}`);
  const dynamo = await startDynamoDbLocal({});
  try {
    const run = (workload: Workload, p: Portfolio, events = p.events) =>
      onFreshTable(dynamo.endpoint, workload, p.customerIds, events, inFlight);

    // Warm-up: JIT on both sides (Node, and DynamoDB Local's JVM) before anything is timed;
    // a first untimed pass soaks the fresh JVM, then the rates of a second size the portfolios.
    await run('raw', warmUps.spread);
    const warm = new Map<string, number>();
    for (const { workload, portfolio } of RUNS) {
      const p = warmUps[portfolio];
      const tally = await run(workload, p);
      warm.set(runKey(workload, portfolio), p.events.length / tally.seconds);
      step(`warm-up ${workload} ${portfolio}: ${(p.events.length / tally.seconds).toFixed(0)} events/s`);
    }
    const size = sizes(options, runs, warm);
    const portfolios = {
      spread: portfolioOf('spread', size.timed, 7001),
      hot: portfolioOf('hot', size.timed, 7011),
    };
    const redelivered = portfolioOf('spread', size.redelivered, 7003);
    const n = portfolios.spread.events.length;

    const rates = new Map<string, number[]>(RUNS.map((r) => [runKey(r.workload, r.portfolio), []]));
    const last = new Map<string, DeliveryTally>();
    for (let round = 0; round < runs; round += 1) {
      // Rotated, so that no workload always runs first (or last) in a round.
      for (let k = 0; k < RUNS.length; k += 1) {
        const { workload, portfolio } = RUNS[(round + k) % RUNS.length] ?? {
          workload: 'raw',
          portfolio: 'spread',
        };
        const p = portfolios[portfolio];
        const tally = await run(workload, p);
        // Distinct events delivered once must all be applied, or the figure measures something else.
        const applied =
          (tally.outcomes.applied ?? 0) + (tally.outcomes.accepted ?? 0) + (tally.outcomes.written ?? 0);
        if (applied !== p.events.length)
          throw new Error(
            `${workload} ${portfolio}: not every event applied ${JSON.stringify(tally.outcomes)}`,
          );
        rates.get(runKey(workload, portfolio))?.push(p.events.length / tally.seconds);
        last.set(runKey(workload, portfolio), tally);
        step(
          `run ${round + 1} ${workload} ${portfolio}: ${p.events.length} events in ${tally.seconds.toFixed(1)} s`,
        );
      }
    }
    const rate = (workload: Workload, portfolio: Spread) =>
      median(rates.get(runKey(workload, portfolio)) ?? []);
    const throughput = RUNS.map(({ workload, portfolio }): ThroughputFigure => {
      const eventsPerSecond = rate(workload, portfolio);
      const tally = last.get(runKey(workload, portfolio));
      const events = portfolios[portfolio].events.length;
      return {
        workload,
        portfolio,
        customers: portfolios[portfolio].customerIds.length,
        eventsPerSecond,
        runsEventsPerSecond: rates.get(runKey(workload, portfolio)) ?? [],
        ratioToRaw: eventsPerSecond / rate('raw', portfolio),
        ...(workload === 'consumer' && tally !== undefined
          ? {
              gradingsPerEvent: tally.gradings / events,
              gradingRequestsPerEvent: tally.gradingRequests / events,
            }
          : {}),
      };
    });

    const calls: CallsFigure[] = [];
    for (const { workload, portfolio } of RUNS) {
      const tally = last.get(runKey(workload, portfolio));
      const events = portfolios[portfolio].events.length;
      if (tally !== undefined)
        calls.push(callsFigure(workload, portfolio, 'in order', events, events, tally));
    }
    const twice = shuffled(
      redelivered.events.flatMap((event) => [event, event]),
      7004,
    );
    for (const path of ['ingestion', 'consumer'] as const) {
      const tally = await run(path, redelivered, twice);
      calls.push(
        callsFigure(
          path,
          'spread',
          'shuffled, every event twice',
          redelivered.events.length,
          twice.length,
          tally,
        ),
      );
      step(`redelivery ${path}: ${twice.length} deliveries in ${tally.seconds.toFixed(1)} s`);
    }
    return {
      transactionEvents: n,
      seconds: elapsed(),
      customers,
      inFlight,
      runs,
      throughput,
      hotToSpread: rate('consumer', 'hot') / rate('consumer', 'spread'),
      spreadToRaw: rate('consumer', 'spread') / rate('raw', 'spread'),
      calls,
    };
  } finally {
    await dynamo.stop();
  }
}
