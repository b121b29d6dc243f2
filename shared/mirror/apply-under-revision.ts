/**
 * How a mirror applies one event to an item guarded by its revision (optimistic concurrency):
 * read, apply the pure change, write only if the revision is still the one read; when another
 * write came first, read and apply again. Two events about one record applied at once both
 * land, and a repeated or older event (the pure apply answers undefined) writes nothing.
 */

/** How many times a change is applied again when another write to the item came first. */
export const REVISION_ATTEMPTS = 5;

export interface RevisionGuarded {
  /** Bumped by every write: the guard of the next one (0: nothing stored yet). */
  readonly revision: number;
}

export interface UnderRevision<R extends RevisionGuarded> {
  readonly read: () => Promise<R | undefined>;
  /** The pure change: the record after it, or undefined when it changes nothing. */
  readonly apply: (before: R | undefined) => R | undefined;
  /** Writes `after` if the stored revision is still `expectedRevision`; false when it is not. */
  readonly write: (after: R, expectedRevision: number, before: R | undefined) => Promise<boolean>;
}

/**
 * Applies a change under the item's revision. Undefined when it changed nothing; the record
 * before and after otherwise. Throws (a transient error: the event is delivered again) when the
 * item kept changing for {@link REVISION_ATTEMPTS} attempts.
 * @example await applyUnderRevision({ read: () => store.get(id), apply: (b) => applyFactsChange(b, id, change), write: (a, r) => store.put(a, r) });
 */
export async function applyUnderRevision<R extends RevisionGuarded>(
  steps: UnderRevision<R>,
): Promise<{ readonly before: R | undefined; readonly after: R } | undefined> {
  for (let attempt = 0; attempt < REVISION_ATTEMPTS; attempt += 1) {
    const before = await steps.read();
    const after = steps.apply(before);
    if (after === undefined) return undefined;
    if (await steps.write(after, before?.revision ?? 0, before)) return { before, after };
  }
  throw new Error('The record kept changing while an event was applied; it will be retried');
}
