import { BadRequestError } from '../http/problem.js';

/** A client's list cursor that does not decode to the position of the query it claims to continue. */
export class InvalidCursorError extends BadRequestError {
  constructor(detail: string) {
    super(detail, { code: 'invalid-cursor' });
  }
}

type Key = Record<string, string | number>;

/**
 * Opaque list cursors: the DynamoDB position, base64url-encoded. A cursor is accepted only
 * if it names the same partition as the query it continues, so a forged cursor cannot
 * move a caller into another branch's or RM's records; any other is a 400 (`invalid-cursor`).
 * @example ExclusiveStartKey: decodeCursor(cursor, { branchKey: `BRANCH#${branch}` })
 */
export function encodeCursor(lastEvaluatedKey: Record<string, unknown> | undefined): string | undefined {
  if (lastEvaluatedKey === undefined) return undefined;
  return Buffer.from(JSON.stringify(lastEvaluatedKey), 'utf8').toString('base64url');
}

export function decodeCursor(
  cursor: string | undefined,
  expect: Readonly<Record<string, string>>,
): Key | undefined {
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
  const entries = Object.entries(parsed);
  if (entries.length > 6 || entries.some(([, v]) => typeof v !== 'string' && typeof v !== 'number')) {
    throw new InvalidCursorError('The cursor is not valid');
  }
  const key = Object.fromEntries(entries) as Key;
  for (const [name, value] of Object.entries(expect)) {
    if (key[name] !== value) throw new InvalidCursorError('The cursor does not belong to this query');
  }
  return key;
}
