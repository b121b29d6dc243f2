import { randomBytes } from 'node:crypto';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type AuditedVersionWrite,
  appendAuditRecord,
  LocalAuditSigner,
  saveAuditedVersion,
} from '../../../shared/audit/index.js';

// The store tests on DynamoDB Local reach the saved and lost-race outcomes; the cancellation
// reasons only a broken table gives (a version or audit item past the pointer) are sent here.
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const db = mockClient(client);
const signer = new LocalAuditSigner(randomBytes(32));

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

const audit = appendAuditRecord(
  { seq: 1, hash: 'a'.repeat(64) },
  {
    subject: 'product#DEP-1Y',
    at: '2026-12-04T02:00:00.000Z',
    actor: 'admin-1',
    role: 'admin',
    action: 'product.updated',
    fields: ['status'],
  },
);
const save = { expectedVersion: 1, stored: { version: 2, name: 'one year deposit' }, audit };

class BrokenTableError extends Error {}

const write: AuditedVersionWrite<'outbox' | 'key', 'duplicate-request'> = {
  puts: {
    table: 'Products',
    currentKey: { pk: 'PRODUCT#DEP-1Y', sk: 'CURRENT' },
    versionKey: { pk: 'PRODUCT#DEP-1Y', sk: 'VERSION#0000000002' },
    attributes: { version: 2, name: 'one year deposit' },
  },
  auditTable: 'ProductAudit',
  extra: [
    { label: 'outbox', item: { Put: { TableName: 'Products', Item: { pk: 'OUTBOX#1', sk: 'EVENT' } } } },
    { label: 'key', item: { Put: { TableName: 'Products', Item: { pk: 'KEY#1', sk: 'KEY' } } } },
  ],
  refusals: [{ label: 'key', reason: 'duplicate-request' }],
  inconsistent: () => new BrokenTableError('a version exists beyond the pointer'),
};

const sentItems = () =>
  db
    .commandCalls(TransactWriteCommand)
    .map((call) => (call.args[0].input as TransactWriteCommandInput).TransactItems ?? []);

describe('saveAuditedVersion', () => {
  beforeEach(() => db.reset());
  afterAll(() => client.destroy());

  it('writes the pointer, the version, the signed audit record and the extra items in one transaction', async () => {
    db.on(TransactWriteCommand).resolves({});

    await expect(saveAuditedVersion(client, signer, save, write)).resolves.toEqual({
      ok: true,
      stored: save.stored,
    });
    const [items = []] = sentItems();
    expect(items.map((item) => [item.Put?.TableName, item.Put?.Item?.sk ?? item.Put?.Item?.seq])).toEqual([
      ['Products', 'CURRENT'],
      ['Products', 'VERSION#0000000002'],
      ['ProductAudit', 2],
      ['Products', 'EVENT'],
      ['Products', 'KEY'],
    ]);
    expect(items[0]?.Put?.ExpressionAttributeValues).toEqual({ ':expected': 1 });
    const signed = items[2]?.Put?.Item;
    expect(signed).toMatchObject({ hash: audit.hash, mac: expect.any(String) });
    // Signed with the store's signer: the MAC is of this record's hash.
    await expect(signer.sign(audit.hash)).resolves.toBe(signed?.mac);
  });

  it('refuses a version other than expectedVersion + 1, or an audit record of another seq, sending nothing', async () => {
    await expect(
      saveAuditedVersion(client, signer, { ...save, stored: { ...save.stored, version: 3 } }, write),
    ).rejects.toThrow(RangeError);
    await expect(
      saveAuditedVersion(client, signer, { ...save, audit: { ...audit, seq: 3 } }, write),
    ).rejects.toThrow(RangeError);
    expect(sentItems()).toEqual([]);
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
