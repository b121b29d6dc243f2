import { randomUUID } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { AnnouncedProduct } from '../../../functions/products/events.js';
import {
  RECOMMENDATION_CHANNELS,
  RecommendationContactRequested,
  RecommendationMade,
  RecommendationResponded,
} from '../../../functions/recommendations/events.js';
import { recommendationsCapability } from '../../../functions/recommendations/index.js';
import { RetentionOfferRequested } from '../../../functions/retention/events.js';
import { createIsolatedTables } from '../../../infra/local/tables.js';
import { documentClientOf } from '../../../shared/dynamodb/index.js';
import { parseEventDetail } from '../../../shared/events/index.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import { OUTBOX_ENTITY_TYPE } from '../../../shared/outbox/index.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import * as z from '../../../shared/zod.js';
import { consumedEvent, deliveryOf } from '../../support/consumed-event.js';
import { localClient, scanAll } from '../../support/dynamo.js';
import { lambdaContext } from '../../support/http-event.js';
import {
  confirmationApplies,
  type OracleSettings,
  oracleVerdict,
} from '../../support/recommendations-oracle.js';
import {
  type GuaranteeWorld,
  guaranteeWorldArbitrary,
  WORLD_BRANCH,
  WORLD_RM,
} from '../../support/recommendations-worlds.js';
import { type RouteCall, routeCaller, type TestCaller } from '../../support/route-caller.js';

/**
 * THE suitability guarantee (docs/domain-rules.md §19.2, §19.3, §19.5), as a property over
 * random worlds (test/support/recommendations-worlds.ts): a customer in any state the rules
 * distinguish, a catalogue of any products, brought into the recommendations table by the
 * events that make them, applied through the consumer Lambda's handler exactly as EventBridge
 * delivers them (out of order, some twice), the customer's answers given through the API at
 * their instants; then, through the API Lambda's handler in process:
 * - the list shows every unsuitable product with its reasons and the suitable ones up to the
 *   list limit (the rest counted in `moreSuitable`); every recommended product passes an
 *   independent oracle of the rules (test/support/recommendations-oracle.ts), every excluded
 *   one fails it for exactly the reasons shown (never none);
 * - recording any product, with and without an RM's senior confirmation, is accepted only when
 *   the oracle says suitable, else refused (422) with the oracle's reasons, whoever asks;
 * - a retention case's offer request, answered by the consumer, records the list's best-ranked
 *   product (which the oracle passes) when any is suitable, else announces none is;
 * - the outbox holds RecommendationMade for exactly the recorded ones, a contact request only
 *   for those recorded on a channel that sends, every event valid under its declared schema
 *   (nothing undeclared, so nothing personal).
 * Runs are few and catalogues small (at most 27 products) to keep CI fast: about 10 to 25 s for
 * 20 worlds. `GUARANTEE_RUNS=200 npx vitest run --project integration <this file>` looks harder.
 */

const NUM_RUNS = Number(process.env.GUARANTEE_RUNS ?? 20);
/** The consumer's dead-letter queue: on this machine, and nothing answers there. */
const DEAD_LETTERS = 'http://127.0.0.1:9/000000000000/guarantee-dead-letters';

// What the test reads of the API's answers (the rest is the API's own tests' business).
const listSchema = z.object({
  ruleVersion: z.string(),
  recommended: z.array(z.object({ productId: z.string(), satisfied: z.array(z.string()) })),
  moreSuitable: z.number(),
  excluded: z.array(z.object({ productId: z.string(), reasons: z.array(z.string()) })),
});
const recordedSchema = z.object({
  recommendationId: z.string(),
  satisfied: z.array(z.string()),
  ruleVersion: z.string(),
});
/** An unsuitable product's reasons: the 422 problem's `errors`, one per code, on `productId`. */
function reasonsOf(problem: unknown): string[] {
  return z
    .object({ errors: z.array(z.object({ path: z.literal('productId'), message: z.string() })) })
    .parse(problem)
    .errors.map((error) => error.message);
}
const SENDING_CHANNELS: readonly string[] = ['sms', 'email', 'app-push'];

