import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ConsentChanged, CustomerRegistered } from '../functions/customers/events.js';
import { decideContact, type PolicyInput } from '../functions/engagement/domain/contact-policy.js';
import { DEFAULT_ENGAGEMENT_SETTINGS } from '../functions/engagement/domain/settings.js';
import { engagementCapability } from '../functions/engagement/index.js';
import { contactsArea } from '../functions/engagement/service/contacts-area.js';
import type { EngagementBase } from '../functions/engagement/service/deps.js';
import { putTemplate } from '../functions/engagement/service/templates.js';
import { templatesArea } from '../functions/engagement/service/templates-area.js';
import { DynamoTemplateStore } from '../functions/engagement/store/dynamo-template-store.js';
import { factsKey, marketingCapKey, templateCurrentKey } from '../functions/engagement/store/keys.js';
import { localDynamoDbClient } from '../infra/local/dynamodb-local.js';
import { createIsolatedTables } from '../infra/local/tables.js';
import { documentClientOf } from '../shared/dynamodb/index.js';
import { buildEvent, type EventDefinition, type EventDetailInput } from '../shared/events/index.js';
import type { ConsumedEvent } from '../shared/lambda/event-bridge.js';
import { ControlledClock } from '../shared/time/clock.js';
import { DynamoCalendarMirror } from '../shared/time/dynamo-calendar-mirror.js';
import { startBenchDynamo } from './bench-dynamo.js';
import { type ApiFigure, measureOperation, percentile, printApiFigures, timed } from './measure.js';

/**
 * The contact policy's cost (docs/domain-rules.md §18.2): decisions per second in process
 * (decideContact, warm) against a raw read of the state one decision needs on DynamoDB Local
 * (the customer's facts, the marketing ledger and the template: three GetItems), and the
 * end-to-end decide + record of one contact through the contact path's service (reads, then
 * one transaction: contact, request, ledger, ContactDecided + ContactDispatched, KPI counters)
 * against the raw round trips of the same shape.
 */

export interface PolicyFigures {
  /** Decisions per second, one thread, warm (a marketing request with two sends in the ledger). */
  readonly decisionsPerSecond: number;
  readonly decisionP50Us: number;
  readonly decisionP99Us: number;
  /** The three GetItems one after the other, and in parallel as the contact path issues them. */
  readonly rawReadSequentialP50Ms: number;
  readonly rawReadParallelP50Ms: number;
  /** Decision states one caller reads per second, raw (1000 / parallel p50). */
  readonly rawReadsPerSecond: number;
  /** How many decisions fit in the time of one raw read of their state. */
  readonly decisionsPerRawRead: number;
}

export interface EngagementFigures {
  readonly policy: PolicyFigures;
  readonly contactPath: readonly ApiFigure[];
}

// Monday 2 March 2026, 10:00 in Shanghai: outside quiet hours.
const NOW = new Date('2026-03-02T02:00:00.000Z');
const DAY = 86_400_000;
const DECISION_BUDGET_MS = 1_000;

function policyInput(now: string): PolicyInput {
  return {
    request: {
      requestId: 'req-bench',
      customerId: 'cus-bench',
      purpose: 'marketing',
      templateId: 'offer-bench',
      parameters: { offer: 'SPRING26' },
      latestAt: new Date(Date.parse(now) + 30 * DAY).toISOString(),
      requestedBy: 'crm.bench',
    },
    facts: {
      customerId: 'cus-bench',
      branch: 'BJ01',
      rmId: 'rm-bj01-1',
      version: 1,
      consents: { marketing: { granted: true, channels: ['sms', 'email'], at: '2026-01-01T00:00:00.000Z' } },
      restrictions: [],
      failedChannels: [],
      relationship: 'active',
      erased: false,
    },
    template: {
      templateId: 'offer-bench',
      version: 1,
      purpose: 'marketing',
      locale: 'zh-CN',
      variants: { sms: { text: '{name}，{offer}' }, email: { subject: '{offer}', text: '{name}，{offer}' } },
      parameters: ['offer'],
    },
    // One send in the window and one older: the window is pruned and counted on every decision.
    marketingSends: [
      new Date(Date.parse(now) - 2 * DAY).toISOString(),
      new Date(Date.parse(now) - 9 * DAY).toISOString(),
    ],
    settings: DEFAULT_ENGAGEMENT_SETTINGS,
    now,
  };
}

/**
 * decideContact, warm: throughput in batches of 1,000 calls for a second (the clock read once per
 * batch, so it does not weigh on the figure), then the latency of single calls.
 */
