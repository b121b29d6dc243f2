import { idField } from '../events/fields.js';
import * as z from '../zod.js';

/**
 * The one id shape the API accepts in a path, the same as events carry (`idField`): ASCII
 * letters, digits and `_ . : -`, up to 128 characters. A customer id learnt from an event can
 * always be asked for, and nothing that could hold a name or free text gets through.
 */
export const idParam = idField;

/**
 * A strict schema of path parameters that are all ids.
 * @example params: idParams('customerId')   // for /v1/customers/{customerId}
 */
export function idParams<const K extends string>(...names: readonly K[]) {
  const shape = Object.fromEntries(names.map((name) => [name, idParam])) as Record<K, typeof idParam>;
  return z.strictObject(shape);
}

/**
 * The paging fields every list's query takes: `limit`, text coerced to an integer from 1 to 100
 * (default 25), and the opaque `cursor` of the previous page (at most 2,048 characters; what it
 * holds is checked by the store that issued it, shared/dynamodb cursor).
 * @example z.strictObject({ status: z.optional(statusSchema), ...pageQueryFields() })
 */
export function pageQueryFields() {
  return {
    limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
    cursor: z.optional(z.string().check(z.maxLength(2048))),
  };
}

/**
 * The answer of every list: a page of `item`s and, while more may follow, the opaque `cursor`
 * to ask for the next page with (`pageQueryFields`).
 * @example export const thingPageSchema = z.lazy(() => pageOf(thingSchema));
 */
export function pageOf<const T extends z.core.$ZodType>(item: T) {
  return z.strictObject({
    items: z.array(item),
    cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
  });
}
