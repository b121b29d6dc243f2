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
