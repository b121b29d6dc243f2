import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { ActivitySummaryChanged } from '../functions/activity/events.js';
import type { ChurnFeatures, SummaryMonth } from '../functions/retention/domain/model.js';
import { churnRescoreMaxDelaySeconds } from '../functions/retention/domain/settings.js';
import { retentionCapability } from '../functions/retention/index.js';
import { CHURN_RESCORE_JOB, dailyPassSegment } from '../functions/retention/service/daily.js';
import type { ScoringDeps } from '../functions/retention/service/deps.js';
import { type ConsumerDeps, consumeRetentionEvent } from '../functions/retention/service/features.js';
import { cachedModelReader } from '../functions/retention/service/model.js';
import type { CaseOpener, CaseOpening } from '../functions/retention/service/ports.js';
import { type RequestedRescore, rescoreIfOwed } from '../functions/retention/service/rescore.js';
import { CHURN_RESCORING } from '../functions/retention/service/rescoring.js';
import { DynamoChurnModelStore } from '../functions/retention/store/dynamo-model-store.js';
import { DynamoScoringStore } from '../functions/retention/store/dynamo-scoring-store.js';
import { DynamoFeaturesSegments } from '../functions/retention/store/features-segments.js';
import { featuresKey, riskKey } from '../functions/retention/store/keys.js';
import { localDynamoDbClient } from '../infra/local/dynamodb-local.js';
import { LocalFifoQueue } from '../infra/local/fifo-queue.js';
import { createIsolatedTables } from '../infra/local/tables.js';
import { LocalAuditSigner } from '../shared/audit/index.js';
import type { CoalescedWorkSpec } from '../shared/capability/types.js';
import { documentClientOf } from '../shared/dynamodb/client.js';
import { buildEvent } from '../shared/events/index.js';
import { coalescedWorkHandler } from '../shared/lambda/coalesced-work.js';
import { type EventBridgeDelivery, eventBridgeHandler } from '../shared/lambda/event-bridge.js';
import { JobItems } from '../shared/messaging/job-items.js';
import { cstDayOf, isoDateOfDay } from '../shared/time/civil-day.js';
import { ControlledClock } from '../shared/time/clock.js';
import { startBenchDynamo } from './bench-dynamo.js';
import { localWorkRequests } from './local-work-requests.js';
import { percentile, timed } from './measure.js';

/**
 * The churn early warning's hot paths (docs/domain-rules.md §20.4) on DynamoDB Local:
 * - the daily pass (RetentionJobs' `daily` job: every customer's features paged from the
 *   byEntity index and scored again, each score written with its level counts and history) over
 *   N customers, in customers per second, against a raw read baseline: the same features items
 *   paged with the same client, nothing scored or written;
 * - a signal event end to end (the RetentionConsumer's handler in process: parse, apply to the
 *   features, request the rescore; then the RetentionRescorer's handler fed by the local FIFO
 *   queue class: score, write), p50/p99 against the same DynamoDB round trips done raw (read
 *   the features, write them back, read them again with the risk, write both);
 * - coalescing: the same number of signal events for one customer (a burst) and spread over
 *   many, 8 deliveries in flight, the consumer requesting and the rescorer draining the queue
 *   (the ChurnRescoring spec's concurrency): settle time (every event applied and the queue
 *   drained), events per second, rescore runs and rescores written per event.
 * N is RETENTION_BENCH_CUSTOMERS (default 1,000, to keep the default run under a minute). Case openings
 * are counted, not run: opening a case is a transaction and a Step Functions start, which
 * DynamoDB Local alone cannot measure (the e2e test runs them in the local cloud).
 */

export interface RetentionFigures {
  readonly customers: number;
  readonly alerts: number;
  readonly dailyPass: {
    /** The first pass: every customer scored for the first time (every risk item new). */
    readonly firstPerSecond: number;
    /** A day later: every score written again, the time-driven signals moved. */
    readonly nextDayPerSecond: number;
    /** The features items scanned alone (same client, same page size). */
    readonly rawReadPerSecond: number;
    /** nextDay ÷ raw read. */
    readonly ratio: number;
    /** DynamoDB requests of the day-later pass by operation (every customer's, retries included). */
    readonly nextDayOperations: Readonly<Record<string, number>>;
  };
  readonly rescoreOnEvent: {
    readonly samples: number;
    readonly p50Ms: number;
    readonly p99Ms: number;
    readonly rawP50Ms: number;
    readonly rawP99Ms: number;
    readonly dynamodbOperations: Readonly<Record<string, number>>;
  };
  /** The same events for one customer (`hot`) and spread over many (`spread`). */
  readonly coalescing: readonly CoalescingFigure[];
}

