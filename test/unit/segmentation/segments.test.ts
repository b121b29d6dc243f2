import { describe, expect, it } from 'vitest';
import {
  diffSegments,
  SEGMENT_DIMENSIONS,
  type Segments,
  segment,
} from '../../../functions/activity/domain/segmentation/grading.js';
import { config, daysAgo, NOW, segmentFacts, yuan } from './fixtures.js';

describe('segment', () => {
  it('grades a private-banking customer on every dimension at once', () => {
    const result = segment(
      segmentFacts({
        onboardedAt: daysAgo(3 * 365),
        aumNow: yuan(8_000_000),
        aum3MonthsAgo: yuan(7_500_000),
        monthlySuccessfulCounts: [12, 9, 11],
        activityPrevious3Months: 30,
        productsHeld: 5,
        creditGrade: 'prime',
      }),
      config,
    );

    expect(result).toMatchObject({
      assetTier: 'high',
      privateBanking: true,
      activityTier: 'high',
      creditGrade: 'prime',
      complianceStatus: 'compliant',
      compositeScore: 98,
      compositeGrade: 'vip',
      lifecycleStage: 'mature',
      status: 'active',
    });
    expect(result.contributions.map((c) => c.points)).toEqual([40, 30, 20, 8]);
  });

  it('defaults credit to standard and compliance to compliant until told', () => {
    const result = segment(segmentFacts(), config);

    expect(result.creditGrade).toBe('standard');
    expect(result.complianceStatus).toBe('compliant');
  });

  it('passes a compliance status through', () => {
    expect(segment(segmentFacts({ complianceStatus: 'watch' }), config).complianceStatus).toBe('watch');
  });

  it('grades a customer just onboarded, who has not transacted yet', () => {
    const result = segment(
      segmentFacts({
        onboardedAt: daysAgo(3),
        lastSuccessfulTransactionAt: undefined,
        aumNow: 0,
        aum3MonthsAgo: 0,
        monthlySuccessfulCounts: [0, 0, 0],
        activityPrevious3Months: 0,
        productsHeld: 0,
      }),
      config,
    );

    expect(result).toMatchObject({
      assetTier: 'low',
      privateBanking: false,
      activityTier: 'low',
      compositeScore: 10,
      compositeGrade: 'standard',
      lifecycleStage: 'new',
      status: 'pending-activation',
    });
  });

  it('measures declining activity with the sum of the last 3 months (8 of 10 steady, 7 of 10 declining)', () => {
    const steady = segment(
      segmentFacts({ monthlySuccessfulCounts: [3, 3, 2], activityPrevious3Months: 10 }),
      config,
    );
    const falling = segment(
      segmentFacts({ monthlySuccessfulCounts: [3, 2, 2], activityPrevious3Months: 10 }),
      config,
    );

    expect(steady.lifecycleStage).toBe('mature');
    expect(falling.lifecycleStage).toBe('declining');
  });

  it('marks a dormant customer inactive', () => {
    const result = segment(
      segmentFacts({ lastSuccessfulTransactionAt: daysAgo(200), monthlySuccessfulCounts: [0, 0, 0] }),
      config,
    );

    expect([result.lifecycleStage, result.status]).toEqual(['dormant', 'inactive']);
  });

  it('refuses a fractional product count', () => {
    expect(() => segment(segmentFacts({ productsHeld: 1.5 }), config)).toThrow(RangeError);
  });
});

describe('diffSegments', () => {
  const before: Segments = {
    assetTier: 'medium',
    privateBanking: false,
    activityTier: 'medium',
    creditGrade: 'standard',
    complianceStatus: 'compliant',
    compositeScore: 55,
    compositeGrade: 'premium',
    lifecycleStage: 'growing',
    status: 'active',
  };

  it('reports nothing when nothing changed', () => {
    expect(diffSegments(before, { ...before })).toEqual([]);
  });

  it('reports each changed dimension with its old and new value, in dimension order', () => {
    const after: Segments = {
      ...before,
      lifecycleStage: 'mature',
      assetTier: 'high',
      privateBanking: true,
      compositeScore: 80,
      compositeGrade: 'vip',
    };

    expect(diffSegments(before, after)).toEqual([
      { dimension: 'assetTier', from: 'medium', to: 'high' },
      { dimension: 'privateBanking', from: 'false', to: 'true' },
      { dimension: 'compositeGrade', from: 'premium', to: 'vip' },
      { dimension: 'lifecycleStage', from: 'growing', to: 'mature' },
    ]);
  });

  it('does not report a score that moved within its grade', () => {
    expect(diffSegments(before, { ...before, compositeScore: 61 })).toEqual([]);
  });

  it('reports every dimension from null on the first grading', () => {
    const changes = diffSegments(undefined, before);

    expect(changes.map((c) => c.dimension)).toEqual([...SEGMENT_DIMENSIONS]);
    expect(changes.every((c) => c.from === null)).toBe(true);
    expect(changes.find((c) => c.dimension === 'status')).toEqual({
      dimension: 'status',
      from: null,
      to: 'active',
    });
  });

  it('finds what a daily recomputation changes when only time passed', () => {
    const facts = segmentFacts({ onboardedAt: daysAgo(90) });
    const yesterday = segment({ ...facts, now: new Date(NOW.getTime() - 86_400_000) }, config);
    const today = segment({ ...facts, now: new Date(NOW.getTime() + 86_400_000) }, config);

    expect(diffSegments(yesterday, today)).toEqual([
      { dimension: 'lifecycleStage', from: 'new', to: 'growing' },
    ]);
  });
});
