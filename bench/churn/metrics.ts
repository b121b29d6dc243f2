/**
 * The quality measures `npm run evaluate` reports (docs/domain-rules.md §20.10). Each takes
 * one entry per customer with the ground truth `churned`; null means the measure is undefined
 * on that data (no positive, no negative, nothing flagged), never a made-up 0 or 1.
 */

/** One scored customer and what really happened. */
export interface Scored {
  readonly score: number;
  readonly churned: boolean;
}

/**
 * The area under the ROC curve, rank-based (Mann–Whitney U): the probability that a churner
 * scores above a customer who stayed, a tie counting one half (tied scores share their
 * average rank). Null without both a churner and a stayer.
 * @example auc([{ score: 0.9, churned: true }, { score: 0.1, churned: false }]) // 1
 */
export function auc(entries: readonly Scored[]): number | null {
  const positives = entries.filter((e) => e.churned).length;
  const negatives = entries.length - positives;
  if (positives === 0 || negatives === 0) return null;
  const sorted = [...entries].sort((a, b) => a.score - b.score);
  let positiveRankSum = 0;
  let start = 0;
  while (start < sorted.length) {
    let end = start;
    while (end + 1 < sorted.length && sorted[end + 1]?.score === sorted[start]?.score) end += 1;
    // Ranks start + 1 … end + 1 are tied: each gets their average.
    const averageRank = (start + end + 2) / 2;
    for (let i = start; i <= end; i += 1) if (sorted[i]?.churned) positiveRankSum += averageRank;
    start = end + 1;
  }
  const u = positiveRankSum - (positives * (positives + 1)) / 2;
  return u / (positives * negatives);
}

/** Precision and recall of a flag (e.g. "level high"), with the counts behind them. */
export interface FlagQuality {
  readonly flagged: number;
  readonly truePositives: number;
  /** Churners among the flagged; null when nothing is flagged. */
  readonly precision: number | null;
  /** Flagged among the churners; null when nobody churned. */
  readonly recall: number | null;
}

/**
 * Precision and recall of flagging the customers for which `flagged` holds.
 * @example flagQuality(entries, (e) => e.score >= 0.7)
 */
export function flagQuality<T extends { readonly churned: boolean }>(
  entries: readonly T[],
  flagged: (entry: T) => boolean,
): FlagQuality {
  let flaggedCount = 0;
  let truePositives = 0;
  let positives = 0;
  for (const entry of entries) {
    const isFlagged = flagged(entry);
    if (isFlagged) flaggedCount += 1;
    if (entry.churned) {
      positives += 1;
      if (isFlagged) truePositives += 1;
    }
  }
  return {
    flagged: flaggedCount,
    truePositives,
    precision: flaggedCount === 0 ? null : truePositives / flaggedCount,
    recall: positives === 0 ? null : truePositives / positives,
  };
}

/**
 * The share of churners among the top `fraction` of customers by `rank` (highest first):
 * the worklist's first page. The top holds ⌈fraction × n⌉ customers; when ties straddle its
 * edge, the tied customers fill the remaining places pro rata (the expected precision of a
 * random order among equals), so the figure does not depend on a sort's whim. Null when empty.
 * @example topShare([{ rank: 2, churned: true }, { rank: 1, churned: false }], 0.5) // 1
 */
export function topShare(
  entries: readonly { readonly rank: number; readonly churned: boolean }[],
  fraction: number,
): number | null {
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError('fraction must be in (0, 1]');
  if (entries.length === 0) return null;
  const size = Math.ceil(fraction * entries.length);
  const sorted = [...entries].sort((a, b) => b.rank - a.rank);
  const edge = sorted[size - 1]?.rank;
  let above = 0;
  let aboveChurned = 0;
  let tied = 0;
  let tiedChurned = 0;
  for (const entry of sorted) {
    if (entry.rank > (edge ?? Number.NEGATIVE_INFINITY)) {
      above += 1;
      if (entry.churned) aboveChurned += 1;
    } else if (entry.rank === edge) {
      tied += 1;
      if (entry.churned) tiedChurned += 1;
    }
  }
  const expectedChurned = aboveChurned + ((size - above) * tiedChurned) / tied;
  return expectedChurned / size;
}

/** The share of churners: what a random flag's precision would be. Null when empty. */
export function baseRate(entries: readonly { readonly churned: boolean }[]): number | null {
  if (entries.length === 0) return null;
  return entries.filter((e) => e.churned).length / entries.length;
}
