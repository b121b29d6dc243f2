import * as z from '../zod.js';

/**
 * A stored item that does not have the shape its store writes: a defect or tampering, never a
 * client's fault. It names the item's kind and the paths at fault, never a value (items hold
 * ciphertexts, masked forms and ids that belong in no log).
 */
export class CorruptItemError extends Error {
  override readonly name = 'CorruptItemError';
  constructor(
    readonly kind: string,
    readonly paths: readonly string[],
  ) {
    super(`Stored ${kind} item does not have the expected shape (${paths.join(', ') || 'root'})`);
  }
}

/**
 * The one way a store reads an item back: through the zod schema of what it writes. Storage
 * attributes (keys, index keys) are dropped by a non-strict object schema; a missing or
 * mistyped attribute throws {@link CorruptItemError}. Every adapter of every capability uses it,
 * so no item reaches the domain by a cast.
 * @example const facts = readItem(factsItemSchema, Item, 'customer facts');
 */
export function readItem<T>(schema: z.core.$ZodType<T>, item: unknown, kind: string): T {
  const result = z.safeParse(schema, item);
  if (result.success) return result.data;
  throw new CorruptItemError(
    kind,
    result.error.issues.map((issue) => issue.path.map(String).join('.')),
  );
}
