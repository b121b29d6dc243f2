import { expect } from 'vitest';
import * as z from '../../shared/zod.js';

/**
 * Parses `value` with a response schema and fails the test with every issue (path and message)
 * when it does not fit: the schemas are strict, so an undeclared field is one of them.
 * @example const body = expectSchema(customerViewSchema, response.body);
 */
export function expectSchema<T>(schema: z.core.$ZodType<T>, value: unknown): T {
  const result = z.safeParse(schema, value);
  if (!result.success) {
    const issues = result.error.issues.map(
      (issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    expect.fail(`The body does not fit its response schema:\n${issues.join('\n')}`);
  }
  return result.data;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every object inside `value` (itself included), by path: where a strict schema must refuse a
 * key it does not declare.
 */
export function objectPaths(value: unknown, path: readonly (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => objectPaths(item, [...path, index]));
  if (!isPlainObject(value)) return [];
  return [[...path], ...Object.entries(value).flatMap(([key, child]) => objectPaths(child, [...path, key]))];
}

/** A deep copy of `value` with `key: true` added to the object at `path`. */
export function withExtraKey(value: unknown, path: readonly (string | number)[], key: string): unknown {
  const copy: unknown = structuredClone(value);
  let node: unknown = copy;
  for (const segment of path) {
    node = Array.isArray(node) ? node[Number(segment)] : isPlainObject(node) ? node[segment] : undefined;
  }
  if (!isPlainObject(node)) throw new Error(`No object at ${path.join('.')}`);
  node[key] = true;
  return copy;
}
