import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type AuditedVersionWrite,
  LocalAuditSigner,
  saveAuditedVersion,
} from '../../../shared/audit/index.js';
import { revealedRecord } from '../../support/audit-fixtures.js';
import { cancelled, sentTransactItems } from '../../support/mocked-transactions.js';

// The store tests on DynamoDB Local reach the saved and lost-race outcomes; the cancellation
// reasons only a broken table gives (a version or audit item past the pointer) are sent here.
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const db = mockClient(client);
const signer = new LocalAuditSigner(randomBytes(32));

// Any record will do: the save only needs its seq to be the new version's.
const audit = revealedRecord;
const save = { expectedVersion: 6, stored: { version: 7, name: 'one year deposit' }, audit };

class BrokenTableError extends Error {}

const write: AuditedVersionWrite<'outbox' | 'key', 'duplicate-request'> = {
  puts: {
    table: 'Products',
    currentKey: { pk: 'PRODUCT#DEP-1Y', sk: 'CURRENT' },
    versionKey: { pk: 'PRODUCT#DEP-1Y', sk: 'VERSION#0000000007' },
    attributes: { version: 7, name: 'one year deposit' },
  },
  auditTable: 'ProductAudit',
  extra: [
    { label: 'outbox', item: { Put: { TableName: 'Products', Item: { pk: 'OUTBOX#1', sk: 'EVENT' } } } },
    { label: 'key', item: { Put: { TableName: 'Products', Item: { pk: 'KEY#1', sk: 'KEY' } } } },
  ],
  refusals: [{ label: 'key', reason: 'duplicate-request' }],
  inconsistent: () => new BrokenTableError('a version exists beyond the pointer'),
};

describe('saveAuditedVersion', () => {
  beforeEach(() => db.reset());
  afterAll(() => client.destroy());

  it('writes the pointer, the version, the signed audit record and the extra items in one transaction', async () => {
    db.on(TransactWriteCommand).resolves({});

    await expect(saveAuditedVersion(client, signer, save, write)).resolves.toEqual({
      ok: true,
      stored: save.stored,
    });
    const [items = []] = sentTransactItems(db);
    expect(items.map((item) => [item.Put?.TableName, item.Put?.Item?.sk ?? item.Put?.Item?.seq])).toEqual([
      ['Products', 'CURRENT'],
      ['Products', 'VERSION#0000000007'],
      ['ProductAudit', 7],
      ['Products', 'EVENT'],
      ['Products', 'KEY'],
    ]);
    expect(items[0]?.Put?.ExpressionAttributeValues).toEqual({ ':expected': 6 });
    const signed = items[2]?.Put?.Item;
    expect(signed).toMatchObject({ hash: audit.hash, mac: expect.any(String) });
    // Signed with the store's signer: the MAC is of this record's hash.
    await expect(signer.sign(audit.hash)).resolves.toBe(signed?.mac);
  });

  it('refuses a version other than expectedVersion + 1, or an audit record of another seq, sending nothing', async () => {
    await expect(
      saveAuditedVersion(
        client,
        signer,
        { ...save, stored: { ...save.stored, version: 8 }, audit: { ...audit, seq: 8 } },
        write,
      ),
    ).rejects.toThrow(RangeError);
    await expect(
      saveAuditedVersion(client, signer, { ...save, audit: { ...audit, seq: 8 } }, write),
    ).rejects.toThrow(RangeError);
    expect(sentTransactItems(db)).toEqual([]);
  });

  it('answers a refusal before the lost race when both conditions failed', async () => {
    db.on(TransactWriteCommand).rejects(
      cancelled('ConditionalCheckFailed', 'None', 'None', 'None', 'ConditionalCheckFailed'),
    );

    await expect(saveAuditedVersion(client, signer, save, write)).resolves.toEqual({
      ok: false,
      reason: 'duplicate-request',
    });
  });

  it('answers version-conflict when only the pointer failed', async () => {
    db.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None', 'None', 'None'));

    await expect(saveAuditedVersion(client, signer, save, write)).resolves.toEqual({
      ok: false,
      reason: 'version-conflict',
    });
  });

  it.each([
    ['the version item', ['None', 'ConditionalCheckFailed', 'None', 'None', 'None']],
    ['the audit record', ['None', 'None', 'ConditionalCheckFailed', 'None', 'None']],
  ])('throws the store’s own error when %s failed with the pointer in place', async (_item, codes) => {
    db.on(TransactWriteCommand).rejects(cancelled(...codes));

    await expect(saveAuditedVersion(client, signer, save, write)).rejects.toThrow(BrokenTableError);
  });
});
