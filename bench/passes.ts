import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_SEGMENTATION_CONFIG } from '../functions/activity/domain/segmentation/config.js';
import { transactionAmountCaps } from '../functions/activity/domain/settings.js';
import { activityCapability } from '../functions/activity/index.js';
import { consumeEvent } from '../functions/activity/service/consume.js';
import type { IngestDeps } from '../functions/activity/service/deps.js';
import { regradeCustomer } from '../functions/activity/service/grade.js';
import { REGRADE_CONCURRENCY, regradeSegment } from '../functions/activity/service/housekeeping.js';
import { DynamoActivityStore } from '../functions/activity/store/dynamo-activity-store.js';
import { DynamoSegmentationConfigStore } from '../functions/activity/store/dynamo-config-store.js';
import { DynamoGradingStore } from '../functions/activity/store/dynamo-grading-store.js';
import { REGRADE_SHARDS, regradeShardKey, regradeShardOf } from '../functions/activity/store/grading-keys.js';
import type { ChurnFeatures } from '../functions/retention/domain/model.js';
import { retentionCapability } from '../functions/retention/index.js';
import {
  CHURN_RESCORE_JOB,
  DAILY_CONCURRENCY,
  dailyPassSegment,
} from '../functions/retention/service/daily.js';
import type { ScoringDeps } from '../functions/retention/service/deps.js';
import { cachedModelReader } from '../functions/retention/service/model.js';
import { DynamoChurnModelStore } from '../functions/retention/store/dynamo-model-store.js';
import { DynamoScoringStore } from '../functions/retention/store/dynamo-scoring-store.js';
import { DynamoFeaturesSegments } from '../functions/retention/store/features-segments.js';
import { isRecord } from '../infra/local/asl.js';
import { localDynamoDbClient } from '../infra/local/dynamodb-local.js';
import { createIsolatedTables } from '../infra/local/tables.js';
import { LocalAuditSigner } from '../shared/audit/index.js';
import { documentClientOf } from '../shared/dynamodb/client.js';
import { queryAll } from '../shared/dynamodb/query.js';
import { JobItems } from '../shared/messaging/job-items.js';
import type { PassSegmentInput, PassSegmentOutput } from '../shared/passes/segment.js';
import { ControlledClock } from '../shared/time/clock.js';
import { type BenchDynamo, startBenchDynamo } from './bench-dynamo.js';

/**
 * The daily passes' worker rate (docs/operations.md, "Passes at scale"): customers processed per
 * second by ONE worker working its segment, on DynamoDB Local, with N customers seeded
 * (PASS_BENCH_CUSTOMERS, default 100,000) by batch writes of the real item layout: one customer
 * made by the real code (registered, a transaction, graded; its churn features written by the
 * retention store), its items read back and copied under N ids (the id replaced wherever it
 * appears, the regrade shard computed again for the new id).
 * - The regrade: every customer due (a dormancy turning over: each one a real change, written
 *   with its history, summary counters and outbox event), `regradeSegment` over whole segments
 *   of the 64, one after another, until at least SAMPLE customers were regraded.
 * - The churn rescore: `dailyPassSegment` over segments of the retention pass's parallel Scan,
 *   every customer scored (a first score: each one a write); then the same segments a day later,
 *   when no score moved and nothing is written.
 * The figure is one worker's: the pass machine runs `maxConcurrency` of them at once, each on its
 * own segment, so the pass's rate is this times the concurrency as long as DynamoDB keeps up
 * (the docs do that arithmetic with the table quotas). DynamoDB Local is one Java process on a
 * shared machine, not DynamoDB: the per-request latency differs, the operation counts do not.
 */

export interface PassWorkerFigure {
  readonly job: string;
  /** Customers the measured worker went through (whole segments). */
  readonly customers: number;
  readonly segments: number;
  readonly totalSegments: number;
  readonly seconds: number;
  readonly perSecond: number;
  /** Keys processed at once within a page. */
  readonly concurrency: number;
  /** Customers whose work failed (dead-lettered): none expected. */
  readonly failed: number;
  /** DynamoDB requests per customer by operation. */
  readonly operationsPerCustomer: Readonly<Record<string, number>>;
  /**
   * Capacity units per customer, as DynamoDB Local reports them (`ReturnConsumedCapacity:
   * INDEXES`, indexes included, transactions at their double rate), by table.
   */
  readonly readUnitsPerCustomer: Readonly<Record<string, number>>;
  readonly writeUnitsPerCustomer: Readonly<Record<string, number>>;
}

