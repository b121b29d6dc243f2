import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CustomerErased,
  CustomerProfileChanged,
  CustomerRegistered,
} from '../../../functions/customers/events.js';
import { type AnnouncedProduct, ProductChanged } from '../../../functions/products/events.js';
import { RecommendationMade, RecommendationResponded } from '../../../functions/recommendations/events.js';
import {
  AlreadyAnsweredError,
  CustomerFactsChangedError,
  ProductChangedError,
  type RecommendationRecord,
} from '../../../functions/recommendations/service/ports.js';
import { productItem } from '../../../functions/recommendations/store/items.js';
import { buildEvent } from '../../../shared/events/index.js';
import { recommendationsHarness } from '../../support/recommendations-store.js';

// 2026-12-04 23:30 CST: the KPI day of an instant is its China Standard Time date.
const NOW = new Date('2026-12-04T15:30:00.000Z');
const CST_DAY = '2026-12-04';
const NEXT_CST_DAY = '2026-12-05';

let harness: Awaited<ReturnType<typeof recommendationsHarness>>;
/** The product the recommendations below are of, as the mirror holds it (version 2). */
const fundA = (version: number, status: AnnouncedProduct['status']): AnnouncedProduct & { at: string } => ({
  productId: 'prd_fund_a',
  productName: 'Fund A',
  category: 'fund',
  riskLevel: 'R3',
  minimumAmount: { amount: 0, currency: 'CNY' },
  customerTypes: ['individual'],
  status,
  version,
  at: NOW.toISOString(),
});

beforeAll(async () => {
  harness = await recommendationsHarness({ cataloguePageSize: 100 });
  await harness.deliver(ProductChanged, fundA(2, 'on-sale'), NOW);
});
afterAll(() => harness.destroy());

let sequence = 0;
const nextId = (prefix: string) => {
  sequence += 1;
  return `${prefix}_store_${sequence}`;
};

async function registered(branch = 'BJ01') {
  const customerId = nextId('cus');
  await harness.deliver(
    CustomerRegistered,
    {
      customerId,
      customerType: 'individual',
      branch,
      rmId: 'rm-7',
      onboardedAt: '2020-01-01T00:00:00.000Z',
      suitability: { riskTolerance: 'C4', riskAssessedAt: '2026-06-01T02:00:00.000Z', senior: false },
      at: '2026-01-05T02:00:00.000Z',
    },
    NOW,
  );
  return customerId;
}

function recommendation(
  customerId: string,
  overrides: Partial<RecommendationRecord> = {},
): RecommendationRecord {
  return {
    recommendationId: nextId('rec'),
    customerId,
    branch: 'BJ01',
    rmId: 'rm-7',
    productId: 'prd_fund_a',
    productVersion: 2,
    category: 'fund',
    riskLevel: 'R3',
    channel: 'face-to-face',
    score: 55,
    reasons: ['objective-match'],
    satisfied: ['risk-within-tolerance'],
    ruleVersion: 's1-m12-r2-d90',
    madeBy: 'rm-7',
    madeAt: NOW.toISOString(),
    ...overrides,
  };
}

const madeEvent = (record: RecommendationRecord) =>
  buildEvent(
    RecommendationMade,
    {
      recommendationId: record.recommendationId,
      customerId: record.customerId,
      productId: record.productId,
      category: record.category,
      riskLevel: record.riskLevel,
      channel: record.channel,
      branch: record.branch,
      ruleVersion: record.ruleVersion,
      reasons: [...record.reasons],
      seniorConfirmed: false,
      at: record.madeAt,
    },
    NOW,
  );

const respondedEvent = (record: RecommendationRecord, response: 'accepted' | 'declined' | 'not-interested') =>
  buildEvent(
    RecommendationResponded,
    {
      recommendationId: record.recommendationId,
      customerId: record.customerId,
      productId: record.productId,
      category: record.category,
      riskLevel: record.riskLevel,
      branch: record.branch,
      response,
      at: NOW.toISOString(),
    },
    NOW,
  );

