import { randomBytes } from 'node:crypto';
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_SEGMENTATION_CONFIG } from '../functions/activity/domain/segmentation/config.js';
import { transactionAmountCaps } from '../functions/activity/domain/settings.js';
import { type TransactionFacts, transactionDelta } from '../functions/activity/domain/transaction-delta.js';
import { activityCapability } from '../functions/activity/index.js';
import { consumeEvent } from '../functions/activity/service/consume.js';
import type { IngestDeps } from '../functions/activity/service/deps.js';
import { ingestEvent } from '../functions/activity/service/ingest.js';
import { DynamoActivityStore } from '../functions/activity/store/dynamo-activity-store.js';
import { DynamoSegmentationConfigStore } from '../functions/activity/store/dynamo-config-store.js';
import { DynamoGradingStore } from '../functions/activity/store/dynamo-grading-store.js';
import {
  idempotencyExpiresAt,
  monthExpiresAt,
  monthKeyOf,
  summaryKey,
  transactionKey,
} from '../functions/activity/store/keys.js';
import { CUSTOMERS_SOURCE } from '../functions/customers/events.js';
import { localDynamoDbClient } from '../infra/local/dynamodb-local.js';
import { tableDefinitions } from '../infra/local/tables.js';
import { LocalAuditSigner } from '../shared/audit/index.js';
import { documentClientOf } from '../shared/dynamodb/client.js';
import type { ConsumedEvent } from '../shared/lambda/event-bridge.js';
import { systemClock } from '../shared/time/clock.js';
import { inParallel } from '../test/integration/activity/synthetic.js';
import { localGrading } from '../test/support/activity-local-grading.js';

/**
 * What is timed: the consumer and the grader until settled (every event applied, the Grading
 * queue drained, the last grading written), the ingestion alone, or plain writes of the same items.
 */
export type Workload = 'consumer' | 'ingestion' | 'raw';

/** The Grading queue's mapping as deployed: the batches graded at once (index.ts). */
const GRADING_MAX_CONCURRENCY =
  activityCapability.coalescedWork?.find((work) => work.functionId === 'ActivityGrader')?.maxConcurrency ?? 1;

/** One fresh Activity table, the consumer's dependencies over it and its grader behind the local FIFO queue. */
export interface BenchWorld {
  readonly db: DynamoDBDocumentClient;
  readonly table: string;
  readonly deps: IngestDeps;
  readonly grading: ReturnType<typeof localGrading>;
  /** DynamoDB requests sent through `db` since the last reset, by operation. */
  readonly requests: Map<string, number>;
  close(): void;
}

/** What one delivery pass did: outcomes by name, and the ingestion's TransactWriteItems calls. */
export interface DeliveryTally {
  readonly outcomes: Record<string, number>;
  /** Customers graded by the grader (one per customer per batch). */
  readonly gradings: number;
  /** SendMessage calls to the Grading queue (repeats SQS dropped included), and the batches it gave out. */
  readonly gradingRequests: number;
  readonly gradingBatches: number;
  readonly ingestionWrites: number;
  /** Deliveries whose ingestion took more than one TransactWriteItems call. */
  readonly multiWriteDeliveries: number;
  /** DynamoDB requests of the pass, by operation. */
  readonly requests: Readonly<Record<string, number>>;
  readonly seconds: number;
}

let worlds = 0;

/**
 * Creates the Activity tables as the activity capability declares them (keys, indexes), without
 * their streams: DynamoDB Local writes stream records on the write path, into one store shared
 * by every table, and each write gets slower as that store grows (measured here: 570 puts/s
 * at the first thousand, 200 by the ten-thousandth, against a steady 1,100 without), which
 * would time the emulator's history, not our writes. In AWS the stream is off the write path.
 * The outbox's stream is off too: the gradings of the spread workload write an event each, and
 * with the stream on the consumer's settled rate fell from run to run (207, 121, 121 events/s
 * against 260–284 without it, on a quiet machine). Nothing in this bench reads the outbox.
 * (TTL is left off too: DynamoDB Local does not expire items during a run.)
 */
async function createActivityTables(
  client: DynamoDBClient,
  prefix: string,
): Promise<{ table: string; outboxTable: string }> {
  const definitions = tableDefinitions([activityCapability], prefix);
  const names: Record<string, string> = {};
  for (const id of ['Activity', 'ActivityOutbox']) {
    const definition = definitions.find((d) => d.spec.id === id);
    if (definition === undefined) throw new Error(`The activity capability declares no ${id} table`);
    const { StreamSpecification: _offTheWritePathInAws, ...create } = definition.create;
    await client.send(new CreateTableCommand(create));
    names[id] = create.TableName ?? '';
  }
  return { table: names.Activity ?? '', outboxTable: names.ActivityOutbox ?? '' };
}

/**
 * A fresh Activity table (see createActivityTables) on `endpoint`, with the deps the consumer
 * Lambda builds (see functions/activity/setup.ts), except a static configuration source:
 * the cached one reads the table once per few minutes anyway.
 */
