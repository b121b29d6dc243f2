import { describe, expect, it } from 'vitest';
import type { AnnouncedProduct as Product, ProductCategory } from '../../../functions/products/events.js';
import {
  type RankingCustomer,
  type RankingSettings,
  rankProducts,
} from '../../../functions/recommendations/domain/ranking.js';
import type { AffinityReason } from '../../../functions/recommendations/domain/ranking-reasons.js';
import { DEFAULT_RECOMMENDATIONS_SETTINGS } from '../../../functions/recommendations/domain/settings.js';
import { NOW, productWith } from './suitability-fixtures.js';

const DAY_MS = 86_400_000;
const at = Date.parse(NOW);
const daysAgo = (days: number, ms = 0) => new Date(at - days * DAY_MS - ms).toISOString();

const deposit = productWith({ productId: 'dep-1', category: 'deposit', riskLevel: 'R1' });
const fund = productWith({ productId: 'fund-1', category: 'fund', riskLevel: 'R3' });
const card = productWith({ productId: 'card-1', category: 'card', riskLevel: 'R1' });
const insurance = productWith({ productId: 'ins-1', category: 'insurance', riskLevel: 'R2' });
const wealth = productWith({ productId: 'wm-1', category: 'wealth-management', riskLevel: 'R2' });
const loan = productWith({ productId: 'loan-1', category: 'loan', riskLevel: 'R1' });
/** Products the customer held, in the catalogue but not among the candidates. */
const heldDeposit = productWith({ productId: 'dep-held', category: 'deposit', status: 'withdrawn' });
const CATALOGUE = [deposit, fund, card, insurance, wealth, loan, heldDeposit];

function customerWith(overrides: Partial<RankingCustomer> = {}): RankingCustomer {
  return { holdings: [], segments: {}, answers: {}, ...overrides };
}

function rank(
  customer: Partial<RankingCustomer>,
  candidates: readonly Product[] = CATALOGUE.filter((p) => p !== heldDeposit),
  settings: RankingSettings = DEFAULT_RECOMMENDATIONS_SETTINGS,
) {
  return rankProducts(candidates, { customer: customerWith(customer), catalogue: CATALOGUE }, NOW, settings);
}

/** The score and reasons of one category's candidate. */
function of(customer: Partial<RankingCustomer>, category: ProductCategory, settings?: RankingSettings) {
  const product = CATALOGUE.find((p) => p.category === category && p !== heldDeposit);
  if (product === undefined) throw new Error(`no ${category} in the test catalogue`);
  const [ranked] = rank(customer, [product], settings);
  return { score: ranked?.score, reasons: ranked?.reasons };
}

describe('rankProducts: the additive model (§19.4)', () => {
  it('scores a product no reason applies to at the base, 20', () => {
    expect(of({}, 'fund')).toEqual({ score: 20, reasons: [] });
  });

  // One case per reason: the record type makes the compiler ask for a case when a reason is added.
  const alone: Record<
    AffinityReason,
    { customer: Partial<RankingCustomer>; category: ProductCategory; score: number }
  > = {
    'holds-category': {
      customer: { holdings: [{ productId: 'dep-held', action: 'opened', at: daysAgo(400) }] },
      category: 'deposit',
      score: 40,
    },
    'matured-in-category': {
      customer: { holdings: [{ productId: 'dep-held', action: 'matured', at: daysAgo(30) }] },
      category: 'deposit',
      score: 50,
    },
    'segment-affinity': { customer: { segments: { assetTier: 'high' } }, category: 'fund', score: 35 },
    'lifecycle-affinity': { customer: { segments: { lifecycleStage: 'new' } }, category: 'card', score: 35 },
    'objective-match': {
      customer: { suitability: { investmentObjective: 'growth' } },
      category: 'fund',
      score: 35,
    },
    'declined-before': {
      customer: { answers: { insurance: { response: 'declined', at: daysAgo(91) } } },
      category: 'insurance',
      score: 0,
    },
  };

  it.each(Object.entries(alone))('reaches %s alone', (reason, { customer, category, score }) => {
    expect(of(customer, category)).toEqual({ score, reasons: [reason] });
  });

  it('clamps the sum to 100', () => {
    const everything = customerWith({
      holdings: [
        { productId: 'fund-1', action: 'opened', at: daysAgo(200) },
        { productId: 'fund-2', action: 'matured', at: daysAgo(1) },
      ],
      segments: { assetTier: 'high', lifecycleStage: 'growing' },
      suitability: { investmentObjective: 'aggressive-growth' },
    });
    const fund2 = productWith({ productId: 'fund-2', category: 'fund', status: 'withdrawn' });
    const [ranked] = rankProducts([fund], { customer: everything, catalogue: [fund, fund2] }, NOW, {
      maturedDays: 30,
      declinedCategoryDays: 90,
    });

    expect(ranked).toEqual({
      productId: 'fund-1',
      score: 100,
      reasons: [
        'holds-category',
        'matured-in-category',
        'segment-affinity',
        'lifecycle-affinity',
        'objective-match',
      ],
    });
  });
});