export interface PassFigures {
  readonly seeded: number;
  readonly seedSeconds: number;
  readonly regrade: PassWorkerFigure;
  /** The first score of every customer: each one a write. */
  readonly churnRescore: PassWorkerFigure;
  /**
   * The same segments the next day, nothing having changed: every score computed again and
   * none written (domain-rules §20.4), the pass as it runs on most nights.
   */
  readonly churnRescoreNextDay: PassWorkerFigure;
}

const T0 = new Date('2026-06-01T01:00:00.000Z');
const DAY = 86_400_000;
/** Customers one worker goes through, at least (whole segments). */
const SAMPLE = 5_000;
const TEMPLATE = 'cus_passtemplate0000';
const BATCH = 25;
const SEED_CONCURRENCY = 8;

export async function measurePasses(
  customers = Number(process.env.PASS_BENCH_CUSTOMERS ?? 100_000),
): Promise<PassFigures> {
  if (!Number.isInteger(customers) || customers < 1_000) {
    throw new Error('PASS_BENCH_CUSTOMERS must be a whole number of customers, at least 1,000');
  }
  const bench = await startBenchDynamo();
  const client = localDynamoDbClient(bench.proxy.url);
  const capacity = countCapacity(client);
  const db = documentClientOf(client);
  try {
    const started = performance.now();
    const activity = await seedActivity(bench, db, customers);
    const retention = await seedRetention(bench, db, customers);
    const seedSeconds = (performance.now() - started) / 1000;
    const regrade = await measureWorker(
      bench,
      capacity,
      'regrade',
      REGRADE_SHARDS,
      REGRADE_CONCURRENCY,
      (input) => regradeSegment(activity.deps, input, () => true, new JobItems('regrade', noLetters)),
    );
    const churnWork = (input: PassSegmentInput) =>
      dailyPassSegment(
        retention.deps,
        retention.segments,
        new JobItems(CHURN_RESCORE_JOB, noLetters),
        input,
        () => true,
      );
    const churnWorker = (label: string) =>
      measureWorker(bench, capacity, CHURN_RESCORE_JOB, 100, DAILY_CONCURRENCY, churnWork, label);
    const churnRescore = await churnWorker(CHURN_RESCORE_JOB);
    retention.clock.advance(DAY);
    const churnRescoreNextDay = await churnWorker(`${CHURN_RESCORE_JOB}, next day`);
    return { seeded: customers, seedSeconds, regrade, churnRescore, churnRescoreNextDay };
  } finally {
    db.destroy();
    await bench.stop();
  }
}

const noLetters = {
  send: async () => {
    throw new Error('No customer should fail in the bench');
  },
};

const customerIdOf = (n: number) => `cus_pass${String(n).padStart(12, '0')}`;

/** One worker on whole segments, one after another, until SAMPLE customers are done. */
async function measureWorker(
  bench: BenchDynamo,
  capacity: CapacityCount,
  job: string,
  totalSegments: number,
  concurrency: number,
  work: (input: PassSegmentInput) => Promise<PassSegmentOutput>,
  label = job,
): Promise<PassWorkerFigure> {
  console.error(`Passes bench: one ${label} worker over whole segments…`);
  bench.proxy.reset();
  capacity.reset();
  let processed = 0;
  let failed = 0;
  let segments = 0;
  const start = performance.now();
  for (let segment = 0; segment < totalSegments && processed < SAMPLE; segment++) {
    let cursor: string | undefined;
    do {
      const input: PassSegmentInput = {
        pass: job,
        job,
        segment,
        totalSegments,
        startedAt: new Date(T0.getTime() + 2 * DAY).toISOString(),
        ...(cursor === undefined ? {} : { cursor }),
      };
      const output = await work(input);
      processed += output.processed;
      failed += output.failed;
      cursor = output.cursor;
    } while (cursor !== undefined);
    segments += 1;
  }
  const seconds = (performance.now() - start) / 1000;
  const operationsPerCustomer = Object.fromEntries(
    [...bench.proxy.counts.entries()]
      .filter(([operation]) => operation.startsWith('DynamoDB_'))
      .map(([operation, count]) => [operation.replace('DynamoDB_20120810.', ''), round(count / processed)]),
  );
  const perCustomer = (units: ReadonlyMap<string, number>) =>
    Object.fromEntries(
      [...units].map(([table, total]) => [table.replace(/^bench-pass-/, ''), round(total / processed)]),
    );
  return {
    job: label,
    readUnitsPerCustomer: perCustomer(capacity.read),
    writeUnitsPerCustomer: perCustomer(capacity.write),
    customers: processed,
    segments,
    totalSegments,
    seconds,
    perSecond: processed / seconds,
    concurrency,
    failed,
    operationsPerCustomer,
  };
}