function measureDecisions(): Pick<PolicyFigures, 'decisionsPerSecond' | 'decisionP50Us' | 'decisionP99Us'> {
  const inputs = Array.from({ length: 1_000 }, (_, i) =>
    policyInput(new Date(NOW.getTime() + i * 60_000).toISOString()),
  );
  const decideBatch = (): number => {
    let sent = 0;
    for (const input of inputs) if (decideContact(input).outcome === 'sent') sent += 1;
    return sent;
  };
  for (let i = 0; i < 20; i += 1) decideBatch();
  let decisions = 0;
  let sent = 0;
  const start = performance.now();
  while (performance.now() - start < DECISION_BUDGET_MS) {
    sent += decideBatch();
    decisions += inputs.length;
  }
  const elapsed = performance.now() - start;
  if (sent === 0) throw new Error('The bench input should be sent: check its instants');
  const samples: number[] = [];
  for (let i = 0; i < 10_000; i += 1) {
    const input = inputs[i % inputs.length] ?? policyInput(NOW.toISOString());
    const t0 = performance.now();
    decideContact(input);
    samples.push((performance.now() - t0) * 1000);
  }
  return {
    decisionsPerSecond: Math.round((decisions / elapsed) * 1000),
    decisionP50Us: percentile(samples, 50),
    decisionP99Us: percentile(samples, 99),
  };
}

function consumed<D extends EventDefinition>(
  definition: D,
  detail: EventDetailInput<D>,
  id: string,
): ConsumedEvent {
  const event = buildEvent(definition, detail, NOW);
  return {
    source: event.source,
    detailType: event.detailType,
    id,
    time: NOW.toISOString(),
    detail: event.detail,
  };
}