/** One coalescing workload: its events settled through the consumer and the ChurnRescoring queue. */
export interface CoalescingFigure {
  readonly workload: 'hot' | 'spread';
  readonly customers: number;
  readonly events: number;
  /** From the first delivery to every event applied and the queue drained. */
  readonly settleMs: number;
  readonly eventsPerSecond: number;
  /** Customers the rescorer ran for (one per customer of each batch), per event. */
  readonly runsPerEvent: number;
  /** Rescores written (the others found the score current or unchanged), per event. */
  readonly writesPerEvent: number;
  /** Batches the queue handed the rescorer. */
  readonly batches: number;
  /** Deliveries the consumer lost to a revision race too often (delivered again, as EventBridge does). */
  readonly redeliveries: number;
}

const NOW = new Date('2026-12-04T02:00:00.000Z');
const DAY = 86_400_000;
const PAGE_SIZE = 100;
const SEED_CONCURRENCY = 16;
const EVENT_SAMPLES = 200;
/** Signal events per coalescing workload, and deliveries in flight. */
const COALESCING_EVENTS = 200;
const COALESCING_IN_FLIGHT = 8;
/** The spread workload's customers (the hot one's events spread over them). */
const SPREAD_CUSTOMERS = 50;

/** The six complete months before NOW's, newest first. */
const MONTHS = ['2026-11', '2026-10', '2026-09', '2026-08', '2026-07', '2026-06'];

/**
 * Customer `n`'s features: activity in every month, a recent last transaction day; every 25th
 * quiet for 185 days (inactive), every 10th with AUM falling by half, every 15th with an open
 * complaint, every 20th with a poor survey answer. Deterministic.
 */
function featuresOf(n: number): ChurnFeatures {
  const quiet = n % 25 === 0;
  const falling = n % 10 === 0;
  const months: SummaryMonth[] = MONTHS.map((month, i) => ({
    month,
    transactions: quiet ? 0 : 4 + ((n + i) % 9),
    aum: (falling && i < 2 ? 2_000_000 : 5_000_000) + ((n * 7919) % 100_000) * 100,
    outflows: (n * 31 + i) % 500_000,
  }));
  const lastDay = isoDateOfDay(cstDayOf(new Date(NOW.getTime() - (quiet ? 185 : 1 + (n % 20)) * DAY)));
  return {
    customerId: customerIdOf(n),
    registeredAt: '2024-03-01T02:00:00.000Z',
    relationship: 'active',
    branch: `BR${String(n % 20).padStart(2, '0')}`,
    rmId: `rm-${n % 100}`,
    profileVersion: 1,
    activity: { lastTransactionDay: lastDay, months, currency: 'CNY', at: NOW.toISOString() },
    complaints: { open: n % 15 === 0 ? [`cmp_bench_${n}`] : [] },
    ...(n % 20 === 0 ? { survey: { csat: 2, nps: 5, at: '2026-11-20T02:00:00.000Z' } } : {}),
    holdings: {},
    failedChannels: [],
    lifecycleStage: quiet ? 'dormant' : 'mature',
    lifecycleStageAt: NOW.toISOString(),
  };
}

function customerIdOf(n: number): string {
  return `cus_bench_${String(n).padStart(6, '0')}`;
}

/** Opens nothing: counts the alerts a real opener would have opened a case for. */
class CountingCaseOpener implements CaseOpener {
  openings = 0;
  async openFor(opening: CaseOpening): Promise<{ opened: boolean; caseId: string }> {
    this.openings += 1;
    return { opened: true, caseId: `ret_bench_${opening.customerId}` };
  }
}

/** The ChurnRescoring spec as the capability declares it (its queue's concurrency). */
function rescoringSpec(): CoalescedWorkSpec {
  const spec = retentionCapability.coalescedWork?.find((work) => work.id === CHURN_RESCORING.id);
  if (spec === undefined) throw new Error('The retention capability declares no ChurnRescoring work');
  return spec;
}

