import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, NumberValue } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { documentClientOf } from '../../../shared/dynamodb/client.js';
import { CorruptItemError, readItem } from '../../../shared/dynamodb/items.js';
import { LOSSLESS_UNMARSHALL, losslessNumber } from '../../../shared/dynamodb/numbers.js';
import * as z from '../../../shared/zod.js';

describe('numbers read from DynamoDB', () => {
  it('are JavaScript numbers when they are exactly the stored value', () => {
    expect(losslessNumber('0')).toBe(0);
    expect(losslessNumber('-42')).toBe(-42);
    expect(losslessNumber('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(losslessNumber('72.5')).toBe(72.5);
  });

  it('stay the stored text when JavaScript would round them', () => {
    for (const stored of [
      '9007199254740992',
      '18014398509481982',
      '-9007199254740993',
      '0.1000000000000000000001',
    ]) {
      const read = losslessNumber(stored);
      expect(read).toBeInstanceOf(NumberValue);
      expect(String(read)).toBe(stored);
    }
  });

  it('make an item holding a counter past 2^53 - 1 a CorruptItemError naming the attribute, not the value', () => {
    // Prepare: the item as DynamoDB sends it, read with the product's translation.
    const item = unmarshall(
      { pk: { S: 'CUSTOMER#c1' }, 'success.count': { N: '18014398509481982' } },
      LOSSLESS_UNMARSHALL,
    );
    const schema = z.object({ 'success.count': z.number() });

    // Act
    const read = () => readItem(schema, item, 'month bucket');

    // Assess
    expect(read).toThrow(CorruptItemError);
    expect(read).toThrow(/success\.count/);
    expect(read).not.toThrow(/18014398509481982/);
  });
});

describe('the product translation', () => {
  it('is not changed by the document clients built with it, so a stream image still reads as a whole item', async () => {
    // Prepare: a document client writes its own defaults into the options it is given when a
    // command is sent (here to a closed local port: the send fails, the defaults are written).
    const db = documentClientOf(
      new DynamoDBClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9', maxAttempts: 1 }),
    );
    await db.send(new GetCommand({ TableName: 't', Key: { pk: 'x' } })).catch(() => undefined);
    db.destroy();

    // Act
    const item = unmarshall(
      { detailType: { S: 'CustomerRegistered' }, expiresAt: { N: '1796394180' } },
      LOSSLESS_UNMARSHALL,
    );

    // Assess
    expect(item).toEqual({ detailType: 'CustomerRegistered', expiresAt: 1_796_394_180 });
  });
});
