/**
 * The order of a fact a mirror keeps by the instant it changed at its source (a restriction
 * reason, a segment dimension, a held product): a later announcement replaces it, an older one
 * changes nothing, and so does the same one again (a redelivery), so no processed-event marker
 * is needed. At the same instant with another value, the one delivered last wins.
 */
export interface Timed {
  readonly at: string;
}

/**
 * Whether `next` replaces `kept` (`same` compares the values, not the instants).
 * @example replaces({ active: true, at: t1 }, { active: false, at: t2 }, (a, b) => a.active === b.active)
 */
export function replaces<T extends Timed>(
  kept: T | undefined,
  next: T,
  same: (a: T, b: T) => boolean,
): boolean {
  return kept === undefined || kept.at < next.at || (kept.at === next.at && !same(kept, next));
}