export async function measureEngagement(samples = 200): Promise<EngagementFigures> {
  const bench = await startBenchDynamo();
  const { endpoint, proxy, keyCalls, raw } = bench;
  const created = await createIsolatedTables(endpoint, {
    prefix: 'bench-eng-',
    capabilities: [engagementCapability],
  });
  const table = created.tables.Engagement ?? '';
  const db = documentClientOf(localDynamoDbClient(proxy.url));
  const clock = new ControlledClock(NOW);
  try {
    const policy = measureDecisions();

    // The state one decision reads, stored as the contact path stores it (sizes alike).
    await raw.send(
      new PutCommand({ TableName: table, Item: { ...factsKey('cus-raw'), data: 'x'.repeat(600) } }),
    );
    await raw.send(
      new PutCommand({ TableName: table, Item: { ...marketingCapKey('cus-raw'), data: 'x'.repeat(120) } }),
    );
    await raw.send(
      new PutCommand({
        TableName: table,
        Item: { ...templateCurrentKey('offer-raw'), data: 'x'.repeat(900) },
      }),
    );
    const get = (Key: Record<string, string>) =>
      raw.send(new GetCommand({ TableName: table, Key, ConsistentRead: true }));
    const readSequential = async () => {
      await get(factsKey('cus-raw'));
      await get(marketingCapKey('cus-raw'));
      await get(templateCurrentKey('offer-raw'));
    };
    const readParallel = async () => {
      await Promise.all([
        get(factsKey('cus-raw')),
        get(marketingCapKey('cus-raw')),
        get(templateCurrentKey('offer-raw')),
      ]);
    };
    await timed(20, readSequential);
    const sequentialP50 = percentile(await timed(samples, readSequential), 50);
    const parallelP50 = percentile(await timed(samples, readParallel), 50);

    const base: EngagementBase = {
      db,
      tables: { engagement: table, keys: created.tables.EngagementKeys ?? '' },
      settings: DEFAULT_ENGAGEMENT_SETTINGS,
      clock,
      calendarMirror: new DynamoCalendarMirror(db, table, clock),
      get cipher(): never {
        throw new Error('The contact path opens no data key');
      },
      get surveyTokens(): never {
        throw new Error('The contact path signs no survey link');
      },
    };
    const contacts = contactsArea(base, { templates: templatesArea(base).templates });

    // A customer per request: each a first marketing contact, so every one is sent (the cap
    // is exercised by the decision, and the ledger written, without deferrals).
    const runs = samples + 3;
    for (let i = 0; i < runs; i += 1) {
      const customerId = `cus-bench-${i}`;
      await contacts.consume(
        consumed(
          CustomerRegistered,
          {
            customerId,
            customerType: 'individual',
            branch: 'BJ01',
            rmId: 'rm-bj01-1',
            onboardedAt: NOW.toISOString(),
            at: NOW.toISOString(),
          },
          `eb-reg-${i}`,
        ),
      );
      await contacts.consume(
        consumed(
          ConsentChanged,
          { customerId, purpose: 'marketing', granted: true, channels: ['sms'], at: NOW.toISOString() },
          `eb-consent-${i}`,
        ),
      );
    }
    // A marketing template, saved as an admin saves one (none is built in).
    await putTemplate(
      { store: new DynamoTemplateStore(db, table), clock },
      'offer-bench',
      undefined,
      {
        purpose: 'marketing',
        locale: 'zh-CN',
        variants: { sms: { text: '{name}，春季优惠 {offer} 已上线。回复TD退订' } },
      },
      'bench-admin',
    );

    const tools = { proxy, keyCalls, clock };
    const contactPath: ApiFigure[] = [];
    contactPath.push(
      await measureOperation(
        tools,
        'marketing contact decided + recorded (sent)',
        async (i) => {
          const outcome = await contacts.requester.request({
            requestId: `req-bench-${i}`,
            customerId: `cus-bench-${i}`,
            purpose: 'marketing',
            templateId: 'offer-bench',
            parameters: { offer: 'SPRING26' },
            latestAt: new Date(clock.now().getTime() + 30 * DAY).toISOString(),
            requestedBy: 'crm.bench',
          });
          if (outcome.decision.outcome !== 'sent')
            throw new Error(`bench contact ${i} was ${outcome.decision.outcome}`);
        },
        // What the request needs: the request marker, the facts, the template and the ledger
        // read, then one transaction: contact, request marker, ledger, two outbox items, KPI bucket.
        async (i) => {
          await Promise.all([
            get({ pk: `REQUEST#raw-${i}`, sk: 'REQUEST' }),
            get(factsKey('cus-raw')),
            get(templateCurrentKey('offer-raw')),
            get(marketingCapKey('cus-raw')),
          ]);
          await raw.send(
            new TransactWriteCommand({
              TransactItems: [
                { key: { pk: `RAW#${i}`, sk: 'CONTACT#1' }, size: 700 },
                { key: { pk: `REQUEST#raw-${i}`, sk: 'REQUEST' }, size: 80 },
                { key: { pk: `RAW#${i}`, sk: 'MARKETING-CAP' }, size: 120 },
                { key: { pk: `RAW#outbox-a-${i}`, sk: 'EVENT' }, size: 500 },
                { key: { pk: `RAW#outbox-b-${i}`, sk: 'EVENT' }, size: 700 },
              ]
                .map(({ key, size }) => ({
                  Put: {
                    TableName: table,
                    Item: { ...key, data: 'x'.repeat(size) },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                }))
                .concat([
                  {
                    Put: {
                      TableName: table,
                      Item: { pk: `RAW#kpi-${i}`, sk: 'DAY#2026-03-02', data: 'x'.repeat(100) },
                      ConditionExpression: 'attribute_not_exists(sk)',
                    },
                  },
                ]),
            }),
          );
        },
        samples,
      ),
    );

    const figures: EngagementFigures = {
      policy: {
        ...policy,
        rawReadSequentialP50Ms: sequentialP50,
        rawReadParallelP50Ms: parallelP50,
        rawReadsPerSecond: Math.round(1000 / parallelP50),
        decisionsPerRawRead: Math.round((parallelP50 / 1000) * policy.decisionsPerSecond),
      },
      contactPath,
    };
    printEngagement(figures);
    return figures;
  } finally {
    db.destroy();
    await bench.stop();
  }
}

function printEngagement(figures: EngagementFigures): void {
  const { policy } = figures;
  console.log('\nContact policy: decisions in process against a raw read of the state one decision needs');
  console.table([
    {
      'decisions/s': policy.decisionsPerSecond,
      'decision p50 µs': policy.decisionP50Us.toFixed(2),
      'decision p99 µs': policy.decisionP99Us.toFixed(2),
      'raw read p50 ms (3 GetItems in parallel)': policy.rawReadParallelP50Ms.toFixed(2),
      'raw read p50 ms (one after another)': policy.rawReadSequentialP50Ms.toFixed(2),
      'raw reads/s': policy.rawReadsPerSecond,
      'decisions per raw read': policy.decisionsPerRawRead,
    },
  ]);
  printApiFigures(
    'The contact path: decide + record one contact against the raw DynamoDB Local round trips it needs',
    figures.contactPath,
  );
}
