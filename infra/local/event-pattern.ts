/**
 * The EventBridge event-pattern language, the subset the local bus supports:
 * - exact values: arrays of strings, numbers, booleans and null (any of them matches);
 * - nested objects (every field must match), `$or` (one of several sub-patterns);
 * - `prefix` and `suffix` (a string, or `{ "equals-ignore-case": "..." }`);
 * - `anything-but` (a value, a list of values, or `{ "prefix": "..." }`);
 * - `numeric` (`=`, `<`, `<=`, `>`, `>=`, one or two comparisons);
 * - `exists` (true or false) and `equals-ignore-case`.
 * Anything else (`wildcard`, `cidr`, `anything-but` with `suffix`, ...) is refused when the
 * pattern is compiled, that is when the local cloud starts, instead of silently not matching.
 * As in EventBridge, a pattern field matches an array in the event when any element matches,
 * and a missing field matches only `exists: false`.
 */

export class UnsupportedPatternError extends Error {
  override readonly name = 'UnsupportedPatternError';
  constructor(
    readonly operator: string,
    readonly path: string,
  ) {
    super(`Event pattern operator '${operator}' at ${path} is not supported by the local bus`);
  }
}

export class InvalidPatternError extends Error {
  override readonly name = 'InvalidPatternError';
}

export const SUPPORTED_OPERATORS = [
  'prefix',
  'suffix',
  'anything-but',
  'numeric',
  'exists',
  'equals-ignore-case',
] as const;

/** A compiled pattern: does this event (or any JSON object) match? */
export type EventMatcher = (event: unknown) => boolean;

type Scalar = string | number | boolean | null;
/** `value` is undefined when the field is absent. */
type LeafTest = (value: Scalar | object | undefined) => boolean;

/** Validates and compiles a pattern; throws UnsupportedPatternError or InvalidPatternError. */
export function compileEventPattern(pattern: unknown): EventMatcher {
  if (!isPlainObject(pattern) || Object.keys(pattern).length === 0) {
    throw new InvalidPatternError('An event pattern is a non-empty JSON object');
  }
  return compileObject(pattern, '$');
}

function compileObject(pattern: Record<string, unknown>, path: string): EventMatcher {
  const fields: { key: string; test: (value: unknown) => boolean }[] = [];
  const alternatives: EventMatcher[] = [];
  for (const [key, value] of Object.entries(pattern)) {
    const at = `${path}.${key}`;
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2 || !value.every(isPlainObject)) {
        throw new InvalidPatternError(`${at} must be an array of at least two sub-patterns`);
      }
      alternatives.push(...value.map((item, index) => compileObject(item, `${at}[${index}]`)));
    } else if (Array.isArray(value)) {
      const leaf = compileLeaf(value, at);
      fields.push({ key, test: (field) => matchLeaf(leaf, field) });
    } else if (isPlainObject(value)) {
      const nested = compileObject(value, at);
      fields.push({ key, test: (field) => isPlainObject(field) && nested(field) });
    } else {
      throw new InvalidPatternError(`${at} must be an array of values or a nested pattern`);
    }
  }
  return (event) => {
    if (!isPlainObject(event)) return false;
    const fieldsMatch = fields.every(({ key, test }) =>
      test(Object.hasOwn(event, key) ? event[key] : undefined),
    );
    return (
      fieldsMatch && (alternatives.length === 0 || alternatives.some((alternative) => alternative(event)))
    );
  };
}

function matchLeaf(tests: LeafTest[], field: unknown): boolean {
  if (Array.isArray(field)) {
    return field.some((element) => tests.some((test) => test(asLeafValue(element))));
  }
  return tests.some((test) => test(asLeafValue(field)));
}

function asLeafValue(value: unknown): Scalar | object | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return typeof value === 'object' ? value : undefined;
}

function compileLeaf(values: unknown[], path: string): LeafTest[] {
  if (values.length === 0) throw new InvalidPatternError(`${path} must not be an empty array`);
  return values.map((value) => {
    if (isScalar(value)) return (field) => field !== undefined && equalScalar(value, field);
    if (isPlainObject(value)) return compileOperator(value, path);
    throw new InvalidPatternError(`${path} holds a value that is neither a scalar nor an operator`);
  });
}

