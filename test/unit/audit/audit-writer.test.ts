import type { TransactWriteItem } from '@aws-sdk/lib-dynamodb';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type AuditPut,
  appendAuditRecord,
  auditPut,
  auditRecordFromItem,
  verifyChain,
} from '../../../shared/audit/index.js';
import { revealedRecord } from '../../support/audit-fixtures.js';

// A MAC as signAuditRecord adds it (its value is checked by verifySignedChain, not here).
const MAC = 'bWFjIG9mIHRoZSBoYXNo';
const record = { ...revealedRecord, mac: MAC };

describe('auditPut', () => {
  it('appends the record under its subject and seq, refusing a taken position', () => {
    const put = auditPut('CustomerAudit-dev', record);

    expect(put.Put.TableName).toBe('CustomerAudit-dev');
    expect(put.Put.Item).toEqual(record);
    expect(put.Put.Item).toMatchObject({ subject: 'customer#cus_01KDVDNA00BBBBBBBBBBBBBBBB', seq: 7 });
    expect(put.Put.ConditionExpression).toBe('attribute_not_exists(seq)');
    expectTypeOf<AuditPut>().toExtend<TransactWriteItem>();
  });

  it('leaves out undefined optional attributes, which the document client would refuse', () => {
    const put = auditPut('CustomerAudit', { ...record, requestId: undefined });

    expect(Object.values(put.Put.Item)).not.toContain(undefined);
    expect(Object.keys(put.Put.Item)).not.toContain('requestId');
  });
});

describe('auditRecordFromItem', () => {
  it('reads a stored item back into a record that still verifies, dropping storage attributes', () => {
    const first = appendAuditRecord(undefined, {
      subject: 'customer#cus_1',
      at: '2026-03-01T08:00:00.000Z',
      actor: 'rm-7',
      role: 'relationship-manager',
      action: 'customer.created',
      fields: ['name', 'mobile'],
    });
    const stored = { ...auditPut('CustomerAudit', { ...first, mac: MAC }).Put.Item, ttlHint: 123 };

    const readBack = auditRecordFromItem(stored);

    expect(readBack).toEqual({ ...first, mac: MAC });
    expect(verifyChain([readBack])).toEqual({ valid: true, length: 1 });
  });

  it('throws on an item that is not an audit record', () => {
    expect(() => auditRecordFromItem({ subject: 'customer#cus_1', seq: 'one' })).toThrow();
  });
});
