import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { requestContact } from '../../../functions/engagement/service/contacts.js';
import type { ContactRecord, ContactWrite } from '../../../functions/engagement/store/contact-store.js';
import { DynamoContactStore } from '../../../functions/engagement/store/dynamo-contact-store.js';
import { DynamoFactsStore } from '../../../functions/engagement/store/dynamo-facts-store.js';
import { cancelled, sentTransactItems } from '../../support/mocked-transactions.js';
import { contactPathFixture, InMemoryFactsStore, knownCustomer, NOW } from './contact-fakes.js';

// DynamoDB Local runs transactions one at a time and never reports a conflict, so what the
// stores make of DynamoDB's cancellation reasons is shown here against the reasons it sends.
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const db = mockClient(client);
const store = new DynamoContactStore(client, 'Engagement');

const contact: ContactRecord = {
  contactId: 'con_1',
  customerId: 'cus-1',
  requestId: 'req-1',
  purpose: 'marketing',
  templateId: 'spring-offer',
  latestAt: '2026-04-01T00:00:00.000Z',
  requestedBy: 'crm.marketing',
  createdAt: NOW.toISOString(),
  status: 'sent',
  rule: 'allowed',
  channel: 'sms',
  decisions: [{ at: NOW.toISOString(), outcome: 'sent', rule: 'allowed', channel: 'sms' }],
  revision: 0,
};

/** A new marketing send: contact, request, ledger (in this order), then the outbox and counters. */
const send: ContactWrite = {
  at: NOW.toISOString(),
  contact,
  ledger: { expectedVersion: 3, sends: [NOW.toISOString()] },
  events: [],
  kpi: { branch: 'BJ01', at: NOW.toISOString(), increments: { 'sent:sms': 1 } },
};

describe('DynamoContactStore.record on a cancelled transaction', () => {
  beforeEach(() => db.reset());
  afterAll(() => client.destroy());

  it('tries again after a conflict with a concurrent transaction, and the conditions then decide', async () => {
    // Arrange
    db.on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'None', 'TransactionConflict', 'None'))
      .resolves({});

    // Act
    const outcome = await store.record(send);

    // Assess
    expect(outcome).toBe('written');
    const [first, second] = sentTransactItems(db);
    expect(second).toEqual(first);
  });

  it('reports a moved ledger when its version condition failed', async () => {
    // Arrange
    db.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed', 'None'));

    // Act
    const outcome = await store.record(send);

    // Assess
    expect(outcome).toBe('ledger-moved');
    expect(sentTransactItems(db)).toHaveLength(1);
    expect(sentTransactItems(db)[0]?.[2]?.Put).toMatchObject({
      ConditionExpression: '#version = :version',
      ExpressionAttributeValues: { ':version': 3 },
      Item: { sends: [NOW.toISOString()], version: 4 },
    });
  });

  it('reports a request decided meanwhile before a moved ledger', async () => {
    // Arrange
    db.on(TransactWriteCommand).rejects(
      cancelled('ConditionalCheckFailed', 'ConditionalCheckFailed', 'ConditionalCheckFailed', 'None'),
    );

    // Act
    const outcome = await store.record(send);

    // Assess
    expect(outcome).toBe('duplicate-request');
  });

  it('guards a contact decided again by the revision it was read at, and leaves it off byDue once decided', async () => {
    // Arrange
    db.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed'));

    // Act
    const outcome = await store.record({
      at: NOW.toISOString(),
      contact: { ...contact, revision: 4 },
      expectedRevision: 4,
      events: [],
    });

    // Assess
    expect(outcome).toBe('contact-moved');
    const put = sentTransactItems(db)[0]?.[0]?.Put;
    expect(put).toMatchObject({
      ConditionExpression: '#revision = :revision',
      Item: { revision: 5, status: 'sent' },
    });
    expect(put?.Item).not.toHaveProperty('dueKey');
  });
});

describe('the contact path over DynamoDB under conflicts', () => {
  beforeEach(() => db.reset());

  it('decides a marketing send again when its ledger moved, and sends once', async () => {
    // Arrange: the facts from memory, the contact store on the mocked client; the first write
    // loses the ledger to a concurrent send, the second is written.
    const { deps: memory } = contactPathFixture();
    const facts = new InMemoryFactsStore();
    knownCustomer(facts);
    const deps = { ...memory, facts, store: new DynamoContactStore(client, 'Engagement') };
    db.on(GetCommand).resolves({});
    db.on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'None', 'ConditionalCheckFailed', 'None', 'None', 'None'))
      .resolves({});

    // Act
    const outcome = await requestContact(deps, {
      requestId: 'req-9',
      customerId: 'cus-1',
      purpose: 'marketing',
      templateId: 'spring-offer',
      parameters: { offer: 'X1' },
      latestAt: '2026-04-01T00:00:00.000Z',
      requestedBy: 'crm.marketing',
    });

    // Assess
    expect(outcome.decision).toEqual({ outcome: 'sent', rule: 'allowed', channel: 'sms' });
    expect(sentTransactItems(db)).toHaveLength(2);
  });

  it('applies a facts change again when another write to the facts came first', async () => {
    // Arrange
    const facts = new DynamoFactsStore(client, 'Engagement');
    db.on(TransactWriteCommand).rejectsOnce(cancelled('ConditionalCheckFailed')).resolves({});

    // Act
    const first = await facts.put(
      {
        customerId: 'cus-1',
        relationship: 'active',
        profileVersion: 1,
        preferencesVersion: 0,
        consents: {},
        restrictions: {},
        channelResults: {},
        erased: false,
        revision: 0,
      },
      2,
    );

    // Assess
    expect(first).toBe(false);
    expect(sentTransactItems(db)[0]?.[0]?.Put).toMatchObject({
      ConditionExpression: '#revision = :revision',
      ExpressionAttributeValues: { ':revision': 2 },
    });
  });
});