function compileOperator(operator: Record<string, unknown>, path: string): LeafTest {
  const entries = Object.entries(operator);
  const [entry] = entries;
  if (entry === undefined || entries.length !== 1) {
    throw new InvalidPatternError(`${path}: an operator object has exactly one key`);
  }
  const [name, argument] = entry;
  switch (name) {
    case 'prefix':
    case 'suffix':
      return affixTest(name, argument, path);
    case 'anything-but':
      return anythingBut(argument, path);
    case 'numeric':
      return numeric(argument, path);
    case 'exists':
      if (typeof argument !== 'boolean') throw new InvalidPatternError(`${path}: exists takes true or false`);
      return argument
        ? (field) => field !== undefined && (field === null || typeof field !== 'object')
        : (field) => field === undefined;
    case 'equals-ignore-case': {
      const expected = requireString(argument, path, name).toLowerCase();
      return (field) => typeof field === 'string' && field.toLowerCase() === expected;
    }
    default:
      throw new UnsupportedPatternError(name, path);
  }
}

function affixTest(name: 'prefix' | 'suffix', argument: unknown, path: string): LeafTest {
  let expected: string;
  let ignoreCase = false;
  if (isPlainObject(argument)) {
    const keys = Object.keys(argument);
    if (keys.length !== 1 || keys[0] !== 'equals-ignore-case') {
      throw new UnsupportedPatternError(`${name}.${keys.join(',')}`, path);
    }
    expected = requireString(argument['equals-ignore-case'], path, name).toLowerCase();
    ignoreCase = true;
  } else {
    expected = requireString(argument, path, name);
  }
  return (field) => {
    if (typeof field !== 'string') return false;
    const value = ignoreCase ? field.toLowerCase() : field;
    return name === 'prefix' ? value.startsWith(expected) : value.endsWith(expected);
  };
}

function anythingBut(argument: unknown, path: string): LeafTest {
  if (isPlainObject(argument)) {
    const keys = Object.keys(argument);
    if (keys.length !== 1 || keys[0] !== 'prefix') {
      throw new UnsupportedPatternError(`anything-but.${keys.join(',')}`, path);
    }
    const prefix = requireString(argument.prefix, path, 'anything-but.prefix');
    return (field) => typeof field === 'string' && !field.startsWith(prefix);
  }
  const excluded = Array.isArray(argument) ? argument : [argument];
  if (
    excluded.length === 0 ||
    !excluded.every((value) => typeof value === 'string' || typeof value === 'number')
  ) {
    throw new InvalidPatternError(
      `${path}: anything-but takes a string, a number, a list of them or {prefix}`,
    );
  }
  return (field) =>
    field !== undefined &&
    (field === null || typeof field !== 'object') &&
    !excluded.some((value) => equalScalar(value, field));
}

const COMPARISONS: Readonly<Record<string, (a: number, b: number) => boolean>> = {
  '=': (a, b) => a === b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

function numeric(argument: unknown, path: string): LeafTest {
  if (!Array.isArray(argument) || (argument.length !== 2 && argument.length !== 4)) {
    throw new InvalidPatternError(`${path}: numeric takes [op, n] or [op, n, op, n]`);
  }
  const checks: ((value: number) => boolean)[] = [];
  for (let index = 0; index < argument.length; index += 2) {
    const operator = argument[index];
    const bound = argument[index + 1];
    const compare = typeof operator === 'string' ? COMPARISONS[operator] : undefined;
    if (compare === undefined || typeof bound !== 'number' || !Number.isFinite(bound)) {
      throw new InvalidPatternError(
        `${path}: numeric comparison ${String(operator)} ${String(bound)} is invalid`,
      );
    }
    checks.push((value) => compare(value, bound));
  }
  return (field) => typeof field === 'number' && checks.every((check) => check(field));
}

function equalScalar(expected: Scalar, actual: Scalar | object): boolean {
  if (expected === null) return actual === null;
  return typeof actual === typeof expected && actual === expected;
}

function requireString(value: unknown, path: string, operator: string): string {
  if (typeof value !== 'string') throw new InvalidPatternError(`${path}: ${operator} takes a string`);
  return value;
}

function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
