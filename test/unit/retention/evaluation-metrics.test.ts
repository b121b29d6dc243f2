import { describe, expect, it } from 'vitest';
import { auc, baseRate, flagQuality, topShare } from '../../../bench/churn/metrics.js';

/**
 * The measures `npm run evaluate` reports (docs/domain-rules.md §20.10), on cases small enough
 * to count by hand.
 */

const entries = (pairs: readonly [number, boolean][]) =>
  pairs.map(([score, churned]) => ({ score, churned }));

describe('auc', () => {
  it('is 1 when every churner scores above every stayer, 0 when below', () => {
    expect(
      auc(
        entries([
          [0.9, true],
          [0.8, true],
          [0.2, false],
        ]),
      ),
    ).toBe(1);
    expect(
      auc(
        entries([
          [0.1, true],
          [0.7, false],
          [0.8, false],
        ]),
      ),
    ).toBe(0);
  });

  it('counts a tie between a churner and a stayer as one half', () => {
    // Pairs: (0.5c, 0.5s) tie → ½; (0.5c, 0.1s) → 1; (0.9c, 0.5s) → 1; (0.9c, 0.1s) → 1: 3.5 / 4.
    expect(
      auc(
        entries([
          [0.5, true],
          [0.9, true],
          [0.5, false],
          [0.1, false],
        ]),
      ),
    ).toBe(0.875);
  });

  it('is one half when every score is the same', () => {
    expect(
      auc(
        entries([
          [0.3, true],
          [0.3, false],
          [0.3, false],
          [0.3, true],
        ]),
      ),
    ).toBe(0.5);
  });

  it('matches the pairwise definition on an uneven case with ties on both sides', () => {
    const data = entries([
      [0.2, false],
      [0.4, true],
      [0.4, false],
      [0.4, false],
      [0.6, true],
      [0.1, true],
      [0.6, false],
    ]);
    let wins = 0;
    let pairs = 0;
    for (const p of data.filter((e) => e.churned)) {
      for (const n of data.filter((e) => !e.churned)) {
        pairs += 1;
        wins += p.score > n.score ? 1 : p.score === n.score ? 0.5 : 0;
      }
    }
    expect(auc(data)).toBeCloseTo(wins / pairs, 12);
  });

  it('is undefined (null) when everybody churned, nobody churned, or there is nobody', () => {
    expect(
      auc(
        entries([
          [0.9, true],
          [0.1, true],
        ]),
      ),
    ).toBeNull();
    expect(auc(entries([[0.9, false]]))).toBeNull();
    expect(auc([])).toBeNull();
  });
});

describe('flagQuality', () => {
  const data = entries([
    [0.9, true],
    [0.8, false],
    [0.75, true],
    [0.5, true],
    [0.1, false],
  ]);

  it('gives precision over the flagged and recall over the churners, a threshold flagging its own value', () => {
    const quality = flagQuality(data, (e) => e.score >= 0.75);
    expect(quality).toEqual({ flagged: 3, truePositives: 2, precision: 2 / 3, recall: 2 / 3 });
  });

  it('has no precision when nothing is flagged and no recall when nobody churned', () => {
    expect(flagQuality(data, () => false)).toEqual({
      flagged: 0,
      truePositives: 0,
      precision: null,
      recall: 0,
    });
    expect(flagQuality(entries([[0.9, false]]), () => true)).toEqual({
      flagged: 1,
      truePositives: 0,
      precision: 0,
      recall: null,
    });
  });

  it('recalls every churner when everybody is flagged, at the base rate as precision', () => {
    const quality = flagQuality(data, () => true);
    expect(quality.recall).toBe(1);
    expect(quality.precision).toBe(baseRate(data));
  });
});

describe('topShare', () => {
  it('is the share of churners among the top ⌈fraction × n⌉ by rank', () => {
    const data = [
      { rank: 10, churned: true },
      { rank: 9, churned: false },
      { rank: 8, churned: true },
      { rank: 1, churned: false },
      { rank: 0, churned: true },
    ];
    // ⌈0.5 × 5⌉ = 3: ranks 10, 9, 8 → 2 churners of 3.
    expect(topShare(data, 0.5)).toBe(2 / 3);
    expect(topShare(data, 0.1)).toBe(1);
  });

  it('fills the places left at the edge from the tied customers pro rata', () => {
    // Top 2 of 4: rank 5 is in; one place left for three customers tied at 3, one of whom churned.
    const data = [
      { rank: 5, churned: false },
      { rank: 3, churned: true },
      { rank: 3, churned: false },
      { rank: 3, churned: false },
    ];
    expect(topShare(data, 0.5)).toBeCloseTo((0 + 1 / 3) / 2, 12);
  });

  it('is null on nobody and refuses a fraction outside (0, 1]', () => {
    expect(topShare([], 0.1)).toBeNull();
    expect(() => topShare([{ rank: 1, churned: true }], 0)).toThrow(RangeError);
    expect(() => topShare([{ rank: 1, churned: true }], 1.5)).toThrow(RangeError);
  });
});

describe('baseRate', () => {
  it('is the share of churners, null on nobody', () => {
    expect(baseRate([{ churned: true }, { churned: false }, { churned: false }, { churned: false }])).toBe(
      0.25,
    );
    expect(baseRate([])).toBeNull();
  });
});
