import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { capabilities } from '../functions/capabilities.js';
import { demoPortfolio } from '../infra/local/demo-portfolio.js';
import { type BenchCloud, startBenchCloud } from './bench-dynamo.js';
import { inFunctionCall } from './in-function.js';
import { type ApiFigure, measureOperation, printApiFigures, printApiSplit } from './measure.js';

export type { ApiFigure };

/** The API figures twice: in the function alone, and through the local HTTP stack. */
export interface ApiFigures {
  /** The handler invoked in process with the authorizer's claims, as API Gateway invokes it. */
  readonly inFunction: ApiFigure[];
  /** Through the local HTTP server and its JWT verification (API Gateway's part in AWS). */
  readonly viaHttp: ApiFigure[];
}

/**
 * API latency of the same requests measured two ways beside the raw DynamoDB Local round trips
 * each request needs: (a) what runs in the function (the handler invoked in process, goal
 * ≤ 1.3x the raw round trips), (b) through the local cloud's HTTP server and JWT verification,
 * whose difference from (a) is what API Gateway and its authorizer do in AWS. Plus exact
 * round-trip and key-provider call counts per operation.
 */
export async function measureApi(samples = 100): Promise<ApiFigures> {
  // One caller searches `samples` times in a row, twice: lift the per-caller search limit (20
  // per 5 minutes by default), so the bench measures answered searches, not 429s.
  const bench = await startBenchCloud('bench-', { SEARCHES_PER_WINDOW: String(2 * samples + 200) });
  try {
    const inFunction = await measureOperations(bench, inFunctionCall(bench.cloud, capabilities), samples, 0);
    printApiFigures(
      'API in the function (handler in process) against the raw DynamoDB Local round trips',
      inFunction,
    );
    const viaHttp = await measureOperations(bench, bench.call, samples, 1);
    printApiFigures(
      'API through the local cloud (HTTP server, JWT verification, handler) against the raw round trips',
      viaHttp,
    );
    printApiSplit(inFunction, viaHttp);
    return { inFunction, viaHttp };
  } finally {
    await bench.stop();
  }
}

