import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerSegmentChanged } from '../../../functions/activity/events.js';
import {
  CustomerErased,
  CustomerProfileChanged,
  CustomerRegistered,
  CustomerRestricted,
  CustomerRestrictionLifted,
} from '../../../functions/customers/events.js';
import { ProductChanged } from '../../../functions/products/events.js';
import { ProductHoldingChanged } from '../../../shared/events/external.js';
import { recommendationsHarness } from '../../support/recommendations-store.js';

const NOW = new Date('2026-12-04T02:00:00.000Z');
const ASSESSED = '2026-06-01T02:00:00.000Z';

let harness: Awaited<ReturnType<typeof recommendationsHarness>>;
beforeAll(async () => {
  harness = await recommendationsHarness();
});
afterAll(() => harness.destroy());

let sequence = 0;
const nextId = (prefix: string) => {
  sequence += 1;
  return `${prefix}_mirror_${sequence}`;
};

const registration = (customerId: string) => ({
  customerId,
  customerType: 'individual' as const,
  branch: 'BJ01',
  rmId: 'rm-7',
  onboardedAt: '2020-01-01T00:00:00.000Z',
  suitability: { riskTolerance: 'C3' as const, riskAssessedAt: ASSESSED, senior: false },
  at: '2026-01-05T02:00:00.000Z',
});

const product = (productId: string, version: number, productName = `Product ${productId}`) => ({
  productId,
  productName,
  category: 'fund' as const,
  riskLevel: 'R3' as const,
  termDays: 365,
  minimumAmount: { amount: 100_000, currency: 'CNY' },
  customerTypes: ['individual' as const],
  status: 'on-sale' as const,
  version,
  at: NOW.toISOString(),
});

