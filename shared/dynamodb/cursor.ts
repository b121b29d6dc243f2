import { BadRequestError } from '../http/problem.js';

/** A client's list cursor that does not decode to the position of the query it claims to continue. */
export class InvalidCursorError extends BadRequestError {
  constructor(detail: string) {
    super(detail, { code: 'invalid-cursor' });
  }
}

type Key = Record<string, string | number>;

/** The DynamoDB type of a key attribute: `S` string, `N` number. */
export type KeyType = 'S' | 'N';

/**
 * The position a query's cursor must hold, so that DynamoDB accepts it as ExclusiveStartKey.
 * DynamoDB refuses (ValidationException, a 500 if it got that far) a start key with a missing,
 * extra or wrongly typed key attribute, or one outside the query's sort-key condition.
 */
export interface CursorShape {
  /**
   * Every key attribute of the position and its type: the table's keys, plus the index's when
   * the query reads an index. Nothing else may be present.
   */
  readonly keys: Readonly<Record<string, KeyType>>;
  /** The partition the query reads: a cursor naming another is refused. */
  readonly partition: Readonly<Record<string, string>>;
  /** The query's sort-key condition, when it has one (`begins_with`, `<=`). */
  readonly sortKey?: { readonly name: string; readonly accepts: (value: string | number) => boolean };
}

/** Longest key attribute value DynamoDB accepts (partition keys 2048 bytes, sort keys 1024). */
const MAX_KEY_VALUE_LENGTH = 2048;

/** The cursor of the page after this one: the query's LastEvaluatedKey, opaque to clients. */
export function encodeCursor(lastEvaluatedKey: Record<string, unknown> | undefined): string | undefined {
  if (lastEvaluatedKey === undefined) return undefined;
  return Buffer.from(JSON.stringify(lastEvaluatedKey), 'utf8').toString('base64url');
}

/**
 * Opaque list cursors: the DynamoDB position, base64url-encoded. A cursor is accepted only if it
 * is exactly a position of the query it continues: the same key attributes with the same types,
 * the same partition (so a forged cursor cannot move a caller into another branch's or RM's
 * records) and a sort key inside the query's condition. Any other is a 400 (`invalid-cursor`)
 * that never repeats the cursor.
 * @example ExclusiveStartKey: decodeCursor(cursor, { keys: { pk: 'S', sk: 'S', branchKey: 'S', listKey: 'S' }, partition: { branchKey: `BRANCH#${branch}` } })
 */
export function decodeCursor(cursor: string | undefined, shape: CursorShape): Key | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('The cursor is not valid');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidCursorError('The cursor is not valid');
  }
  const key = positionOf(parsed, shape.keys);
  for (const [name, value] of Object.entries(shape.partition)) {
    if (key[name] !== value) throw new InvalidCursorError('The cursor does not belong to this query');
  }
  const sortValue = shape.sortKey === undefined ? undefined : key[shape.sortKey.name];
  if (shape.sortKey !== undefined && (sortValue === undefined || !shape.sortKey.accepts(sortValue))) {
    throw new InvalidCursorError('The cursor does not belong to this query');
  }
  return key;
}

/** The key attributes of a decoded cursor, each present once with its declared type, and nothing else. */
function positionOf(parsed: object, keys: Readonly<Record<string, KeyType>>): Key {
  const entries = Object.entries(parsed);
  const names = Object.keys(keys);
  if (entries.length !== names.length) throw new InvalidCursorError('The cursor is not valid');
  const key: Key = {};
  for (const [name, value] of entries) {
    const type = Object.hasOwn(keys, name) ? keys[name] : undefined;
    if (type === 'S' && typeof value === 'string' && isKeyString(value)) key[name] = value;
    else if (type === 'N' && typeof value === 'number' && Number.isFinite(value)) key[name] = value;
    else throw new InvalidCursorError('The cursor is not valid');
  }
  return key;
}

/** DynamoDB refuses an empty key value, and one longer than a key may be. */
function isKeyString(value: string): boolean {
  return value.length > 0 && Buffer.byteLength(value, 'utf8') <= MAX_KEY_VALUE_LENGTH;
}