/** The bench's operations, each request made with `call`. */
async function measureOperations(
  bench: BenchCloud,
  call: BenchCloud['call'],
  samples: number,
  pass: 0 | 1,
): Promise<ApiFigure[]> {
  const { cloud, raw, proxy, keyCalls } = bench;
  const rm = await cloud.mintToken({
    sub: 'bench-rm',
    role: 'relationship-manager',
    branch: 'BJ01',
    rmId: 'rm-bj01-1',
  });
  const co = await cloud.mintToken({ sub: 'bench-co', role: 'compliance-officer' });
  // Each pass registers people of its own (the same person twice would be a duplicate, 409),
  // and its raw baseline writes items of its own (its conditions expect new ones).
  const people = demoPortfolio(2 * (samples + 20), 4242).filter(
    (c, i) => c.body.type === 'individual' && i % 2 === pass,
  );
  const bodies = people.map((c) => ({ ...c.body, branch: 'BJ01', rmId: 'rm-bj01-1' }));
  const ids: string[] = [];
  const figures: ApiFigure[] = [];
  const customersTable = cloud.tables.Customers ?? '';
  const auditTable = cloud.tables.CustomerAudit ?? '';

  const tools = { proxy, keyCalls, clock: cloud.clock };
  const measure = async (
    operation: string,
    run: (i: number) => Promise<void>,
    rawRun: (i: number) => Promise<void>,
    n: number,
  ) => {
    figures.push(await measureOperation(tools, operation, run, rawRun, n));
  };

  let created = 0;
  await measure(
    'create',
    async () => {
      const body = bodies[created % bodies.length];
      created += 1;
      const { json } = await call(rm, 'POST', '/v1/customers', body);
      ids.push(String(json.customerId));
    },
    async (i) => {
      await raw.send(
        new TransactWriteCommand({
          // The same shape as a registration: profile, identity lock and outbox item in the
          // customers table, the first audit record in the audit table, all conditional.
          TransactItems: [
            { table: customersTable, key: { pk: `RAW#profile#${pass}-${i}`, sk: 'X' }, size: 2000 },
            { table: customersTable, key: { pk: `RAW#lock#${pass}-${i}`, sk: 'X' }, size: 100 },
            { table: customersTable, key: { pk: `RAW#outbox#${pass}-${i}`, sk: 'X' }, size: 400 },
            { table: auditTable, key: { subject: `customer#RAW#${pass}-${i}`, seq: 1 }, size: 400 },
          ].map(({ table, key, size }) => ({
            Put: {
              TableName: table,
              Item: { ...key, data: 'x'.repeat(size) },
              ConditionExpression: 'attribute_not_exists(#k)',
              ExpressionAttributeNames: { '#k': Object.keys(key)[0] ?? 'pk' },
            },
          })),
        }),
      );
    },
    Math.min(samples, bodies.length - 3),
  );
  const id = ids[0] ?? '';
  const rawGet = async () => {
    await raw.send(
      new GetCommand({
        TableName: customersTable,
        Key: { pk: `CUSTOMER#${id}`, sk: 'PROFILE' },
        ConsistentRead: true,
      }),
    );
  };
  await measure(
    'masked read',
    async () => void (await call(rm, 'GET', `/v1/customers/${id}`)),
    rawGet,
    samples,
  );
  await measure(
    'full read',
    async () =>
      void (await call(co, 'GET', `/v1/customers/${id}?view=full`, undefined, {
        'x-access-purpose': 'bench-run',
      })),
    // What an audited reveal needs: read the record, then append the audit record and
    // move the record's audit head in one transaction.
    async (i) => {
      await rawGet();
      await raw.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: customersTable,
                Key: { pk: `CUSTOMER#${id}`, sk: 'PROFILE' },
                UpdateExpression: 'SET rawBenchSeq = :i',
                ExpressionAttributeValues: { ':i': i },
              },
            },
            {
              Put: {
                TableName: auditTable,
                Item: { subject: `customer#RAW#${id}`, seq: i, data: 'x'.repeat(300) },
                ConditionExpression: 'attribute_not_exists(seq)',
              },
            },
          ],
        }),
      );
    },
    samples,
  );
  await measure(
    'list (25)',
    async () => void (await call(rm, 'GET', '/v1/customers?limit=25')),
    async () => {
      await raw.send(
        new QueryCommand({
          TableName: customersTable,
          IndexName: 'byRm',
          KeyConditionExpression: 'rmKey = :k AND begins_with(listKey, :p)',
          ExpressionAttributeValues: { ':k': 'RM#rm-bj01-1', ':p': 'CUSTOMER#' },
          Limit: 25,
        }),
      );
    },
    samples,
  );
  await measure(
    'search (mobile)',
    async () => void (await call(rm, 'POST', '/v1/customers/search', { mobile: people[0]?.body.mobile })),
    async (i) => {
      // A search is counted and audited per caller (docs/domain-rules.md §4.6): the caller's
      // state, the window's conditional count, then the lookup, then the audit record with
      // the moved head in one transaction.
      await raw.send(
        new GetCommand({
          TableName: customersTable,
          Key: { pk: 'RAW#searcher', sk: 'STATE' },
          ConsistentRead: true,
        }),
      );
      await raw.send(
        new UpdateCommand({
          TableName: customersTable,
          Key: { pk: 'RAW#searcher', sk: `WINDOW#${i}` },
          UpdateExpression: 'ADD searches :one',
          ConditionExpression: 'attribute_not_exists(searches) OR searches < :limit',
          ExpressionAttributeValues: { ':one': 1, ':limit': 1_000_000 },
        }),
      );
      await raw.send(
        new QueryCommand({
          TableName: customersTable,
          IndexName: 'byMobile',
          KeyConditionExpression: 'mobileIndex = :m',
          ExpressionAttributeValues: { ':m': 'x' },
        }),
      );
      await raw.send(
        new BatchGetCommand({
          RequestItems: { [customersTable]: { Keys: [{ pk: `CUSTOMER#${id}`, sk: 'PROFILE' }] } },
        }),
      );
      await raw.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: customersTable,
                Key: { pk: 'RAW#searcher', sk: 'STATE' },
                UpdateExpression: 'SET auditSeq = :i',
                ExpressionAttributeValues: { ':i': i },
              },
            },
            {
              Put: {
                TableName: auditTable,
                Item: { subject: `RAW#searcher#${pass}`, seq: i + 1, data: 'x'.repeat(300) },
                ConditionExpression: 'attribute_not_exists(seq)',
              },
            },
          ],
        }),
      );
    },
    samples,
  );
  return figures;
}
