import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { CustomerSegmentChanged } from '../functions/activity/events.js';
import { CustomerRegistered } from '../functions/customers/events.js';
import {
  type AnnouncedProduct,
  PRODUCT_CATEGORIES,
  PRODUCT_RISK_LEVELS,
  ProductChanged,
} from '../functions/products/events.js';
import { customerPartition, PRODUCT_ENTITY } from '../functions/recommendations/store/keys.js';
import type { PutEventsEntry } from '../infra/local/bus.js';
import { buildEvent, type EventDefinition, type EventDetailInput } from '../shared/events/index.js';
import { startBenchCloud } from './bench-dynamo.js';
import { type ApiFigure, measureOperation, printApiFigures } from './measure.js';

/**
 * A customer's recommendations (docs/domain-rules.md §19.2, §19.4) through the local cloud (HTTP
 * server, JWT, the API handler: the customer's facts, the whole catalogue, suitability for every
 * product, ranking, the KPI count of the exclusions) over a 500-product catalogue, beside the raw
 * DynamoDB Local round trips the answer needs: the customer's facts and answers (one Query of
 * the customer's partition) and the catalogue (the `byEntity` index, every page), in parallel.
 */

export interface RecommendationsFigures {
  readonly catalogueSize: number;
  /** What the measured list answered: suitable shown, suitable beyond the limit, excluded. */
  readonly recommended: number;
  readonly excluded: number;
  readonly list: ApiFigure;
}

const CATALOGUE_SIZE = 500;
const DAY = 86_400_000;
const CUSTOMER_ID = 'cus-bench-rec';

/**
 * 500 products over every category and risk level: most on sale, every 9th suspended, every 13th
 * reserved to VIPs, terms from none to five years, minimums from zero to a million yuan.
 */
function benchCatalogue(now: Date): AnnouncedProduct[] {
  const terms = [undefined, 90, 180, 365, 730, 1825];
  return Array.from({ length: CATALOGUE_SIZE }, (_, i) => ({
    productId: `BENCH-${String(i).padStart(3, '0')}`,
    productName: `基准产品 ${i}`,
    category: PRODUCT_CATEGORIES[i % PRODUCT_CATEGORIES.length] ?? 'deposit',
    riskLevel: PRODUCT_RISK_LEVELS[(i * 7) % PRODUCT_RISK_LEVELS.length] ?? 'R1',
    termDays: terms[i % terms.length],
    minimumAmount: { amount: [0, 100_000, 5_000_000, 100_000_000][i % 4] ?? 0, currency: 'CNY' },
    customerTypes: i % 5 === 0 ? ['corporate'] : ['individual', 'corporate'],
    minimumGrade: i % 13 === 0 ? 'vip' : undefined,
    saleFrom: new Date(now.getTime() - 30 * DAY).toISOString(),
    saleTo: i % 11 === 0 ? new Date(now.getTime() - DAY).toISOString() : undefined,
    status: i % 9 === 0 ? 'suspended' : 'on-sale',
    version: 1,
  }));
}

function entry<D extends EventDefinition>(
  definition: D,
  detail: EventDetailInput<D>,
  now: Date,
): PutEventsEntry {
  const event = buildEvent(definition, detail, now);
  return { Source: event.source, DetailType: event.detailType, Detail: JSON.stringify(event.detail) };
}

export async function measureRecommendations(samples = 300): Promise<RecommendationsFigures> {
  const bench = await startBenchCloud('bench-rec-');
  const { cloud, raw, proxy, keyCalls, call } = bench;
  try {
    const now = cloud.clock.now();
    const at = now.toISOString();
    const rm = await cloud.mintToken({
      sub: 'bench-rm',
      role: 'relationship-manager',
      branch: 'BJ01',
      rmId: 'rm-bj01-1',
    });
    // The customer and the catalogue arrive as events on the bus, as in AWS: the consumer
    // mirrors them into the recommendations table.
    const customer = [
      entry(
        CustomerRegistered,
        {
          customerId: CUSTOMER_ID,
          customerType: 'individual',
          branch: 'BJ01',
          rmId: 'rm-bj01-1',
          onboardedAt: new Date(now.getTime() - 400 * DAY).toISOString(),
          suitability: {
            riskTolerance: 'C4',
            riskAssessedAt: new Date(now.getTime() - 30 * DAY).toISOString(),
            investmentObjective: 'balanced',
            horizonDays: 1095,
            intendedAmount: { amount: 50_000_000, currency: 'CNY' },
            senior: false,
          },
          at,
        },
        now,
      ),
      entry(
        CustomerSegmentChanged,
        { customerId: CUSTOMER_ID, dimension: 'compositeGrade', from: null, to: 'premium', at },
        now,
      ),
      entry(
        CustomerSegmentChanged,
        { customerId: CUSTOMER_ID, dimension: 'lifecycleStage', from: null, to: 'growing', at },
        now,
      ),
    ];
    const publish = (entries: readonly PutEventsEntry[]) => {
      const result = cloud.bus.putEvents(entries, { defaultBusName: cloud.bus.name });
      if (result.FailedEntryCount > 0) throw new Error('The local bus refused a bench event');
    };
    publish(customer);
    const products = benchCatalogue(now).map((product) => entry(ProductChanged, { ...product, at }, now));
    for (let i = 0; i < products.length; i += 10) publish(products.slice(i, i + 10));
    await cloud.settle();

    const table = cloud.tables.Recommendations ?? '';
    const path = `/v1/customers/${CUSTOMER_ID}/recommendations`;
    const probe = await call(rm, 'GET', path);
    const count = (listed: unknown) => (Array.isArray(listed) ? listed.length : 0);
    const recommended = count(probe.json.recommended);
    const excluded = count(probe.json.excluded);
    if (recommended + excluded === 0)
      throw new Error('The bench catalogue did not reach the recommendations mirror');

    const rawReads = async () => {
      const catalogue = async () => {
        let start: Record<string, unknown> | undefined;
        do {
          const page = await raw.send(
            new QueryCommand({
              TableName: table,
              IndexName: 'byEntity',
              KeyConditionExpression: 'entityType = :product',
              ExpressionAttributeValues: { ':product': PRODUCT_ENTITY },
              ExclusiveStartKey: start,
            }),
          );
          start = page.LastEvaluatedKey;
        } while (start !== undefined);
      };
      await Promise.all([
        raw.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': customerPartition(CUSTOMER_ID) },
            ConsistentRead: true,
          }),
        ),
        catalogue(),
      ]);
    };
    const list = await measureOperation(
      { proxy, keyCalls, clock: cloud.clock },
      `recommendations for one customer (${CATALOGUE_SIZE} products)`,
      async () => {
        await call(rm, 'GET', path);
      },
      rawReads,
      samples,
    );
    const figures: RecommendationsFigures = { catalogueSize: CATALOGUE_SIZE, recommended, excluded, list };
    printRecommendations(figures);
    return figures;
  } finally {
    await bench.stop();
  }
}

function printRecommendations(figures: RecommendationsFigures): void {
  printApiFigures(
    'Recommendations: one customer over the catalogue (GET through the local cloud) against the raw reads it needs (the customer partition + the catalogue index, in parallel)',
    [figures.list],
  );
  console.log(
    `catalogue ${figures.catalogueSize} products: ${figures.recommended} recommended (the list limit), ${figures.excluded} excluded`,
  );
}
