import { CreateTableCommand, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ConsumedCapacity, startCapacityProxy } from '../../../bench/cost/capacity-proxy.js';
import { type Measurement, measureOperations, runsPerMonth } from '../../../bench/cost/measure.js';
import { costOf, type Quantities } from '../../../bench/cost/model.js';
import { loadPrices } from '../../../bench/cost/prices.js';
import { DEFAULT_PROFILE } from '../../../bench/cost/profile.js';
import { capabilities } from '../../../functions/capabilities.js';
import { localClient } from '../../support/dynamo.js';

/** The total of a price item over its details (`item|detail` keys). */
function total(quantities: Quantities, item: string, detail?: RegExp): number {
  return Object.entries(quantities)
    .filter(
      ([key]) =>
        key.startsWith(`${item}|`) && (detail === undefined || detail.test(key.slice(item.length + 1))),
    )
    .reduce((sum, [, value]) => sum + (value ?? 0), 0);
}

describe('the capacity proxy in front of DynamoDB Local', () => {
  const table = `cost-proxy-${process.pid}`;
  const seen: ConsumedCapacity[] = [];
  let proxy: Awaited<ReturnType<typeof startCapacityProxy>>;
  let client: ReturnType<typeof localClient>;

  beforeAll(async () => {
    const endpoint = inject('dynamodbEndpoint');
    const direct = localClient(endpoint);
    await direct.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'gk', AttributeType: 'S' },
        ],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byGk',
            KeySchema: [{ AttributeName: 'gk', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
    direct.destroy();
    proxy = await startCapacityProxy(endpoint, (consumed) => seen.push(consumed));
    client = localClient(proxy.url);
  });

  afterAll(async () => {
    client.destroy();
    await proxy.close();
  });

  it('reports the write units DynamoDB bills: index writes included, transactions at 2 per KB, refused writes at their least', async () => {
    // Act
    await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'a' }, gk: { S: 'g' } } }));
    const plain = seen.splice(0);
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [{ Put: { TableName: table, Item: { pk: { S: 'b' } } } }],
      }),
    );
    const transactional = seen.splice(0);
    await expect(
      client.send(
        new PutItemCommand({
          TableName: table,
          Item: { pk: { S: 'a' } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    ).rejects.toThrow();
    const refused = seen.splice(0);

    // Assess: 1 unit for the item and 1 for its index entry; a transactional write of a small
    // item 2; a write refused by its condition at least 1.
    expect(plain).toEqual([{ table, kind: 'write', units: 2, estimated: false }]);
    expect(transactional).toEqual([{ table, kind: 'write', units: 2, estimated: false }]);
    expect(refused).toEqual([{ table, kind: 'write', units: 1, estimated: true }]);
  });
});

describe('counting a scaled-down month in the local cloud', () => {
  let measurement: Measurement;

  beforeAll(async () => {
    measurement = await measureOperations({
      customers: [2, 4],
      transactionsPerCustomer: 1,
      apiCalls: 2,
      complaints: 1,
      contacts: 1,
      dynamodbEndpoint: inject('dynamodbEndpoint'),
      tablePrefix: `cost-run-${process.pid}-`,
    });
  }, 240_000);

  it('counts what each unit of work sets off, from what the code did', () => {
    // Prepare
    const { perUnit } = measurement.counts;

    // Assess: each transaction is one custom event in, applied by the activity consumer into
    // its table; an API call is one API Gateway request and one invocation; a complaint starts
    // its workflow; a registered customer stays stored.
    expect(total(perUnit.transaction, 'eventbridge.customEvents', /^TransactionPosted$/)).toBe(1);
    expect(total(perUnit.transaction, 'lambda.requests', /^ActivityConsumer$/)).toBeGreaterThanOrEqual(1);
    expect(total(perUnit.transaction, 'dynamodb.writeRequestUnits', /^Activity$/)).toBeGreaterThan(0);
    expect(total(perUnit.apiCall, 'apigateway.httpRequests')).toBe(1);
    expect(total(perUnit.apiCall, 'lambda.requests')).toBe(1);
    expect(total(perUnit.complaint, 'stepfunctions.stateTransitions', /^ComplaintHandling$/)).toBeGreaterThan(
      0,
    );
    expect(total(perUnit.onboarding, 'kms.requests')).toBeGreaterThan(0);
    expect(total(perUnit.customer, 'dynamodb.storageGbMonth', /^Customers$/)).toBeGreaterThan(0);
  });

  it('runs every schedule and pass of the app and counts its runs in a month', () => {
    // Assess: a pass is started by its own schedule (architecture §7.1), so it is a periodic job too.
    const declared = capabilities
      .flatMap((c) => [...(c.schedules ?? []), ...(c.passes ?? [])].map((s) => s.id))
      .sort();
    expect(measurement.periodicJobs.map((job) => job.id).sort()).toEqual(declared);
    expect(runsPerMonth('cron(0 17 * * ? *)')).toBe(30);
    expect(runsPerMonth('rate(1 hour)')).toBe(720);
  });

  it('prices the counts into a month with its drivers, costliest first', async () => {
    // Act
    const breakdown = costOf(DEFAULT_PROFILE, measurement.counts, await loadPrices('us-east-1'));

    // Assess
    expect(breakdown.monthlyTotal).toBeGreaterThan(0);
    expect(breakdown.perCustomerMonth).toBeCloseTo(breakdown.monthlyTotal / DEFAULT_PROFILE.customers, 12);
    const costs = breakdown.drivers.map((driver) => driver.cost);
    expect(costs).toEqual([...costs].sort((a, b) => b - a));
  });
});
