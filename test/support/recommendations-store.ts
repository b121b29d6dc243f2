import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { CustomerRegistered } from '../../functions/customers/events.js';
import { type AnnouncedProduct, ProductChanged } from '../../functions/products/events.js';
import { DEFAULT_RECOMMENDATIONS_SETTINGS } from '../../functions/recommendations/domain/settings.js';
import { recommendationsCapability } from '../../functions/recommendations/index.js';
import { consumeRecommendationsEvent } from '../../functions/recommendations/service/consumer.js';
import { DynamoMirrorStore } from '../../functions/recommendations/store/dynamo-mirror-store.js';
import {
  DynamoRecommendationStore,
  type DynamoRecommendationStoreOptions,
} from '../../functions/recommendations/store/dynamo-recommendation-store.js';
import { createIsolatedTables } from '../../infra/local/tables.js';
import { documentClientOf } from '../../shared/dynamodb/client.js';
import type { EventDefinition, EventDetailInput } from '../../shared/events/index.js';
import { type EventBridgeDelivery, eventBridgeHandler } from '../../shared/lambda/event-bridge.js';
import type { DeadLetter } from '../../shared/messaging/dead-letters.js';
import { ControlledClock } from '../../shared/time/clock.js';
import { consumedEvent, deliveryOf } from './consumed-event.js';
import { localClient, scanAll } from './dynamo.js';
import { lambdaContext } from './lambda-context.js';

/**
 * The recommendations stores on their own Recommendations table of the run's DynamoDB Local,
 * with the consumer as EventBridge runs it (eventBridgeHandler around the consumer's service: the
 * mirrors, and retention offer requests judged at `clock`), its dead letters kept in `deadLetters`. `deliver` publishes a real event
 * envelope to it: what a test (or the guarantee test) uses to set up customers and catalogues
 * through the same path events take.
 */
export async function recommendationsHarness(
  options: DynamoRecommendationStoreOptions = {},
  /** Where the consumer's clock starts (it judges retention offers at its time). */
  start: Date = new Date(),
) {
  const endpoint = inject('dynamodbEndpoint');
  const { tables } = await createIsolatedTables(endpoint, {
    prefix: `it-rec-${randomUUID().slice(0, 8)}-`,
    capabilities: [recommendationsCapability],
  });
  const table = tables.Recommendations ?? '';
  const db = documentClientOf(localClient(endpoint));
  const store = new DynamoRecommendationStore(db, table, options);
  const mirror = new DynamoMirrorStore(db, table);
  const clock = new ControlledClock(start);
  const deps = { store, mirror, clock, settings: DEFAULT_RECOMMENDATIONS_SETTINGS };
  const deadLetters: DeadLetter[] = [];
  const handler = eventBridgeHandler((event) => consumeRecommendationsEvent(deps, event), {
    deadLetters: {
      send: async (letter) => {
        deadLetters.push(letter);
      },
    },
  });
  let deliveries = 0;

  /** Delivers one envelope to the consumer, as EventBridge does. */
  const deliverRaw = (delivery: EventBridgeDelivery) =>
    handler(delivery, lambdaContext('RecommendationsConsumer'));

  /** Builds an event of `definition` (its envelope filled at `now`) and delivers it. */
  const deliver = async <D extends EventDefinition>(
    definition: D,
    detail: EventDetailInput<D>,
    now: Date = new Date(),
  ) => {
    deliveries += 1;
    const delivery = deliveryOf(consumedEvent(definition, detail, now, `eb-${deliveries}`));
    await deliverRaw(delivery);
    return delivery;
  };

  /** Announces each of `products` (its first version) at `now`, as the products capability does. */
  const announce = async (products: readonly Omit<AnnouncedProduct, 'version'>[], now: Date) => {
    for (const product of products) {
      await deliver(ProductChanged, { ...product, version: 1, at: now.toISOString() }, now);
    }
  };

  /**
   * Registers the individual customer `customerId` of `branch` and `rmId` (delivered at `now`),
   * assessed C3 with a 180-day horizon and CNY 2,000,000 to invest: a customer whom the low and
   * medium risk products of a catalogue suit, and a R4 fund does not.
   */
  const registerCustomer = (customerId: string, owner: { branch: string; rmId: string }, now: Date) =>
    deliver(
      CustomerRegistered,
      {
        customerId,
        customerType: 'individual',
        ...owner,
        onboardedAt: '2020-01-01T00:00:00.000Z',
        suitability: {
          riskTolerance: 'C3',
          riskAssessedAt: '2026-06-01T02:00:00.000Z',
          horizonDays: 180,
          intendedAmount: { amount: 2_000_000, currency: 'CNY' },
          senior: false,
        },
        at: '2026-01-05T02:00:00.000Z',
      },
      now,
    );

  /** The outbox events of `customerId` in the table, as the relay would publish them. */
  const outbox = async (customerId: string) =>
    (await scanAll(db, table))
      .filter((item) => item.entityType === 'OUTBOX')
      .map((item) => ({
        detailType: String(item.detailType),
        detail: JSON.parse(String(item.detail)) as Record<string, unknown>,
      }))
      .filter((event) => event.detail.customerId === customerId);

  return {
    table,
    db,
    store,
    mirror,
    clock,
    deadLetters,
    deliver,
    deliverRaw,
    announce,
    registerCustomer,
    outbox,
    /** Every raw item of the table, as stored. */
    items: () => scanAll(db, table),
    destroy: () => db.destroy(),
  };
}