/**
 * The activity table with N customers due for a regrade: the template customer registered
 * 900 days before T0, its last transaction 179 days before, graded at T0; two days later every
 * copy of it is due and turns dormant.
 */
async function seedActivity(bench: BenchDynamo, db: DynamoDBDocumentClient, customers: number) {
  const { tables } = await createIsolatedTables(bench.endpoint, {
    prefix: 'bench-pass-',
    capabilities: [activityCapability],
  });
  const table = tables.Activity ?? '';
  const clock = new ControlledClock(T0);
  const configStore = new DynamoSegmentationConfigStore(
    db,
    { table, auditTable: tables.ActivityAudit ?? '' },
    new LocalAuditSigner(Buffer.alloc(32, 5)),
  );
  const deps: IngestDeps = {
    activity: new DynamoActivityStore(db, table, clock),
    grading: new DynamoGradingStore(db, table, tables.ActivityOutbox ?? ''),
    configStore,
    config: { current: async () => ({ version: 0, config: DEFAULT_SEGMENTATION_CONFIG }) },
    clock,
    parkingHours: 72,
    postedAtSkewSeconds: 300,
    amountCaps: transactionAmountCaps({}),
    // The template is graded explicitly below: its grading request has nowhere to go.
    gradingRequests: { request: async () => undefined },
  };
  const at = (days: number) => new Date(T0.getTime() - days * DAY).toISOString();
  await deps.grading.applyFacts(TEMPLATE, {
    kind: 'registered',
    customerType: 'individual',
    branch: 'BR01',
    rmId: 'rm-1',
    onboardedAt: at(900),
  });
  await consumeEvent(deps, {
    source: 'core-banking',
    detailType: 'TransactionPosted',
    id: 'evt-pass-template',
    time: at(179),
    detail: {
      transactionId: 'txn-pass-template',
      customerId: TEMPLATE,
      type: 'deposit',
      channel: 'mobile-banking',
      amount: 10_000,
      currency: 'CNY',
      status: 'success',
      postedAt: at(179),
    },
  });
  await regradeCustomer(deps, TEMPLATE);
  const template = await queryAll(db, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': `CUSTOMER#${TEMPLATE}` },
  });
  console.error(`Passes bench: seeding ${customers} activity customers (${template.length} items each)…`);
  await batchPut(db, table, customers, (n) =>
    template.map((item) => {
      const id = customerIdOf(n);
      const copy = renamed(item, TEMPLATE, id);
      return 'regradeShard' in copy ? { ...copy, regradeShard: regradeShardKey(regradeShardOf(id)) } : copy;
    }),
  );
  clock.set(new Date(T0.getTime() + 2 * DAY));
  return { deps };
}

/** The retention table with N customers' churn features, none scored yet. */
async function seedRetention(bench: BenchDynamo, db: DynamoDBDocumentClient, customers: number) {
  const { tables } = await createIsolatedTables(bench.endpoint, {
    prefix: 'bench-pass-',
    capabilities: [retentionCapability],
  });
  const table = tables.Retention ?? '';
  const clock = new ControlledClock(new Date(T0.getTime() + 2 * DAY));
  const scoring = new DynamoScoringStore(db, table);
  const modelStore = new DynamoChurnModelStore(
    db,
    { table, auditTable: tables.RetentionAudit ?? '' },
    new LocalAuditSigner(Buffer.alloc(32, 7)),
  );
  const deps: ScoringDeps = {
    scoring,
    models: cachedModelReader(modelStore, { clock }),
    caseOpener: { openFor: async (opening) => ({ opened: true, caseId: `ret_${opening.customerId}` }) },
    clock,
    settings: { historyLimit: 50 },
  };
  await scoring.putFeatures({ record: { features: templateFeatures(), erased: false }, expectedRevision: 0 });
  const template = await queryAll(db, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': `CUSTOMER#${TEMPLATE}` },
  });
  console.error(`Passes bench: seeding ${customers} retention customers (${template.length} items each)…`);
  await batchPut(db, table, customers, (n) =>
    template.map((item) => renamed(item, TEMPLATE, customerIdOf(n))),
  );
  return { deps, clock, segments: new DynamoFeaturesSegments(db, table) };
}

