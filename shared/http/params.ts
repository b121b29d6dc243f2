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

const MS_PER_DAY = 86_400_000;

/** A calendar date `YYYY-MM-DD` that exists (2026-02-30 is refused); the message never echoes it. */
export function isoDateQueryField() {
  return z.string().check(
    z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
    z.refine((value) => {
      const ms = Date.parse(`${value}T00:00:00Z`);
      return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(value);
    }, 'must be a real calendar date'),
  );
}

/** Days from `from` to `to` (negative when `to` is before `from`). */
const daysOf = (range: { readonly from: string; readonly to: string }) =>
  (Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / MS_PER_DAY;

/**
 * The query of a report over a range of days and, optionally, one branch: `from` and `to` (both
 * included, `to` not before `from`, at most `maxDays` days) and `branch`. Which calendar the days
 * are of (UTC, China Standard Time) is the report's to say.
 * @example export const kpiQuerySchema = z.lazy(() => branchDayRangeQuery(366));
 */
export function branchDayRangeQuery(maxDays: number) {
  return z
    .strictObject({ from: isoDateQueryField(), to: isoDateQueryField(), branch: z.optional(idField) })
    .check(
      z.refine((query) => !(daysOf(query) < 0), {
        message: 'must not be before from',
        path: ['to'],
      }),
      z.refine((query) => !(daysOf(query) >= maxDays), {
        message: `must be at most ${maxDays} days after from, both included`,
        path: ['to'],
      }),
    );
}
