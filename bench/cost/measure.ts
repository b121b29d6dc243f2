import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { parseScheduleExpression } from '../../infra/local/cron.js';
import { demoPortfolio } from '../../infra/local/demo-portfolio.js';
import { localDynamoDbClient, startDynamoDbLocal } from '../../infra/local/dynamodb-local.js';
import { type LocalCloud, startLocalCloud } from '../../infra/local/local-cloud.js';
import type { CapabilityDefinition } from '../../shared/capability/types.js';
import { type Meter, startMeter } from './meter.js';
import {
  COST_UNITS,
  type CostUnit,
  type MeasuredCounts,
  type Quantities,
  type QuantityKey,
  splitKey,
} from './model.js';
import { difference, linearFit, scaled, sum } from './tally.js';

/**
 * Runs a scaled-down month through the local cloud (every capability, the real handlers, the
 * bus, Step Functions, DynamoDB Local) and divides what the meter counted by what was done:
 * per customer registered, per transaction, per API call, per complaint, per contact; every
 * schedule run once at two book sizes gives each periodic job's cost per customer and its
 * fixed part (a straight line through the two), times its runs in a month. Whatever the code
 * does when this runs is what is counted: no operation count is written here.
 */

export interface MeasureOptions {
  /** The two book sizes the periodic jobs are run at (the second larger). */
  readonly customers: readonly [number, number];
  readonly transactionsPerCustomer: number;
  readonly apiCalls: number;
  readonly complaints: number;
  readonly contacts: number;
  /** A running DynamoDB Local to use instead of starting one (tests share theirs). */
  readonly dynamodbEndpoint?: string;
  /** Table names are `<prefix><TableSpec.id>`; default `cost-`. */
  readonly tablePrefix?: string;
  /** Print each phase as it starts (through the meter, so it is not counted as a log). */
  readonly verbose?: boolean;
}

export const QUICK_MEASURE: MeasureOptions = {
  customers: [6, 18],
  transactionsPerCustomer: 3,
  apiCalls: 24,
  complaints: 3,
  contacts: 6,
};

export interface PeriodicJob {
  readonly id: string;
  readonly expression: string;
  readonly runsPerMonth: number;
}

export interface Measurement {
  readonly counts: MeasuredCounts;
  /** How many of each unit the run measured. */
  readonly samples: Readonly<Record<CostUnit, number>>;
  readonly periodicJobs: readonly PeriodicJob[];
  /** Distinct custom metrics seen in the EMF output (namespace, name, dimension values). */
  readonly customMetrics: number;
  readonly notes: readonly string[];
}

const DAY_MS = 86_400_000;
/** Runs in a month of 30 days, as the cost model's month. */
const MONTH_MS = 30 * DAY_MS;
const BRANCH = 'BJ01';
const RM_ID = 'rm-bj01-1';

/** A call to the local API that must succeed (the run measures successes). */
type Call = (token: string, method: string, path: string, body?: unknown) => Promise<Record<string, unknown>>;