const outboxOf = async (recommendationId: string) =>
  (await harness.items()).filter(
    (item) => item.entityType === 'OUTBOX' && String(item.detail).includes(`"${recommendationId}"`),
  );

describe('DynamoRecommendationStore', () => {
  it('records a recommendation with its event and KPI count while the facts are as read', async () => {
    const customerId = await registered();
    const view = await harness.store.customer(customerId);
    const made = recommendation(customerId);

    await harness.store.record(made, { customerRevision: view?.revision ?? -1 }, [madeEvent(made)]);

    expect(await harness.store.get(made.recommendationId)).toEqual(made);
    expect(await outboxOf(made.recommendationId)).toHaveLength(1);
    const [bucket] = await harness.store.kpiBuckets(CST_DAY, CST_DAY, 'BJ01');
    expect(bucket?.byCategory.fund?.made).toBeGreaterThanOrEqual(1);
  });

  it('refuses a recommendation assessed on facts that changed since, writing nothing', async () => {
    const customerId = await registered('HZ05');
    const view = await harness.store.customer(customerId);
    await harness.deliver(
      CustomerProfileChanged,
      {
        customerId,
        version: 2,
        changedFields: ['riskTolerance'],
        branch: 'HZ05',
        rmId: 'rm-7',
        relationship: 'active',
        suitability: { riskTolerance: 'C1', riskAssessedAt: NOW.toISOString(), senior: false },
        at: NOW.toISOString(),
      },
      NOW,
    );
    const made = recommendation(customerId, { branch: 'HZ05' });

    await expect(
      harness.store.record(made, { customerRevision: view?.revision ?? -1 }, [madeEvent(made)]),
    ).rejects.toBeInstanceOf(CustomerFactsChangedError);

    expect(await harness.store.get(made.recommendationId)).toBeUndefined();
    expect(await outboxOf(made.recommendationId)).toEqual([]);
    expect(await harness.store.kpiBuckets(CST_DAY, CST_DAY, 'HZ05')).toEqual([]);
  });

  it('refuses a recommendation of a product that changed since it was judged, writing nothing', async () => {
    const customerId = await registered('HZ06');
    const view = await harness.store.customer(customerId);
    // Judged at version 1; the mirror holds version 2 (the product changed meanwhile).
    const made = recommendation(customerId, { branch: 'HZ06', productVersion: 1 });

    await expect(
      harness.store.record(made, { customerRevision: view?.revision ?? -1 }, [madeEvent(made)]),
    ).rejects.toBeInstanceOf(ProductChangedError);

    expect(await harness.store.get(made.recommendationId)).toBeUndefined();
    expect(await outboxOf(made.recommendationId)).toEqual([]);
    expect(await harness.store.kpiBuckets(CST_DAY, CST_DAY, 'HZ06')).toEqual([]);
  });

  it('answers a replay of a recorded id by writing nothing again', async () => {
    const customerId = await registered('NJ06');
    const view = await harness.store.customer(customerId);
    const made = recommendation(customerId, { branch: 'NJ06' });
    await harness.store.record(made, { customerRevision: view?.revision ?? -1 }, [madeEvent(made)]);

    await harness.store.record(made, { customerRevision: view?.revision ?? -1 }, [madeEvent(made)]);

    expect(await outboxOf(made.recommendationId)).toHaveLength(1);
    const [bucket] = await harness.store.kpiBuckets(CST_DAY, CST_DAY, 'NJ06');
    expect(bucket?.byCategory.fund?.made).toBe(1);
  });

  it('takes an answer once: the second is AlreadyAnsweredError and writes nothing', async () => {
    const customerId = await registered('WH07');
    const view = await harness.store.customer(customerId);
    const made = recommendation(customerId, { branch: 'WH07' });
    await harness.store.record(made, { customerRevision: view?.revision ?? -1 }, [madeEvent(made)]);

    const answered = await harness.store.respond(
      made,
      { response: 'accepted', at: NOW.toISOString(), by: 'rm-7' },
      [respondedEvent(made, 'accepted')],
    );
    await expect(
      harness.store.respond(made, { response: 'declined', at: NOW.toISOString(), by: 'rm-7' }, [
        respondedEvent(made, 'declined'),
      ]),
    ).rejects.toBeInstanceOf(AlreadyAnsweredError);

    expect(answered).toMatchObject({ response: 'accepted', respondedBy: 'rm-7' });
    expect(await harness.store.get(made.recommendationId)).toEqual(answered);
    expect(await outboxOf(made.recommendationId)).toHaveLength(2);
    const after = await harness.store.customer(customerId);
    expect(after?.answers).toEqual({});
    // An acceptance changes no answer: the facts revision stays.
    expect(after?.revision).toBe(view?.revision);
    const [bucket] = await harness.store.kpiBuckets(CST_DAY, CST_DAY, 'WH07');
    expect(bucket?.byCategory.fund).toEqual({ made: 1, accepted: 1, declined: 0, notInterested: 0 });
  });

  it('keeps a decline as the category answer in the same transaction, bumping the revision', async () => {
    const customerId = await registered('CD08');
    const view = await harness.store.customer(customerId);
    const made = recommendation(customerId, { branch: 'CD08' });
    await harness.store.record(made, { customerRevision: view?.revision ?? -1 }, [madeEvent(made)]);
    const later = recommendation(customerId, { branch: 'CD08', productId: 'prd_fund_b' });

    await harness.store.respond(made, { response: 'declined', at: NOW.toISOString(), by: 'rm-7' }, [
      respondedEvent(made, 'declined'),
    ]);

    const after = await harness.store.customer(customerId);
    expect(after?.answers).toEqual({ fund: { response: 'declined', at: NOW.toISOString() } });
    expect(after?.revision).toBe((view?.revision ?? 0) + 1);
    // A recommendation assessed before the decline is refused by the guard.
    await expect(
      harness.store.record(later, { customerRevision: view?.revision ?? -1 }, [madeEvent(later)]),
    ).rejects.toBeInstanceOf(CustomerFactsChangedError);
  });

  it('clears the answers on erasure, and keeps no answer given after it', async () => {
    const customerId = await registered('SY13');
    const view = await harness.store.customer(customerId);
    const first = recommendation(customerId, { branch: 'SY13' });
    const second = recommendation(customerId, { branch: 'SY13', category: 'deposit', riskLevel: 'R1' });
    await harness.store.record(first, { customerRevision: view?.revision ?? -1 }, [madeEvent(first)]);
    await harness.store.record(second, { customerRevision: view?.revision ?? -1 }, [madeEvent(second)]);
    await harness.store.respond(first, { response: 'declined', at: NOW.toISOString(), by: 'rm-7' }, [
      respondedEvent(first, 'declined'),
    ]);

    await harness.deliver(CustomerErased, { customerId, at: NOW.toISOString() }, NOW);
    await expect(
      harness.store.respond(second, { response: 'not-interested', at: NOW.toISOString(), by: 'rm-7' }, [
        respondedEvent(second, 'not-interested'),
      ]),
    ).rejects.toBeInstanceOf(CustomerFactsChangedError);

    expect(await harness.store.customer(customerId)).toMatchObject({ erased: true, answers: {} });
    const partition = (await harness.items()).filter((item) => item.pk === `CUSTOMER#${customerId}`);
    expect(partition.map((item) => item.sk)).toEqual(['FACTS']);
    expect((await harness.store.get(second.recommendationId))?.response).toBeUndefined();
    expect(await outboxOf(second.recommendationId)).toHaveLength(1);
  });

  it('writes nothing when the answer would fail: a failed decline leaves no category answer', async () => {
    const customerId = await registered('XA09');
    const made = recommendation(customerId, { branch: 'XA09' });
    // Never recorded: the recommendation's condition fails, so the answer is not kept either.
    await expect(
      harness.store.respond(made, { response: 'declined', at: NOW.toISOString(), by: 'rm-7' }, [
        respondedEvent(made, 'declined'),
      ]),
    ).rejects.toBeInstanceOf(AlreadyAnsweredError);

    expect((await harness.store.customer(customerId))?.answers).toEqual({});
    expect(await outboxOf(made.recommendationId)).toEqual([]);
  });

  it('counts exclusions and refusals per reason, read back per CST day and branch', async () => {
    await harness.store.countExclusions(CST_DAY, 'KM10', 'excluded', {
      'risk-above-tolerance': 3,
      'not-on-sale': 1,
    });
    await harness.store.countExclusions(CST_DAY, 'KM10', 'excluded', { 'risk-above-tolerance': 2 });
    await harness.store.countExclusions(NEXT_CST_DAY, 'KM10', 'refused', { 'category-declined': 1 });
    await harness.store.countExclusions(CST_DAY, 'KM11', 'refused', { 'assessment-expired': 1 });

    expect(await harness.store.kpiBuckets(CST_DAY, NEXT_CST_DAY, 'KM10')).toEqual([
      {
        day: CST_DAY,
        branch: 'KM10',
        byCategory: {},
        excluded: { 'risk-above-tolerance': 5, 'not-on-sale': 1 },
        refused: {},
      },
      {
        day: NEXT_CST_DAY,
        branch: 'KM10',
        byCategory: {},
        excluded: {},
        refused: { 'category-declined': 1 },
      },
    ]);
    const everyBranch = await harness.store.kpiBuckets(CST_DAY, CST_DAY);
    expect(
      everyBranch.filter((bucket) => bucket.branch.startsWith('KM')).map((bucket) => bucket.branch),
    ).toEqual(['KM10', 'KM11']);
  });

  it('counts a recommendation on the CST day it was made', async () => {
    const customerId = await registered('TJ12');
    const view = await harness.store.customer(customerId);
    // 16:30 UTC is already the next day in China Standard Time.
    const made = recommendation(customerId, { branch: 'TJ12', madeAt: '2026-12-04T16:30:00.000Z' });
    await harness.store.record(made, { customerRevision: view?.revision ?? -1 }, [madeEvent(made)]);

    expect(
      (await harness.store.kpiBuckets(CST_DAY, NEXT_CST_DAY, 'TJ12')).map((bucket) => bucket.day),
    ).toEqual([NEXT_CST_DAY]);
  });

  it('reads a catalogue of 500 products over several pages', async () => {
    const products: AnnouncedProduct[] = Array.from({ length: 500 }, (_, index) => ({
      productId: `prd_bulk_${String(index).padStart(3, '0')}`,
      productName: `Bulk product ${index}`,
      category: 'deposit',
      riskLevel: 'R1',
      minimumAmount: { amount: 0, currency: 'CNY' },
      customerTypes: ['individual', 'corporate'],
      status: 'on-sale',
      version: 1,
    }));
    // Written as the mirror writes them, 25 to a batch (the consumer's path is in mirror.test.ts).
    for (let start = 0; start < products.length; start += 25) {
      const batch = products
        .slice(start, start + 25)
        .map((product) => ({ PutRequest: { Item: productItem(product) } }));
      await harness.db.send(new BatchWriteCommand({ RequestItems: { [harness.table]: batch } }));
    }

    const catalogue = await harness.store.catalogue();

    const bulk = catalogue.filter((product) => product.productId.startsWith('prd_bulk_'));
    expect(bulk).toHaveLength(500);
    expect(new Set(bulk.map((product) => product.productId)).size).toBe(500);
    expect(bulk.find((product) => product.productId === 'prd_bulk_499')).toEqual(products[499]);
  });
});
