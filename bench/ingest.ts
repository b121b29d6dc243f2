import { startDynamoDbLocal } from '../infra/local/dynamodb-local.js';
import type { ConsumedEvent } from '../shared/lambda/event-bridge.js';
import { shuffled, syntheticPortfolio } from '../test/integration/activity/synthetic.js';
import {
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
  /** TransactionPosted events of the timed portfolio: a fixed size instead of the budget's. */
  readonly transactionEvents?: number;
  /** Distinct TransactionPosted events of the shuffled redelivery (each delivered twice). */
  readonly redeliveredEvents?: number;
  readonly customers?: number;
  readonly inFlight?: number;
  /** Timed runs per workload; the median is reported. */
  readonly runs?: number;
  /** Told of each step as it ends (the bench prints it on stderr). */
  readonly progress?: (message: string) => void;
}

export interface ThroughputFigure {
  readonly workload: Workload;
  /** Median over the runs. */
  readonly eventsPerSecond: number;
  readonly runsEventsPerSecond: readonly number[];
  /** eventsPerSecond ÷ the raw baseline's (1 for the baseline itself). */
  readonly ratioToRaw: number;
}

export interface CallsFigure {
  readonly path: Workload;
  readonly delivery: 'in order' | 'shuffled, every event twice';
  readonly distinctEvents: number;
  readonly deliveries: number;
  /** DynamoDB requests per delivery, by operation (counted on the client, one attempt each). */
  readonly perDelivery: Readonly<Record<string, number>>;
  /** The ingestion's own TransactWriteItems per delivery (ConsumeResult/IngestResult `writes`). */
  readonly ingestionWritesPerDelivery: number;
  /** Deliveries whose ingestion took more than one TransactWriteItems (see TransactionWriteResult). */
  readonly multiWriteDeliveries: number;
  readonly outcomes: Readonly<Record<string, number>>;
}

export interface IngestionFigures {
  readonly transactionEvents: number;
  readonly seconds: number;
  readonly customers: number;
  readonly inFlight: number;
  readonly runs: number;
  readonly throughput: readonly ThroughputFigure[];
  readonly calls: readonly CallsFigure[];
}

interface Portfolio {
  readonly customerIds: readonly string[];
  readonly events: readonly ConsumedEvent[];
}

const WORKLOADS: readonly Workload[] = ['raw', 'ingestion', 'consumer'];

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
 * Delivers `events` through one workload on a fresh table, the customers registered first
 * (the raw baseline needs none). Only the delivery is timed.
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
    return await deliver(world, workload, events, inFlight, raw);
  } finally {
    world.close();
  }
}

const clamp = (value: number, min: number, max: number) => Math.max(min, Math.min(max, Math.floor(value)));

/**
 * Portfolio sizes that fit the budget at the warm-up's rates (events/s per workload): three
 * quarters for the timed rounds, a quarter for the redelivery (every event twice, counted as
 * half as dear again: a duplicate still regrades, and shuffled events conflict more).
 */
function sizes(options: IngestionOptions, runs: number, warm: ReadonlyMap<Workload, number>) {
  const cost = (workload: Workload) => 1 / Math.max(1, warm.get(workload) ?? 1);
  const budget = options.budgetSeconds ?? 90;
  const round = cost('raw') + cost('ingestion') + cost('consumer');
  const redelivery = 2 * 1.5 * (cost('ingestion') + cost('consumer'));
  return {
    timed: options.transactionEvents ?? clamp((0.75 * budget) / (runs * round), 300, 3000),
    redelivered: options.redeliveredEvents ?? clamp((0.25 * budget) / redelivery, 100, 1000),
  };
}

function callsFigure(
  path: Workload,
  delivery: CallsFigure['delivery'],
  distinctEvents: number,
  deliveries: number,
  tally: DeliveryTally,
): CallsFigure {
  return {
    path,
    delivery,
    distinctEvents,
    deliveries,
    perDelivery: Object.fromEntries(Object.entries(tally.requests).map(([op, n]) => [op, n / deliveries])),
    ingestionWritesPerDelivery: tally.ingestionWrites / deliveries,
    multiWriteDeliveries: tally.multiWriteDeliveries,
    outcomes: tally.outcomes,
  };
}

/**
 * Ingestion throughput against DynamoDB Local: TransactionPosted events per second through
 * the consumer (consumeEvent: known-customer check, transactional write, consistent read,
 * grading) and through the ingestion alone (ingestEvent), beside a raw baseline writing the
 * same items with plain single-item writes at the same concurrency, each on a fresh table;
 * plus the DynamoDB requests per delivered event, in order and shuffled with redelivery.
 */
export async function measureIngestion(options: IngestionOptions = {}): Promise<IngestionFigures> {
  const customers = options.customers ?? 50;
  const inFlight = options.inFlight ?? 8;
  const runs = options.runs ?? 3;
  const warmUp = transactions(customers, 200, 7002);
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
    await run('raw', warmUp);
    const warm = new Map<Workload, number>();
    for (const workload of WORKLOADS) {
      const tally = await run(workload, warmUp);
      warm.set(workload, warmUp.events.length / tally.seconds);
      step(`warm-up ${workload}: ${(warmUp.events.length / tally.seconds).toFixed(0)} events/s`);
    }
    const size = sizes(options, runs, warm);
    const portfolio = transactions(customers, size.timed, 7001);
    const redelivered = transactions(customers, size.redelivered, 7003);
    const n = portfolio.events.length;

    const rates = new Map<Workload, number[]>(WORKLOADS.map((w) => [w, []]));
    const inOrder = new Map<Workload, DeliveryTally>();
    for (let round = 0; round < runs; round += 1) {
      // Rotated, so that no workload always runs first (or last) in a round.
      for (let k = 0; k < WORKLOADS.length; k += 1) {
        const workload = WORKLOADS[(round + k) % WORKLOADS.length] as Workload;
        const tally = await run(workload, portfolio);
        // Distinct events delivered once must all be applied, or the figure measures something else.
        const applied =
          (tally.outcomes.applied ?? 0) + (tally.outcomes.accepted ?? 0) + (tally.outcomes.written ?? 0);
        if (applied !== n)
          throw new Error(`${workload}: not every event applied ${JSON.stringify(tally.outcomes)}`);
        rates.get(workload)?.push(n / tally.seconds);
        inOrder.set(workload, tally);
        step(`run ${round + 1} ${workload}: ${n} events in ${tally.seconds.toFixed(1)} s`);
      }
    }
    const rawRate = median(rates.get('raw') ?? []);
    const throughput = WORKLOADS.map((workload) => {
      const samples = rates.get(workload) ?? [];
      const eventsPerSecond = median(samples);
      return {
        workload,
        eventsPerSecond,
        runsEventsPerSecond: samples,
        ratioToRaw: eventsPerSecond / rawRate,
      };
    });

    const calls: CallsFigure[] = [];
    const twice = shuffled(
      redelivered.events.flatMap((event) => [event, event]),
      7004,
    );
    for (const path of WORKLOADS) {
      const last = inOrder.get(path);
      if (last !== undefined) calls.push(callsFigure(path, 'in order', n, n, last));
      if (path === 'raw') continue;
      const tally = await run(path, redelivered, twice);
      calls.push(
        callsFigure(path, 'shuffled, every event twice', redelivered.events.length, twice.length, tally),
      );
      step(`redelivery ${path}: ${twice.length} deliveries in ${tally.seconds.toFixed(1)} s`);
    }
    return { transactionEvents: n, seconds: elapsed(), customers, inFlight, runs, throughput, calls };
  } finally {
    await dynamo.stop();
  }
}