/** The settings of a world as the functions' environment carries them. */
function settingsEnv(settings: OracleSettings, listLimit: number): Record<string, string> {
  return {
    SUITABILITY_ASSESSMENT_VALID_MONTHS: String(settings.assessmentValidMonths),
    SUITABILITY_SENIOR_MAX_RISK: settings.seniorMaxRisk,
    RECOMMENDATION_DECLINED_DAYS: String(settings.declinedDays),
    RECOMMENDATION_LIST_LIMIT: String(listLimit),
  };
}

describe('the suitability guarantee, through the consumer and the API on DynamoDB Local', () => {
  const endpoint = inject('dynamodbEndpoint');
  const db = documentClientOf(localClient(endpoint));
  const admin = localClient(endpoint);
  let consumerModule: typeof import('../../../functions/recommendations/handlers/consumer.js');
  let apiModule: typeof import('../../../functions/recommendations/handlers/api.js');

  beforeAll(async () => {
    // The handlers build their own DynamoDB client from the environment, as in Lambda.
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', endpoint);
    // The dead-letter queue's client stays on this machine too (nothing listens there).
    vi.stubEnv('AWS_ENDPOINT_URL_SQS', 'http://127.0.0.1:9');
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    // What the modules' own Lambda handlers read when they load (each world makes its own).
    vi.stubEnv('RECOMMENDATIONS_TABLE', 'guarantee-unused');
    vi.stubEnv('DEAD_LETTER_QUEUE_URL', DEAD_LETTERS);
    consumerModule = await import('../../../functions/recommendations/handlers/consumer.js');
    apiModule = await import('../../../functions/recommendations/handlers/api.js');
  });
  afterAll(() => {
    db.destroy();
    admin.destroy();
    vi.unstubAllEnvs();
  });

  /** One world's functions over a table of its own (a catalogue is the whole table's). */
  async function functionsFor(world: GuaranteeWorld, clock: ControlledClock, listLimit: number) {
    const created = await createIsolatedTables(endpoint, {
      prefix: `it-guar-${randomUUID().slice(0, 8)}-`,
      capabilities: [recommendationsCapability],
    });
    const table = created.tables.Recommendations ?? '';
    const env = {
      RECOMMENDATIONS_TABLE: table,
      // Unreachable on purpose: a valid event dead-lettered fails its delivery, and the property.
      DEAD_LETTER_QUEUE_URL: DEAD_LETTERS,
      ...settingsEnv(world.settings, listLimit),
    };
    const consumer = consumerModule.createHandler({ env, clock });
    const call: RouteCall = routeCaller(apiModule.createHandler({ env, clock }));
    const apply = async (event: ConsumedEvent) => {
      await consumer(deliveryOf(event), lambdaContext());
    };
    const outbox = async () =>
      (await scanAll(db, table))
        .filter((item) => item.entityType === OUTBOX_ENTITY_TYPE)
        .map((item) => {
          const detail: unknown = JSON.parse(String(item.detail));
          return { detailType: String(item.detailType), detail };
        });
    return {
      table,
      apply,
      call,
      outbox,
      drop: () => admin.send(new DeleteTableCommand({ TableName: table })),
    };
  }

  it('never lists, records or sends an unsuitable product, and gives every exclusion its reasons', {
    timeout: 60_000 + NUM_RUNS * 5_000,
  }, async () => {
    let idempotency = 0;
    const nextKey = () => {
      idempotency += 1;
      return `guarantee-${idempotency}`;
    };
    await fc.assert(
      fc.asyncProperty(
        guaranteeWorldArbitrary(),
        fc.constantFrom<'relationship-manager' | 'supervisor'>('relationship-manager', 'supervisor'),
        // Mostly a limit above any catalogue (every product shown), sometimes a small one.
        fc.oneof(
          { arbitrary: fc.constant(100), weight: 3 },
          { arbitrary: fc.integer({ min: 1, max: 3 }), weight: 1 },
        ),
        async (world, role, listLimit) => {
          const caller: TestCaller =
            role === 'supervisor'
              ? { sub: 'sup-guarantee', role, branch: WORLD_BRANCH }
              : { sub: 'rm-guarantee', role, branch: WORLD_BRANCH, rmId: WORLD_RM };
          const clock = new ControlledClock(new Date(world.startAt));
          const f = await functionsFor(world, clock, listLimit);
          try {
            await checkWorld(world, clock, f, caller, nextKey, listLimit);
          } finally {
            await f.drop();
          }
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  async function checkWorld(
    world: GuaranteeWorld,
    clock: ControlledClock,
    f: Awaited<ReturnType<typeof functionsFor>>,
    caller: TestCaller,
    nextKey: () => string,
    listLimit: number,
  ): Promise<void> {
    const customerPath = `/v1/customers/${world.customerId}/recommendations`;
    /** Every recommendation the API recorded (201), as it answered it. */
    const recorded = new Map<
      string,
      { productId: string; channel: string; confirmed: boolean; ruleVersion: string }
    >();

    // The registration and the answers' helper products, then each answer at its instant.
    for (const event of world.setup) await f.apply(event);
    for (const answer of world.answers) {
      clock.set(new Date(answer.at));
      const made = await f.call(caller, 'POST', customerPath, {
        body: { productId: answer.helperProductId, channel: 'face-to-face' },
        headers: { 'idempotency-key': nextKey() },
      });
      expect(made.status, made.text).toBe(201);
      const { recommendationId, ruleVersion } = recordedSchema.parse(made.json);
      recorded.set(recommendationId, {
        productId: answer.helperProductId,
        channel: 'face-to-face',
        confirmed: false,
        ruleVersion,
      });
      const answered = await f.call(caller, 'POST', `/v1/recommendations/${recommendationId}/response`, {
        body: { response: answer.response },
      });
      expect(answered.status, answered.text).toBe(200);
    }
    clock.set(new Date(world.now));
    for (const event of world.deliveries) await f.apply(event);

    const catalogue = new Map(world.catalogue.map((product) => [product.productId, product]));
    const verdict = (product: AnnouncedProduct, confirmed: boolean) =>
      oracleVerdict(world.expected, product, world.now, confirmed, world.settings);
    const productOf = (productId: string): AnnouncedProduct => {
      const product = catalogue.get(productId);
      if (product === undefined) throw new Error(`${productId} is not in the world's catalogue`);
      return product;
    };

    // The list.
    let listedRuleVersion: string | undefined;
    let bestListed: string | undefined;
    const listed = await f.call(caller, 'GET', customerPath);
    if (world.erased) {
      expect(listed.status).toBe(404);
    } else {
      expect(listed.status, listed.text).toBe(200);
      const { recommended, excluded, moreSuitable, ruleVersion } = listSchema.parse(listed.json);
      listedRuleVersion = ruleVersion;
      bestListed = recommended[0]?.productId;
      // Every unsuitable product excluded, the suitable ones listed up to the limit, the rest counted.
      const suitable = world.catalogue.filter((product) => verdict(product, false).suitable);
      expect(excluded.map((product) => product.productId).sort()).toEqual(
        world.catalogue
          .filter((product) => !verdict(product, false).suitable)
          .map((product) => product.productId)
          .sort(),
      );
      expect(recommended).toHaveLength(Math.min(listLimit, suitable.length));
      expect(moreSuitable).toBe(suitable.length - recommended.length);
      expect(new Set(recommended.map((product) => product.productId)).size).toBe(recommended.length);
      for (const product of recommended) {
        const expected = verdict(productOf(product.productId), false);
        expect(expected.reasons, product.productId).toEqual([]);
        expect([...product.satisfied].sort()).toEqual([...expected.satisfied].sort());
      }
      for (const product of excluded) {
        const expected = verdict(productOf(product.productId), false);
        expect(product.reasons.length).toBeGreaterThan(0);
        expect(product.reasons, product.productId).toEqual(expected.reasons);
      }
    }

    // A retention case's offer, judged by the consumer now: the list's best-ranked product when
    // any is suitable (recorded by phone, with the case: nothing sent), else RecommendationUnavailable.
    const caseId = 'ret_guarantee';
    await f.apply(
      consumedEvent(
        RetentionOfferRequested,
        {
          requestId: `retention-offer-${caseId}`,
          caseId,
          customerId: world.customerId,
          branch: WORLD_BRANCH,
          at: world.now,
        },
        new Date(world.now),
      ),
    );
    const offered = (await f.outbox())
      .filter((event) => event.detailType === 'RecommendationMade')
      .map((event) => parseEventDetail(RecommendationMade, event.detail))
      .find((detail) => detail.caseId === caseId);
    const offerExpected =
      !world.erased && world.catalogue.some((product) => verdict(product, false).suitable);
    if (offerExpected) {
      if (offered === undefined) throw new Error('a suitable product was not offered');
      expect(verdict(productOf(offered.productId), false).reasons, offered.productId).toEqual([]);
      expect(offered.productId).toBe(bestListed);
      expect(offered.channel).toBe('phone');
      recorded.set(offered.recommendationId, {
        productId: offered.productId,
        channel: 'phone',
        confirmed: false,
        ruleVersion: offered.ruleVersion,
      });
    } else {
      expect(offered).toBeUndefined();
    }

    // Recording every product, without and with a senior confirmation.
    let index = 0;
    for (const product of world.catalogue) {
      for (const confirmed of [false, true]) {
        index += 1;
        const channel = RECOMMENDATION_CHANNELS[index % RECOMMENDATION_CHANNELS.length] ?? 'face-to-face';
        const made = await f.call(caller, 'POST', customerPath, {
          body: {
            productId: product.productId,
            channel,
            ...(confirmed ? { seniorConfirmation: { reason: 'customer-requested' } } : {}),
          },
          headers: { 'idempotency-key': nextKey() },
        });
        const expected = verdict(product, confirmed);
        const label = `${product.productId} confirmed=${confirmed}: ${made.text}`;
        if (world.erased) {
          expect(made.status, label).toBe(404);
        } else if (confirmed && !confirmationApplies(world.expected, product, world.settings)) {
          // A confirmation that would be recorded for nothing is refused, suitable or not.
          expect(made.status, label).toBe(422);
          expect(made.json.code, label).toBe('senior-confirmation-not-applicable');
        } else if (expected.suitable) {
          expect(made.status, label).toBe(201);
          const answer = recordedSchema.parse(made.json);
          expect([...answer.satisfied].sort()).toEqual([...expected.satisfied].sort());
          recorded.set(answer.recommendationId, {
            productId: product.productId,
            channel,
            confirmed,
            ruleVersion: answer.ruleVersion,
          });
        } else {
          expect(made.status, label).toBe(422);
          expect(made.json.code).toBe('recommendation-unsuitable');
          expect(reasonsOf(made.json), label).toEqual(expected.reasons);
        }
      }
    }

    // Recorded under the rules the list was judged by (the settings of this world).
    if (listedRuleVersion !== undefined)
      for (const { ruleVersion } of recorded.values()) expect(ruleVersion).toBe(listedRuleVersion);

    // The outbox: what was recorded and nothing else, each event as declared.
    const events = await f.outbox();
    const made = events.filter((event) => event.detailType === 'RecommendationMade');
    expect(
      made.map((event) => parseEventDetail(RecommendationMade, event.detail).recommendationId).sort(),
    ).toEqual([...recorded.keys()].sort());
    for (const event of made) {
      const detail = parseEventDetail(RecommendationMade, event.detail);
      expect(recorded.get(detail.recommendationId)).toMatchObject({
        productId: detail.productId,
        confirmed: detail.seniorConfirmed,
        ruleVersion: detail.ruleVersion,
      });
    }
    const contacts = events.filter((event) => event.detailType === 'RecommendationContactRequested');
    const sent = [...recorded.entries()]
      .filter(([, r]) => SENDING_CHANNELS.includes(r.channel))
      .map(([id]) => id);
    expect(
      contacts
        .map((event) => parseEventDetail(RecommendationContactRequested, event.detail).regarding)
        .sort(),
    ).toEqual(sent.sort());
    const responded = events.filter((event) => event.detailType === 'RecommendationResponded');
    expect(
      responded.map((event) => parseEventDetail(RecommendationResponded, event.detail).response).sort(),
    ).toEqual(world.answers.map((answer) => answer.response).sort());
    const unavailable = events.filter((event) => event.detailType === 'RecommendationUnavailable');
    expect(unavailable).toHaveLength(offerExpected ? 0 : 1);
    expect(events.length).toBe(made.length + contacts.length + responded.length + unavailable.length);
  }
});