/** A Lambda context for calling one of the capability's handlers in process. */
function benchContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: 'bench',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'bench',
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

async function bounded(count: number, concurrency: number, work: (i: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next;
      next += 1;
      await work(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

export async function measureRetention(
  customers = Number(process.env.RETENTION_BENCH_CUSTOMERS ?? 1_000),
): Promise<RetentionFigures> {
  if (!Number.isInteger(customers) || customers < 1) {
    throw new Error('RETENTION_BENCH_CUSTOMERS must be a whole number of customers, at least 1');
  }
  const bench = await startBenchDynamo();
  // The measured code and the raw baseline use the same client (through the counting proxy).
  const db = documentClientOf(localDynamoDbClient(bench.proxy.url));
  try {
    const { tables } = await createIsolatedTables(bench.endpoint, {
      prefix: 'bench-ret-',
      capabilities: [retentionCapability],
    });
    const table = tables.Retention ?? '';
    const clock = new ControlledClock(NOW);
    const scoring = new DynamoScoringStore(db, table);
    const modelStore = new DynamoChurnModelStore(
      db,
      { table, auditTable: tables.RetentionAudit ?? '' },
      new LocalAuditSigner(Buffer.alloc(32, 7)),
    );
    const opener = new CountingCaseOpener();
    const scoringDeps: ScoringDeps = {
      scoring,
      models: cachedModelReader(modelStore, { clock }),
      caseOpener: opener,
      clock,
      settings: { historyLimit: 50 },
    };
    // The rescorer's handler as deployed (coalescedWorkHandler around the ChurnRescoring work),
    // fed by the local FIFO queue with the spec's concurrency; its outcomes counted.
    const outcomes: Record<RequestedRescore, number> = { rescored: 0, current: 0, unchanged: 0, unscored: 0 };
    const rescorer = coalescedWorkHandler({
      workId: CHURN_RESCORING.id,
      work: async (customerId) => {
        outcomes[await rescoreIfOwed(scoringDeps, customerId)] += 1;
      },
      maxDelaySeconds: churnRescoreMaxDelaySeconds({}),
      clock,
      deadLetters: {
        send: async () => {
          throw new Error('A bench rescore request was malformed');
        },
      },
    });
    const rescorerContext = benchContext('RetentionRescorer');
    const queue = new LocalFifoQueue({
      name: 'bench-ChurnRescoring.fifo',
      deliver: (event) => rescorer(event, rescorerContext),
      maxConcurrency: rescoringSpec().maxConcurrency,
      clock,
    });
    const deps: ConsumerDeps & ScoringDeps = {
      ...scoringDeps,
      caseEvents: async () => false,
      rescoreRequests: localWorkRequests(queue, clock),
    };

    console.error(`Retention bench: writing ${customers} customers' features…`);
    await bounded(customers, SEED_CONCURRENCY, async (n) => {
      const written = await scoring.putFeatures({
        record: { features: featuresOf(n), erased: false },
        expectedRevision: 0,
      });
      if (!written) throw new Error(`features of customer ${n} not written`);
    });

    const items = () => new JobItems('churn-rescore', { send: async () => {} });
    const trips = () =>
      Object.fromEntries(
        [...bench.proxy.counts.entries()].filter(([operation]) => operation.startsWith('DynamoDB_')),
      );
    // The whole book as one segment: one worker's throughput (the pass machine runs many).
    const segments = new DynamoFeaturesSegments(db, table);
    const wholeBook = { segment: 0, totalSegments: 1 };
    const pass = async () => {
      bench.proxy.reset();
      const start = performance.now();
      const run = await dailyPassSegment(
        deps,
        segments,
        items(),
        {
          pass: 'DailyChurnRescore',
          job: CHURN_RESCORE_JOB,
          ...wholeBook,
          startedAt: clock.now().toISOString(),
        },
        () => true,
        { pageSize: PAGE_SIZE },
      );
      const seconds = (performance.now() - start) / 1000;
      if (run.processed !== customers || run.failed > 0) {
        throw new Error(`daily pass scored ${run.processed} of ${customers}, ${run.failed} failed`);
      }
      return { perSecond: customers / seconds, operations: trips() };
    };
    console.error('Retention bench: the daily pass, first scores…');
    const first = await pass();
    const alerts = opener.openings;
    clock.advance(DAY);
    console.error('Retention bench: the daily pass, a day later…');
    const nextDay = await pass();

    // The raw baseline: the same segment scanned with the same client and page size, nothing else.
    const rawStart = performance.now();
    let read = 0;
    let cursor: string | undefined;
    do {
      const page = await segments.page(wholeBook, cursor, PAGE_SIZE);
      read += page.keys.length;
      cursor = page.cursor;
    } while (cursor !== undefined);
    const rawReadPerSecond = read / ((performance.now() - rawStart) / 1000);

    // Signal event `seq` for customer `n`, newer than any before it: the customer's last
    // transaction day moves to yesterday and the month's count changes (the features change,
    // the score is written again).
    const handler = eventBridgeHandler((event) => consumeRetentionEvent(deps, event), {
      deadLetters: {
        send: async () => {
          throw new Error('The bench event was dead-lettered');
        },
      },
    });
    const context = benchContext('RetentionConsumer');
    const signal = (n: number, seq: number): EventBridgeDelivery => {
      const now = clock.now();
      const features = featuresOf(n);
      const [latest, ...older] = features.activity?.months ?? [];
      const months = latest === undefined ? [] : [{ ...latest, transactions: 1 + (seq % 40) }, ...older];
      const event = buildEvent(
        ActivitySummaryChanged,
        {
          customerId: features.customerId,
          lastTransactionDay: isoDateOfDay(cstDayOf(new Date(now.getTime() - DAY))),
          months,
          currency: 'CNY',
          at: new Date(now.getTime() + seq).toISOString(),
        },
        now,
      );
      return {
        id: `bench-${seq}`,
        source: event.source,
        'detail-type': event.detailType,
        time: now.toISOString(),
        detail: event.detail,
      };
    };
    const consume = (delivery: EventBridgeDelivery) => handler(delivery, context);
    /** One event end to end: applied and requested, then the queue drained (the rescore written). */
    const deliver = async (i: number) => {
      await consume(signal((i * 37) % customers, i));
      await queue.whenIdle();
    };
    await deliver(0);
    bench.proxy.reset();
    await deliver(1);
    const dynamodbOperations = trips();
    const samples = await timed(EVENT_SAMPLES, (i) => deliver(i + 2));
    // The same round trips done raw: read the features and write them back (the features
    // transaction), read them again with the risk, write both (the rescore transaction).
    const rawSamples = await timed(EVENT_SAMPLES, async (i) => {
      const customerId = customerIdOf((i * 41) % customers);
      const get = async (Key: Record<string, string>) => {
        const read = await db.send(new GetCommand({ TableName: table, Key, ConsistentRead: true }));
        if (read.Item === undefined) throw new Error(`${customerId} was not scored`);
        return read.Item;
      };
      const put = (items: readonly Record<string, unknown>[]) =>
        db.send(
          new TransactWriteCommand({
            TransactItems: items.map((Item) => ({ Put: { TableName: table, Item } })),
          }),
        );
      await put([await get(featuresKey(customerId))]);
      const features = await get(featuresKey(customerId));
      const risk = await get(riskKey(customerId));
      await put([features, risk]);
    });
    // Coalescing: the same events for one customer and spread over many, 8 in flight.
    let seq = EVENT_SAMPLES + 2;
    const coalesce = async (
      workload: CoalescingFigure['workload'],
      customerOf: (k: number) => number,
    ): Promise<CoalescingFigure> => {
      const base = seq;
      seq += COALESCING_EVENTS;
      for (const outcome of Object.keys(outcomes) as RequestedRescore[]) outcomes[outcome] = 0;
      const batchesBefore = queue.stats.batches;
      let redeliveries = 0;
      console.error(`Retention bench: ${COALESCING_EVENTS} signal events, ${workload}…`);
      const start = performance.now();
      await bounded(COALESCING_EVENTS, COALESCING_IN_FLIGHT, async (k) => {
        const delivery = signal(customerOf(k), base + k);
        // What EventBridge does with a delivery that failed for a transient reason (a record
        // that kept changing under concurrent deliveries): it delivers it again.
        for (let attempt = 1; ; attempt += 1) {
          try {
            await consume(delivery);
            return;
          } catch (error) {
            if (attempt >= 10) throw error;
            redeliveries += 1;
          }
        }
      });
      await queue.whenIdle();
      const settleMs = performance.now() - start;
      if (queue.deadLetters.length > 0) throw new Error('A bench rescore request was dead-lettered');
      const runs = outcomes.rescored + outcomes.current + outcomes.unchanged + outcomes.unscored;
      const distinct = new Set(Array.from({ length: COALESCING_EVENTS }, (_, k) => customerOf(k))).size;
      return {
        workload,
        customers: distinct,
        events: COALESCING_EVENTS,
        settleMs,
        eventsPerSecond: COALESCING_EVENTS / (settleMs / 1000),
        runsPerEvent: runs / COALESCING_EVENTS,
        writesPerEvent: outcomes.rescored / COALESCING_EVENTS,
        batches: queue.stats.batches - batchesBefore,
        redeliveries,
      };
    };
    const spreadOver = Math.min(SPREAD_CUSTOMERS, customers);
    const spread = await coalesce('spread', (k) => k % spreadOver);
    const hot = await coalesce('hot', () => 0);

    return {
      customers,
      alerts,
      dailyPass: {
        firstPerSecond: first.perSecond,
        nextDayPerSecond: nextDay.perSecond,
        rawReadPerSecond,
        ratio: nextDay.perSecond / rawReadPerSecond,
        nextDayOperations: nextDay.operations,
      },
      rescoreOnEvent: {
        samples: EVENT_SAMPLES,
        p50Ms: percentile(samples, 50),
        p99Ms: percentile(samples, 99),
        rawP50Ms: percentile(rawSamples, 50),
        rawP99Ms: percentile(rawSamples, 99),
        dynamodbOperations,
      },
      coalescing: [spread, hot],
    };
  } finally {
    db.destroy();
    await bench.stop();
  }
}

/** Prints the figures as the bench shows them. */
export function printRetention(figures: RetentionFigures): void {
  const { dailyPass: daily, rescoreOnEvent: event } = figures;
  console.log(
    `\nChurn daily pass over ${figures.customers} customers (${figures.alerts} alerts at the first pass) against paging their features alone`,
  );
  console.table([
    {
      'first pass /s': daily.firstPerSecond.toFixed(0),
      'a day later /s': daily.nextDayPerSecond.toFixed(0),
      'raw read /s': daily.rawReadPerSecond.toFixed(0),
      ratio: daily.ratio.toFixed(3),
    },
  ]);
  console.log(`daily pass, a day later: ${JSON.stringify(daily.nextDayOperations)}`);
  console.log(
    '\nA signal event end to end (the consumer handler in process, then the rescorer through the local FIFO queue) against its raw round trips',
  );
  console.table([
    {
      'p50 ms': event.p50Ms.toFixed(2),
      'p99 ms': event.p99Ms.toFixed(2),
      'raw p50 ms': event.rawP50Ms.toFixed(2),
      'raw p99 ms': event.rawP99Ms.toFixed(2),
      ratio: (event.p50Ms / event.rawP50Ms).toFixed(2),
    },
  ]);
  console.log(`rescore on event: ${JSON.stringify(event.dynamodbOperations)}`);
  console.log(
    '\nChurn rescoring coalesced per customer: the same signal events for one customer (hot) and spread, 8 in flight, through the local FIFO queue',
  );
  console.table(
    figures.coalescing.map((figure) => ({
      workload: figure.workload,
      customers: figure.customers,
      events: figure.events,
      'settle ms': figure.settleMs.toFixed(0),
      'events /s': figure.eventsPerSecond.toFixed(0),
      'runs / event': figure.runsPerEvent.toFixed(3),
      'writes / event': figure.writesPerEvent.toFixed(3),
      batches: figure.batches,
      redeliveries: figure.redeliveries,
    })),
  );
  const [spread, hot] = figures.coalescing;
  if (spread !== undefined && hot !== undefined) {
    console.log(`hot ÷ spread events/s: ${(hot.eventsPerSecond / spread.eventsPerSecond).toFixed(2)}`);
  }
}