describe('the recommendations consumer', () => {
  it('mirrors a registration with its suitability facts, and nothing before it', async () => {
    const customerId = nextId('cus');
    expect(await harness.store.customer(customerId)).toBeUndefined();

    await harness.deliver(CustomerRegistered, registration(customerId), NOW);

    expect(await harness.store.customer(customerId)).toEqual({
      customerId,
      customerType: 'individual',
      branch: 'BJ01',
      rmId: 'rm-7',
      relationship: 'active',
      suitability: { riskTolerance: 'C3', riskAssessedAt: ASSESSED, senior: false },
      restricted: false,
      erased: false,
      segments: {},
      holdings: [],
      answers: {},
      revision: 1,
    });
  });

  it('keeps what events about an unregistered customer say, and shows it once the registration arrives', async () => {
    const customerId = nextId('cus');
    await harness.deliver(
      CustomerSegmentChanged,
      { customerId, dimension: 'creditGrade', from: null, to: 'risk', at: '2026-02-01T00:00:00.000Z' },
      NOW,
    );
    await harness.deliver(
      CustomerProfileChanged,
      {
        customerId,
        version: 3,
        changedFields: ['branch', 'senior'],
        branch: 'SH02',
        rmId: 'rm-9',
        relationship: 'active',
        suitability: { riskTolerance: 'C2', riskAssessedAt: ASSESSED, senior: true },
        at: '2026-03-01T00:00:00.000Z',
      },
      NOW,
    );
    expect(await harness.store.customer(customerId)).toBeUndefined();

    await harness.deliver(CustomerRegistered, registration(customerId), NOW);

    // The later profile change (version 3) wins over the registration's scope and facts.
    expect(await harness.store.customer(customerId)).toMatchObject({
      customerType: 'individual',
      branch: 'SH02',
      rmId: 'rm-9',
      suitability: { riskTolerance: 'C2', senior: true },
      segments: { creditGrade: 'risk' },
    });
  });

  it('orders profile changes by version and restrictions, segments and holdings by instant', async () => {
    const customerId = nextId('cus');
    await harness.deliver(CustomerRegistered, registration(customerId), NOW);
    const profile = (version: number, branch: string) => ({
      customerId,
      version,
      changedFields: ['branch'],
      branch,
      rmId: 'rm-7',
      relationship: 'active' as const,
      at: NOW.toISOString(),
    });
    await harness.deliver(CustomerProfileChanged, profile(3, 'GZ03'), NOW);
    await harness.deliver(CustomerProfileChanged, profile(2, 'SZ04'), NOW);
    await harness.deliver(
      CustomerRestricted,
      { customerId, reason: 'compliance-risk', at: '2026-05-02T00:00:00.000Z' },
      NOW,
    );
    await harness.deliver(
      CustomerRestrictionLifted,
      { customerId, reason: 'compliance-risk', at: '2026-05-01T00:00:00.000Z' },
      NOW,
    );
    const holding = (action: 'opened' | 'matured', at: string) => ({
      customerId,
      productId: 'prd_td_1y',
      riskLevel: 'R1' as const,
      action,
      at,
    });
    await harness.deliver(ProductHoldingChanged, holding('matured', '2026-11-20T00:00:00.000Z'), NOW);
    await harness.deliver(ProductHoldingChanged, holding('opened', '2025-11-20T00:00:00.000Z'), NOW);

    const view = await harness.store.customer(customerId);
    expect(view).toMatchObject({ branch: 'GZ03', restricted: true });
    // A profile change without suitability facts (an older producer) keeps the known ones.
    expect(view?.suitability).toEqual({ riskTolerance: 'C3', riskAssessedAt: ASSESSED, senior: false });
    expect(view?.holdings).toEqual([
      { productId: 'prd_td_1y', riskLevel: 'R1', action: 'matured', at: '2026-11-20T00:00:00.000Z' },
    ]);
  });

  it('changes nothing on a redelivery: the revision stays', async () => {
    const customerId = nextId('cus');
    const delivery = await harness.deliver(CustomerRegistered, registration(customerId), NOW);
    const restricted = await harness.deliver(
      CustomerRestricted,
      { customerId, reason: 'compliance-risk', at: NOW.toISOString() },
      NOW,
    );
    const before = await harness.store.customer(customerId);

    await harness.deliverRaw(delivery);
    await harness.deliverRaw(restricted);

    expect(await harness.store.customer(customerId)).toEqual(before);
    expect(before?.revision).toBe(2);
  });

  it('applies events about one customer delivered at once, each exactly once', async () => {
    const customerId = nextId('cus');
    await harness.deliver(CustomerRegistered, registration(customerId), NOW);
    const dimensions = ['compositeGrade', 'creditGrade', 'assetTier', 'lifecycleStage'] as const;
    const values = {
      compositeGrade: 'vip',
      creditGrade: 'prime',
      assetTier: 'high',
      lifecycleStage: 'growing',
    };

    await Promise.all(
      dimensions.map((dimension) =>
        harness.deliver(
          CustomerSegmentChanged,
          { customerId, dimension, from: null, to: values[dimension], at: NOW.toISOString() },
          NOW,
        ),
      ),
    );

    const view = await harness.store.customer(customerId);
    expect(view?.segments).toEqual(values);
    expect(view?.revision).toBe(5);
  });

  it('leaves a tombstone on erasure: facts, holdings and answers cleared, late events change nothing', async () => {
    const customerId = nextId('cus');
    await harness.deliver(CustomerRegistered, registration(customerId), NOW);
    await harness.deliver(
      ProductHoldingChanged,
      { customerId, productId: 'prd_fund_a', riskLevel: 'R3', action: 'opened', at: NOW.toISOString() },
      NOW,
    );
    await harness.deliver(CustomerErased, { customerId, at: NOW.toISOString() }, NOW);
    await harness.deliver(
      CustomerProfileChanged,
      {
        customerId,
        version: 9,
        changedFields: ['riskTolerance'],
        branch: 'BJ01',
        rmId: 'rm-7',
        relationship: 'active',
        suitability: { riskTolerance: 'C5', riskAssessedAt: ASSESSED, senior: false },
        at: NOW.toISOString(),
      },
      NOW,
    );

    const view = await harness.store.customer(customerId);
    expect(view).toMatchObject({ erased: true, holdings: [], segments: {}, answers: {}, restricted: false });
    expect(view?.suitability).toBeUndefined();
    const stored = (await harness.items()).filter((item) => item.pk === `CUSTOMER#${customerId}`);
    expect(stored.map((item) => item.sk)).toEqual(['FACTS']);
    expect(JSON.stringify(stored)).not.toContain('C3');
  });

  it('mirrors the catalogue keeping the highest version of each product', async () => {
    const productId = nextId('prd');
    await harness.deliver(ProductChanged, product(productId, 2, 'Second name'), NOW);
    await harness.deliver(ProductChanged, product(productId, 1, 'First name'), NOW);
    await harness.deliver(ProductChanged, product(productId, 2, 'Second name'), NOW);

    const kept = await harness.store.product(productId);
    expect(kept).toMatchObject({ productId, productName: 'Second name', version: 2 });
    expect(kept).not.toHaveProperty('at');
    expect((await harness.store.catalogue()).filter((item) => item.productId === productId)).toHaveLength(1);
  });

  it('dead-letters an invalid event with the shared code, naming fields and never values', async () => {
    const customerId = nextId('cus');
    await harness.deliverRaw({
      id: 'eb-invalid-1',
      source: CustomerRegistered.source,
      'detail-type': CustomerRegistered.detailType,
      time: NOW.toISOString(),
      detail: {
        ...registration(customerId),
        eventId: 'evt_1',
        occurredAt: NOW.toISOString(),
        branch: '张三 13800138000',
      },
    });

    expect(harness.deadLetters.at(-1)).toMatchObject({ code: 'EVENT_INVALID', fields: ['branch'] });
    expect(JSON.stringify(harness.deadLetters.at(-1))).not.toContain('13800138000');
    expect(await harness.store.customer(customerId)).toBeUndefined();
  });

  it('dead-letters an event it does not take as unsupported', async () => {
    await harness.deliverRaw({
      id: 'eb-unsupported-1',
      source: 'crm.customers',
      'detail-type': 'ConsentChanged',
      time: NOW.toISOString(),
      detail: {},
    });

    expect(harness.deadLetters.at(-1)).toMatchObject({ code: 'EVENT_UNSUPPORTED' });
  });
});