export async function freshWorld(endpoint: string): Promise<BenchWorld> {
  worlds += 1;
  const client = localDynamoDbClient(endpoint);
  const { table, outboxTable } = await createActivityTables(client, `bench-ingest-${process.pid}-${worlds}-`);
  const requests = new Map<string, number>();
  // Counted as they go on the wire: the local client makes one attempt per command
  // (maxAttempts 1), so this is the number of DynamoDB requests, retries by the store included.
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? 'unknown').replace(/Command$/, '');
      requests.set(operation, (requests.get(operation) ?? 0) + 1);
      return next(args);
    },
    { step: 'finalizeRequest', name: 'benchCountRequests' },
  );
  const db = documentClientOf(client);
  const config = { version: 0, config: DEFAULT_SEGMENTATION_CONFIG };
  const base = {
    activity: new DynamoActivityStore(db, table, systemClock),
    grading: new DynamoGradingStore(db, table, outboxTable),
    configStore: new DynamoSegmentationConfigStore(
      db,
      { table, auditTable: '' },
      new LocalAuditSigner(randomBytes(32)),
    ),
    config: { current: async () => config },
    clock: systemClock,
    parkingHours: 72,
    postedAtSkewSeconds: 300,
    amountCaps: transactionAmountCaps({}),
  };
  const grading = localGrading(base, { clock: systemClock, maxConcurrency: GRADING_MAX_CONCURRENCY });
  const deps: IngestDeps = { ...base, gradingRequests: grading.requests };
  return { db, table, deps, grading, requests, close: () => db.destroy() };
}

/** Registers the customers through the consumer, as the customers capability's events would. */
export async function registerCustomers(
  world: BenchWorld,
  customerIds: readonly string[],
  inFlight: number,
): Promise<void> {
  const at = systemClock.now().toISOString();
  const onboardedAt = new Date(Date.parse(at) - 400 * 86_400_000).toISOString();
  await inParallel(customerIds, inFlight, async (customerId) => {
    const event: ConsumedEvent = {
      source: CUSTOMERS_SOURCE,
      detailType: 'CustomerRegistered',
      id: `bench-reg-${customerId}`,
      time: at,
      detail: {
        eventId: `bench-reg-${customerId}`,
        occurredAt: at,
        customerId,
        customerType: 'individual',
        branch: 'BR01',
        rmId: 'rm-bench',
        onboardedAt,
        at,
      },
    };
    const result = await consumeEvent(world.deps, event);
    if (result.outcome !== 'applied') throw new Error(`Registration was ${result.outcome}`);
  });
  await world.grading.settled();
}

/** The single-item writes of one transaction: the same items the store's transaction writes. */
type RawWrite = (db: DynamoDBDocumentClient, table: string) => Promise<void>;

/**
 * The raw baseline's writes for each TransactionPosted, computed before timing: PutItem of
 * the idempotency record, UpdateItem ADD of the month's counters, UpdateItem of
 * lastSuccessfulAt for a success; no transaction, no condition.
 */
export function rawWritesOf(events: readonly ConsumedEvent[]): RawWrite[][] {
  return events.map((event) => {
    const { accountRef: _unused, ...facts } = event.detail as TransactionFacts & { accountRef?: string };
    const delta = transactionDelta(facts);
    const names: Record<string, string> = { '#exp': 'expiresAt' };
    const values: Record<string, unknown> = { ':exp': monthExpiresAt(delta.month) };
    const adds = Object.entries(delta.counters).map(([name, increment], i) => {
      names[`#c${i}`] = name;
      values[`:c${i}`] = increment;
      return `#c${i} :c${i}`;
    });
    const writes: RawWrite[] = [
      async (db, table) => {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: {
              ...transactionKey(facts.transactionId, facts.status),
              expiresAt: idempotencyExpiresAt(systemClock.now()),
            },
          }),
        );
      },
      async (db, table) => {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: monthKeyOf(facts.customerId, delta.month),
            UpdateExpression: `SET #exp = :exp ADD ${adds.join(', ')}`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        );
      },
    ];
    const last = delta.lastSuccessfulAt;
    if (last !== undefined) {
      writes.push(async (db, table) => {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: summaryKey(facts.customerId),
            UpdateExpression: 'SET lastSuccessfulAt = :t',
            ExpressionAttributeValues: { ':t': last },
          }),
        );
      });
    }
    return writes;
  });
}

/**
 * Delivers `events` (TransactionPosted) with `inFlight` at a time through one workload and
 * tallies what happened. `raw` must hold `rawWritesOf(events)` for the raw workload.
 */
export async function deliver(
  world: BenchWorld,
  workload: Workload,
  events: readonly ConsumedEvent[],
  inFlight: number,
  raw: readonly RawWrite[][] = [],
): Promise<DeliveryTally> {
  const outcomes: Record<string, number> = {};
  let ingestionWrites = 0;
  let multiWriteDeliveries = 0;
  const tally = (outcome: string, writes: number | undefined) => {
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    ingestionWrites += writes ?? 0;
    if ((writes ?? 0) > 1) multiWriteDeliveries += 1;
  };
  const indexes = events.map((_, i) => i);
  world.requests.clear();
  const gradingsBefore = world.grading.gradings();
  const queueBefore = world.grading.queue.stats;
  const start = performance.now();
  await inParallel(indexes, inFlight, async (i) => {
    const event = events[i] as ConsumedEvent;
    if (workload === 'consumer') {
      const result = await consumeEvent(world.deps, event);
      tally(result.outcome, result.writes);
    } else if (workload === 'ingestion') {
      const result = await ingestEvent(world.deps.activity, event, {
        now: world.deps.clock.now(),
        postedAtSkewSeconds: world.deps.postedAtSkewSeconds,
        amountCaps: world.deps.amountCaps,
      });
      tally(result.outcome, result.writes);
    } else {
      for (const write of raw[i] ?? []) await write(world.db, world.table);
      tally('written', 0);
    }
  });
  // Settled: the consumer's work is done only when its requested gradings are.
  if (workload === 'consumer') await world.grading.settled();
  const seconds = (performance.now() - start) / 1000;
  const queue = world.grading.queue.stats;
  return {
    outcomes,
    gradings: world.grading.gradings() - gradingsBefore,
    gradingRequests: queue.sent - queueBefore.sent,
    gradingBatches: queue.batches - queueBefore.batches,
    ingestionWrites,
    multiWriteDeliveries,
    requests: Object.fromEntries(world.requests),
    seconds,
  };
}