function templateFeatures(): ChurnFeatures {
  const at = T0.toISOString();
  return {
    customerId: TEMPLATE,
    registeredAt: '2024-03-01T02:00:00.000Z',
    relationship: 'active',
    branch: 'BR01',
    rmId: 'rm-1',
    profileVersion: 1,
    activity: {
      lastTransactionDay: '2026-05-20',
      months: ['2026-05', '2026-04', '2026-03', '2026-02', '2026-01', '2025-12'].map((month, i) => ({
        month,
        transactions: 4 + i,
        aum: 5_000_000,
        outflows: 10_000 * i,
      })),
      currency: 'CNY',
      at,
    },
    complaints: { open: [] },
    holdings: {},
    failedChannels: [],
    lifecycleStage: 'mature',
    lifecycleStageAt: at,
  };
}

/** The item with `from` replaced by `to` in every string attribute (keys, ids, index keys). */
function renamed(item: Record<string, unknown>, from: string, to: string): Record<string, unknown> {
  return JSON.parse(JSON.stringify(item).replaceAll(from, to)) as Record<string, unknown>;
}

/** BatchWriteItem of every customer's items, 25 a request, unprocessed items sent again. */
async function batchPut(
  db: DynamoDBDocumentClient,
  table: string,
  customers: number,
  itemsOf: (n: number) => Record<string, unknown>[],
): Promise<void> {
  const perCustomer = itemsOf(0).length;
  const perBatch = Math.max(1, Math.floor(BATCH / perCustomer));
  let next = 0;
  const worker = async () => {
    while (next < customers) {
      const from = next;
      next = Math.min(customers, next + perBatch);
      let requests = Array.from({ length: next - from }, (_, i) => itemsOf(from + i))
        .flat()
        .map((Item) => ({ PutRequest: { Item } }));
      while (requests.length > 0) {
        const result = await db.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
        requests = (result.UnprocessedItems?.[table] ?? []).flatMap((request) =>
          request.PutRequest?.Item === undefined ? [] : [{ PutRequest: { Item: request.PutRequest.Item } }],
        );
      }
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
}

interface CapacityCount {
  readonly read: Map<string, number>;
  readonly write: Map<string, number>;
  reset(): void;
}

const READS = new Set([
  'GetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'TransactGetItemsCommand',
]);

/** Asks DynamoDB for the consumed capacity of every request of `client` and adds it up by table. */
function countCapacity(client: DynamoDBClient): CapacityCount {
  const read = new Map<string, number>();
  const write = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const measured =
        context.commandName !== 'ListTablesCommand' && context.commandName !== 'CreateTableCommand';
      if (measured) Object.assign(args.input, { ReturnConsumedCapacity: 'INDEXES' });
      const result = await next(args);
      const into = READS.has(context.commandName ?? '') ? read : write;
      for (const { table, units } of consumedOf(result.output))
        into.set(table, (into.get(table) ?? 0) + units);
      return result;
    },
    { step: 'initialize', name: 'countCapacity' },
  );
  return {
    read,
    write,
    reset: () => {
      read.clear();
      write.clear();
    },
  };
}

/** The `ConsumedCapacity` of a DynamoDB answer (one entry, or one per table), by table. */
function consumedOf(output: unknown): { table: string; units: number }[] {
  if (!isRecord(output)) return [];
  return [output.ConsumedCapacity ?? []]
    .flat()
    .flatMap((consumed: unknown) =>
      isRecord(consumed) &&
      typeof consumed.TableName === 'string' &&
      typeof consumed.CapacityUnits === 'number'
        ? [{ table: consumed.TableName, units: consumed.CapacityUnits }]
        : [],
    );
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Prints the figures as the bench shows them. */
export function printPasses(figures: PassFigures): void {
  console.log(
    `\nDaily passes: one worker's rate on its segment, ${figures.seeded} customers seeded (in ${figures.seedSeconds.toFixed(0)} s)`,
  );
  console.table(
    [figures.regrade, figures.churnRescore, figures.churnRescoreNextDay].map((figure) => ({
      job: figure.job,
      customers: figure.customers,
      segments: `${figure.segments} of ${figure.totalSegments}`,
      'customers/s': figure.perSecond.toFixed(0),
      'at once': figure.concurrency,
      failed: figure.failed,
      'DynamoDB requests per customer': JSON.stringify(figure.operationsPerCustomer),
      'RRU per customer': JSON.stringify(figure.readUnitsPerCustomer),
      'WRU per customer': JSON.stringify(figure.writeUnitsPerCustomer),
    })),
  );
}