export async function measureOperations(options: MeasureOptions): Promise<Measurement> {
  const [small, large] = options.customers;
  if (!(small > 0 && large > small)) throw new RangeError('customers: two book sizes, the second larger');
  const dynamo =
    options.dynamodbEndpoint === undefined
      ? await startDynamoDbLocal({})
      : { endpoint: options.dynamodbEndpoint, stop: async () => {} };
  const meter = await startMeter(dynamo.endpoint);
  // As deployed: Powertools logs at INFO (no level is set in the functions' environment) and
  // EMF metrics are written, so the log bytes and metrics are the deployed ones.
  const saved = { level: process.env.POWERTOOLS_LOG_LEVEL, metrics: process.env.POWERTOOLS_METRICS_DISABLED };
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  const dataDir = await mkdtemp(join(tmpdir(), 'fincrm-cost-'));
  const raw = localDynamoDbClient(dynamo.endpoint);
  let cloud: LocalCloud | undefined;
  try {
    const { capabilities } = await import('../../functions/capabilities.js');
    cloud = await startLocalCloud({
      port: 0,
      dataDir,
      dynamodbEndpoint: meter.dynamodbEndpoint,
      tablePrefix: options.tablePrefix ?? 'cost-',
      autoSchedules: false,
      inMemory: true,
    });
    meter.attach(cloud, capabilities);
    const running = cloud;
    const started = performance.now();
    const report = (line: string) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(0);
      if (options.verbose) meter.print(`cost run (${seconds} s): ${line}`);
    };
    const call = apiCaller(running);
    const rm = await running.mintToken({
      sub: 'cost-rm',
      role: 'relationship-manager',
      branch: BRANCH,
      rmId: RM_ID,
    });
    const agent = await running.mintToken({ sub: 'cost-agent', role: 'service-agent', branch: BRANCH });
    const storage = () => storageQuantities(raw, running, capabilities);
    const phase = async (work: () => Promise<void>): Promise<{ ops: Quantities; stored: Quantities }> => {
      await quiesce(running);
      const before = meter.snapshot();
      const mark = meter.invocationsSoFar();
      const storedBefore = await storage();
      await work();
      await quiesce(running);
      const counted = difference(meter.snapshot(), before);
      // Lambda time as each function's median duration in the phase, not the sum of what this
      // machine's load made of each invocation.
      const ops = { ...withoutItem(counted, 'lambda.armGbSeconds'), ...meter.gbSecondsSince(mark) };
      return { ops, stored: difference(await storage(), storedBefore) };
    };

    const people = demoPortfolio(large * 3 + 20, 7777)
      .filter((person) => person.body.type === 'individual')
      .slice(0, large);
    if (people.length < large) throw new Error('The demo portfolio has too few individuals');
    const customerIds: string[] = [];
    const register = async (from: number, to: number): Promise<void> => {
      for (const person of people.slice(from, to)) {
        const created = await call(rm, 'POST', '/v1/customers', {
          ...person.body,
          branch: BRANCH,
          rmId: RM_ID,
        });
        customerIds.push(String(created.customerId));
      }
    };

    report(`registering ${small} customers`);
    const firstOnboarding = await phase(() => register(0, small));
    report(`running every schedule once over ${small} customers`);
    const firstRound = await periodicRound(running, meter, phase);
    report(`registering ${large - small} more customers`);
    const secondOnboarding = await phase(() => register(small, large));
    report(`running every schedule once over ${large} customers`);
    const secondRound = await periodicRound(running, meter, phase);

    const transactions = large * options.transactionsPerCustomer;
    report(`${transactions} transactions on the bus`);
    const posted = await phase(() => postTransactions(running, customerIds, options.transactionsPerCustomer));

    report(`${options.apiCalls} API reads`);
    const reads = await phase(async () => {
      for (let i = 0; i < options.apiCalls; i += 1) {
        const customerId = customerIds[i % customerIds.length] ?? '';
        const path = i % 2 === 0 ? `/v1/customers/${customerId}` : `/v1/customers/${customerId}/profile`;
        await call(rm, 'GET', path);
      }
    });

    report(`${options.complaints} complaints`);
    const complaints = await phase(async () => {
      for (let i = 0; i < options.complaints; i += 1) {
        await call(agent, 'POST', '/v1/complaints', {
          customerId: customerIds[i % customerIds.length] ?? '',
          channel: 'phone',
          category: 'fees',
          description: 'Annual fee charged after the card was cancelled (synthetic cost-run text).',
          customerRequest: 'Refund the annual fee (synthetic cost-run text).',
        });
      }
    });

    report(`${options.contacts} outbound contacts`);
    const contacts = await phase(async () => {
      for (let i = 0; i < options.contacts; i += 1) {
        await call(rm, 'POST', `/v1/customers/${customerIds[i % customerIds.length] ?? ''}/contacts`, {
          purpose: 'service',
          templateId: 'service-notice',
          parameters: { reference: `SR${String(1000 + i)}` },
          latestAt: new Date(running.clock.now().getTime() + 7 * DAY_MS).toISOString(),
        });
      }
    });

    report('done');
    const jobs = running.scheduler.list().map(
      (schedule): PeriodicJob => ({
        id: schedule.id,
        expression: schedule.expression,
        runsPerMonth: runsPerMonth(schedule.expression),
      }),
    );
    let periodicPerCustomer: Quantities = {};
    let periodicFixed: Quantities = {};
    for (const job of jobs) {
      const largeRound = secondRound.get(job.id) ?? {};
      const fit = linearFit(
        { customers: small, quantities: firstRound.get(job.id) ?? {} },
        { customers: large, quantities: largeRound },
      );
      // A job none of whose counted operations grow with the book does the same work whatever
      // its size: the difference in its duration between the two rounds is noise, not work.
      const grows = Object.keys(fit.perCustomer).some((key) =>
        COUNTED_GROWTH.some((item) => key.startsWith(item)),
      );
      const { perCustomer, fixed } = grows ? fit : { perCustomer: {}, fixed: largeRound };
      periodicPerCustomer = sum(periodicPerCustomer, relabel(scaled(perCustomer, job.runsPerMonth), job.id));
      periodicFixed = sum(periodicFixed, relabel(scaled(fixed, job.runsPerMonth), job.id));
    }

    const onboardingOps = scaled(sum(firstOnboarding.ops, secondOnboarding.ops), 1 / large);
    // What a customer keeps stored once registered is paid every month it stays.
    const customerStored = scaled(sum(firstOnboarding.stored, secondOnboarding.stored), 1 / large);
    const perUnit: Record<CostUnit, Quantities> = {
      customer: sum(customerStored, periodicPerCustomer),
      onboarding: onboardingOps,
      // A month's transactions stay stored that month (one month's accrual; see the notes).
      transaction: scaled(sum(posted.ops, posted.stored), 1 / transactions),
      apiCall: scaled(sum(reads.ops, reads.stored), 1 / options.apiCalls),
      complaint: scaled(sum(complaints.ops, complaints.stored), 1 / options.complaints),
      contact: scaled(sum(contacts.ops, contacts.stored), 1 / options.contacts),
    };
    const samples: Record<CostUnit, number> = {
      customer: large,
      onboarding: large,
      transaction: transactions,
      apiCall: options.apiCalls,
      complaint: options.complaints,
      contact: options.contacts,
    };
    const metricsCount = meter.metrics.size;
    return {
      counts: {
        perUnit,
        fixedPerMonth: sum(periodicFixed, {
          'cloudwatch.metricMonths|custom metrics seen in EMF': metricsCount,
        }),
      },
      samples,
      periodicJobs: jobs,
      customMetrics: metricsCount,
      notes: [
        "Lambda GB-seconds are each function's invocations times its configured memory times its median duration in the phase, measured here in process against DynamoDB Local: an estimate of Lambda time on this machine, not a measurement of Lambda.",
        'DynamoDB units are what DynamoDB Local reported with ReturnConsumedCapacity INDEXES, transactional writes halved (it counts 4 per KB, DynamoDB 2); writes refused by their condition are counted at the least they cost.',
        'Storage is what the run left in the tables (DescribeTable sizes plus 100 bytes per item and index entry): a customer as registered, plus one month of what transactions, complaints and contacts add; data kept longer accrues beyond this.',
        'KMS requests are the data-key calls of the functions; the local cloud keeps one warm container per function, so its data-key cache hits more often than many Lambda containers would.',
        "Transactions are spread over the customers and delivered one at a time (not a hot customer's burst): the most work per event that coalescing per customer allows.",
        'Periodic jobs ran once per schedule at two book sizes; their cost per customer and fixed part are a straight line through the two, times the runs in 30 days.',
      ],
    };
  } finally {
    await cloud?.settle().catch(() => undefined);
    await cloud?.stop();
    raw.destroy();
    await meter.stop();
    await dynamo.stop();
    restoreEnv('POWERTOOLS_LOG_LEVEL', saved.level);
    restoreEnv('POWERTOOLS_METRICS_DISABLED', saved.metrics);
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Counted (not timed) operations: when one of them grows with the book, the job's work does. */
const COUNTED_GROWTH = ['dynamodb.', 'lambda.requests', 'eventbridge.', 'stepfunctions.', 'sqs.', 'kms.'];

/** The quantities without those of one price item. */
function withoutItem(quantities: Quantities, item: string): Quantities {
  const result: Partial<Record<QuantityKey, number>> = {};
  for (const [key, value] of Object.entries(quantities)) {
    const parts = splitKey(key);
    if (value !== undefined && parts.item !== item) result[`${parts.item}|${parts.detail}`] = value;
  }
  return result;
}

/** The same quantities, each detail naming the job they come from. */
function relabel(quantities: Quantities, job: string): Quantities {
  const result: Partial<Record<QuantityKey, number>> = {};
  for (const [key, value] of Object.entries(quantities)) {
    const { item, detail } = splitKey(key);
    if (value !== undefined) result[`${item}|${detail} · ${job}`] = value;
  }
  return result;
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

function apiCaller(cloud: LocalCloud): Call {
  return async (token, method, path, body) => {
    const response = await fetch(`${cloud.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json: unknown = await response.json();
    if (response.status >= 300) {
      throw new Error(
        `${method} ${path.replace(/cus_[A-Za-z0-9]+/g, '{customerId}')} answered ${response.status}`,
      );
    }
    return typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  };
}

/** Each schedule run once, a day after the last round: its quantities, by schedule id. */
async function periodicRound(
  cloud: LocalCloud,
  meter: Meter,
  phase: (work: () => Promise<void>) => Promise<{ ops: Quantities; stored: Quantities }>,
): Promise<Map<string, Quantities>> {
  cloud.clock.advance(DAY_MS);
  const round = new Map<string, Quantities>();
  for (const { id } of cloud.scheduler.list()) {
    const { ops } = await phase(async () => {
      meter.tally.add(`scheduler.invocations|${id}`, 1);
      await cloud.scheduler.runNow(id);
    });
    round.set(id, ops);
  }
  return round;
}

async function postTransactions(
  cloud: LocalCloud,
  customerIds: readonly string[],
  perCustomer: number,
): Promise<void> {
  const now = cloud.clock.now();
  const events = customerIds.flatMap((customerId, c) =>
    Array.from({ length: perCustomer }, (_, t) => ({
      EventBusName: cloud.bus.name,
      Source: 'core-banking',
      DetailType: 'TransactionPosted',
      Detail: JSON.stringify({
        transactionId: `txn-cost-${c}-${t}`,
        customerId,
        type: t % 3 === 2 ? 'card-spend' : 'deposit',
        channel: 'mobile-banking',
        amount: 10_000 + c * 100 + t,
        currency: 'CNY',
        status: 'success',
        postedAt: new Date(now.getTime() - (perCustomer - t) * 60_000).toISOString(),
      }),
    })),
  );
  // Round-robin over the customers, one at a time and each settled before the next: a
  // customer's transactions rarely come in bursts, and the functions' measured durations are
  // then their own, not those of ten invocations sharing this process.
  const interleaved = Array.from({ length: perCustomer }, (_, t) =>
    customerIds.map((_, c) => events[c * perCustomer + t]),
  ).flat();
  for (const event of interleaved) {
    if (event === undefined) continue;
    const result = cloud.bus.putEvents([event], { fromOutside: true });
    if (result.FailedEntryCount > 0) throw new Error('The bus refused a transaction');
    await cloud.settle();
  }
}

/**
 * Until nothing moves: stream records relayed, bus deliveries and scheduled runs done, and
 * every running execution waiting for a person (a task token) rather than working.
 */
async function quiesce(cloud: LocalCloud, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await cloud.settle();
    const working = cloud.stepFunctions
      .listExecutions()
      .filter((e) => e.status === 'RUNNING' && cloud.stepFunctions.pendingTasks(e.executionArn).length === 0);
    if (working.length === 0) return;
    if (Date.now() > deadline) throw new Error(`${working.length} executions still working`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Stored bytes by table as DynamoDB bills them: items plus 100 bytes each, indexes likewise. */
async function storageQuantities(
  raw: ReturnType<typeof localDynamoDbClient>,
  cloud: LocalCloud,
  capabilities: readonly CapabilityDefinition[],
): Promise<Quantities> {
  const GB = 1024 ** 3;
  const withoutBackups = new Set(
    capabilities.flatMap((c) => c.tables.filter((t) => t.noBackups).map((t) => t.id)),
  );
  const quantities: Partial<Record<QuantityKey, number>> = {};
  for (const [id, name] of Object.entries(cloud.tables)) {
    const { Table } = await raw.send(new DescribeTableCommand({ TableName: name }));
    const tableBytes = (Table?.TableSizeBytes ?? 0) + 100 * (Table?.ItemCount ?? 0);
    const indexBytes = (Table?.GlobalSecondaryIndexes ?? []).reduce(
      (bytes, index) => bytes + (index.IndexSizeBytes ?? 0) + 100 * (index.ItemCount ?? 0),
      0,
    );
    quantities[`dynamodb.storageGbMonth|${id}`] = (tableBytes + indexBytes) / GB;
    if (!withoutBackups.has(id)) quantities[`dynamodb.pitrGbMonth|${id}`] = tableBytes / GB;
  }
  return quantities;
}

/** How often a schedule fires in 30 days. */
export function runsPerMonth(expression: string): number {
  const start = new Date('2026-01-01T00:00:00.000Z');
  const schedule = parseScheduleExpression(expression, start);
  const end = start.getTime() + MONTH_MS;
  let runs = 0;
  for (
    let at = schedule.nextAfter(start);
    at !== undefined && at.getTime() <= end;
    at = schedule.nextAfter(at)
  ) {
    runs += 1;
  }
  return runs;
}

export { COST_UNITS };
