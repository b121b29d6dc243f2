/**
 * JSON with object keys sorted at every depth, so the same content always gives the same
 * text (and hash) whatever order its keys were written or read back in. `undefined`
 * properties are left out, as JSON.stringify does, so an absent optional field and one set
 * to `undefined` hash alike.
 *
 * @example
 *   canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }); // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    }
    return sorted;
  }
  return value;
}
