import { describe, expect, it } from 'vitest';
import { dueCursorShape, listCursorShape } from '../../../functions/customers/store/keys.js';
import { decodeCursor, encodeCursor, InvalidCursorError } from '../../../shared/dynamodb/index.js';

const cursorOf = (position: unknown) => Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');

/** A position on byRm as DynamoDB returns it for rm-1's customers. */
const rmPosition = {
  pk: 'CUSTOMER#cus_1',
  sk: 'PROFILE',
  rmKey: 'RM#rm-1',
  listKey: 'CUSTOMER#2026-01-05T08:00:00.000Z#cus_1',
};
const rmShape = listCursorShape('rmKey', 'RM#rm-1', 'CUSTOMER#');

function refusal(cursor: string, shape = rmShape): InvalidCursorError {
  try {
    decodeCursor(cursor, shape);
  } catch (error) {
    if (error instanceof InvalidCursorError) return error;
    throw error;
  }
  throw new Error('expected the cursor to be refused');
}

describe('decodeCursor', () => {
  it('continues from a position the query itself returned', () => {
    expect(decodeCursor(encodeCursor(rmPosition), rmShape)).toEqual(rmPosition);
    expect(decodeCursor(undefined, rmShape)).toBeUndefined();
  });

  it.each([
    ['a key attribute of the wrong type', { ...rmPosition, sk: 7 }],
    ['a key attribute as an object', { ...rmPosition, pk: { S: 'CUSTOMER#cus_1' } }],
    ['a missing table key', { pk: rmPosition.pk, rmKey: rmPosition.rmKey, listKey: rmPosition.listKey }],
    ['a missing index key', { pk: rmPosition.pk, sk: rmPosition.sk, rmKey: rmPosition.rmKey }],
    ['an attribute that is not a key', { ...rmPosition, name: '张三' }],
    ['an empty key value', { ...rmPosition, sk: '' }],
    ['an over-long key value', { ...rmPosition, pk: 'x'.repeat(2049) }],
    ['a prototype key', JSON.parse(`{"__proto__":{"x":1},"pk":"a","sk":"b","rmKey":"RM#rm-1"}`)],
    ['an array', [rmPosition]],
    ['a number', 42],
  ])('refuses %s as not valid', (_case, position) => {
    const error = refusal(cursorOf(position));

    expect(error.status).toBe(400);
    expect(error.code).toBe('invalid-cursor');
    expect(error.message).not.toContain('CUSTOMER#');
  });

  it('refuses text that is not a cursor at all', () => {
    expect(refusal('bm90LWEtY3Vyc29y').code).toBe('invalid-cursor');
    expect(refusal('%%%').code).toBe('invalid-cursor');
  });

  it('refuses a position in another partition (another RM’s book)', () => {
    const error = refusal(cursorOf({ ...rmPosition, rmKey: 'RM#rm-2' }));

    expect(error.message).toBe('The cursor does not belong to this query');
  });

  it('refuses a sort key outside the query’s condition', () => {
    const review = { ...rmPosition, listKey: 'REVIEW#open#2026-01-01#rev_1' };

    expect(refusal(cursorOf(review)).message).toBe('The cursor does not belong to this query');
  });

  it('refuses a due date after the query’s bound, and accepts one before it', () => {
    const shape = dueCursorShape('REVIEWDUE', '2026-06-01T00:00:00.000Z');
    const position = {
      pk: 'CUSTOMER#cus_1',
      sk: 'PROFILE',
      dueKey: 'REVIEWDUE',
      dueAt: '2026-05-01T00:00:00.000Z',
    };

    expect(decodeCursor(cursorOf(position), shape)).toEqual(position);
    expect(refusal(cursorOf({ ...position, dueAt: '2027-01-01T00:00:00.000Z' }), shape).code).toBe(
      'invalid-cursor',
    );
  });

  it('takes a position of every customer’s list (byEntity) for that list only', () => {
    const shape = listCursorShape('entityType', 'CUSTOMER', 'CUSTOMER#');
    const position = {
      pk: 'CUSTOMER#cus_1',
      sk: 'PROFILE',
      entityType: 'CUSTOMER',
      listKey: 'CUSTOMER#2026#cus_1',
    };

    expect(decodeCursor(cursorOf(position), shape)).toEqual(position);
    expect(refusal(cursorOf({ pk: 'CUSTOMER#cus_1', sk: 'PROFILE' }), shape).code).toBe('invalid-cursor');
    expect(refusal(cursorOf({ ...position, entityType: 'GRANT' }), shape).code).toBe('invalid-cursor');
  });
});