describe('holdings', () => {
  it('counts only an opened holding for holds-category (closed or matured do not)', () => {
    expect(
      of({ holdings: [{ productId: 'dep-held', action: 'closed', at: daysAgo(1) }] }, 'deposit').reasons,
    ).toEqual([]);
  });

  it('ignores a holding of a product the catalogue does not know (its category is unknown)', () => {
    expect(
      of({ holdings: [{ productId: 'core-x', action: 'opened', at: daysAgo(1) }] }, 'deposit').reasons,
    ).toEqual([]);
  });

  it('counts a maturity within the matured days, the edge included, and not a millisecond older', () => {
    const matured = (at: string) => ({
      holdings: [{ productId: 'dep-held', action: 'matured' as const, at }],
    });

    expect(of(matured(daysAgo(30)), 'deposit').reasons).toEqual(['matured-in-category']);
    expect(of(matured(daysAgo(30, 1)), 'deposit').reasons).toEqual([]);
    expect(of(matured(daysAgo(10)), 'deposit', { maturedDays: 7, declinedCategoryDays: 90 }).reasons).toEqual(
      [],
    );
  });

  it('ranks a category by the holdings of its own category only', () => {
    expect(
      of({ holdings: [{ productId: 'dep-held', action: 'opened', at: daysAgo(1) }] }, 'fund').reasons,
    ).toEqual([]);
  });
});

/** The categories of the candidates `reason` applies to for this customer. */
function categoriesWith(
  reason: AffinityReason,
  customer: Partial<RankingCustomer>,
): Set<ProductCategory | undefined> {
  const ranked = rank(customer).filter((entry) => entry.reasons.includes(reason));
  return new Set(ranked.map((entry) => CATALOGUE.find((p) => p.productId === entry.productId)?.category));
}

describe('segments, lifecycle and objective', () => {
  it.each([
    [{ assetTier: 'high' }, ['wealth-management', 'fund', 'insurance']],
    [{ compositeGrade: 'vip' }, ['wealth-management', 'fund', 'insurance']],
    [{ compositeGrade: 'premium' }, ['wealth-management', 'fund', 'insurance']],
    [{ assetTier: 'low' }, ['deposit', 'card']],
    [
      { assetTier: 'low', compositeGrade: 'vip' },
      ['deposit', 'wealth-management', 'fund', 'insurance', 'card'],
    ],
    [{ assetTier: 'medium', compositeGrade: 'standard' }, []],
  ] as const)('segments %o suit %o', (segments, categories) => {
    expect(categoriesWith('segment-affinity', { segments })).toEqual(new Set(categories));
  });

  it.each([
    ['new', ['deposit', 'card']],
    ['growing', ['fund', 'wealth-management']],
    ['mature', ['insurance', 'wealth-management']],
    ['declining', ['deposit']],
    ['dormant', ['deposit']],
    ['reactivated', ['card', 'deposit']],
    ['churned', []],
    ['unknown-stage', []],
    ['constructor', []],
  ] as const)('the lifecycle stage %s suits %o', (lifecycleStage, categories) => {
    expect(categoriesWith('lifecycle-affinity', { segments: { lifecycleStage } })).toEqual(
      new Set(categories),
    );
  });

  it.each([
    ['capital-preservation', ['deposit', 'insurance']],
    ['income', ['wealth-management', 'deposit']],
    ['balanced', ['wealth-management', 'fund']],
    ['growth', ['fund']],
    ['aggressive-growth', ['fund']],
  ] as const)('the objective %s suits %o', (investmentObjective, categories) => {
    expect(categoriesWith('objective-match', { suitability: { investmentObjective } })).toEqual(
      new Set(categories),
    );
  });

  it('has no objective to match without an assessment', () => {
    expect(of({ suitability: undefined }, 'fund').reasons).toEqual([]);
  });
});

describe('answers in the category', () => {
  const answered = (response: 'declined' | 'not-interested', at: string) => ({
    answers: { fund: { response, at } },
  });

  it('ranks lower a category the customer was not interested in within the declined days, not after', () => {
    expect(of(answered('not-interested', daysAgo(90)), 'fund')).toEqual({
      score: 0,
      reasons: ['declined-before'],
    });
    expect(of(answered('not-interested', daysAgo(90, 1)), 'fund').reasons).toEqual([]);
  });

  it('ranks lower a category declined before the exclusion window, for a year', () => {
    expect(of(answered('declined', daysAgo(91)), 'fund').reasons).toEqual(['declined-before']);
    expect(of(answered('declined', daysAgo(365)), 'fund').reasons).toEqual(['declined-before']);
    expect(of(answered('declined', daysAgo(365, 1)), 'fund').reasons).toEqual([]);
  });

  it('takes away 25 points from what the other reasons give', () => {
    expect(of({ ...answered('declined', daysAgo(100)), segments: { assetTier: 'high' } }, 'fund')).toEqual({
      score: 10,
      reasons: ['segment-affinity', 'declined-before'],
    });
  });
});

describe('the order', () => {
  it('puts the higher score first, then the lower risk level, then the product id', () => {
    const fundR2 = productWith({ productId: 'fund-0', category: 'fund', riskLevel: 'R2' });
    const fundR3b = productWith({ productId: 'fund-b', category: 'fund', riskLevel: 'R3' });
    const fundR3a = productWith({ productId: 'fund-a', category: 'fund', riskLevel: 'R3' });
    const candidates = [fundR3b, deposit, fundR3a, fundR2, card];

    const ranked = rank({ suitability: { investmentObjective: 'growth' } }, candidates);

    expect(ranked.map((r) => [r.productId, r.score])).toEqual([
      ['fund-0', 35],
      ['fund-a', 35],
      ['fund-b', 35],
      ['card-1', 20],
      ['dep-1', 20],
    ]);
  });

  it('ranks every candidate once, and nothing else', () => {
    expect(rank({}, [fund, card]).map((r) => r.productId)).toEqual(['card-1', 'fund-1']);
    expect(rank({}, [])).toEqual([]);
  });

  it('refuses a now that is not an instant', () => {
    expect(() =>
      rankProducts(
        [fund],
        { customer: customerWith(), catalogue: CATALOGUE },
        'soon',
        DEFAULT_RECOMMENDATIONS_SETTINGS,
      ),
    ).toThrow(RangeError);
  });
});
