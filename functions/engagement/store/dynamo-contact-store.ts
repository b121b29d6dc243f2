import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, encodeCursor, queryAll } from '../../../shared/dynamodb/index.js';
import { type Labelled, type TransactItem, transactWrite } from '../../../shared/dynamodb/transaction.js';
import { outboxPut } from '../../../shared/outbox/index.js';
import { engagementEvents } from '../events.js';
import {
  contactFromItem,
  contactItem,
  ledgerFromItem,
  ledgerItem,
  requestFromItem,
  requestItem,
} from './contact-items.js';
import type {
  ContactPage,
  ContactRecord,
  ContactStore,
  ContactWrite,
  ContactWriteOutcome,
  DueContactRef,
  MarketingLedger,
} from './contact-store.js';
import { contactKey, contactsOf, DUE_KINDS, marketingCapKey, requestKey } from './keys.js';
import { kpiCounterUpdate } from './kpi-counters.js';

type Label = 'contact' | 'request' | 'ledger' | 'other';

/**
 * DynamoDB adapter of the ContactStore (key layout in keys.ts). A decision is one
 * TransactWriteItems: the contact (new: `attribute_not_exists`; decided again: guarded by the
 * revision read and its deferred status), the request's dedupe item, the marketing ledger
 * (guarded by its version: the cap is exact under concurrency), the outbox events and the KPI
 * counters, together or not at all.
 */
export class DynamoContactStore implements ContactStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async contactOfRequest(requestId: string): Promise<DueContactRef | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: requestKey(requestId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : requestFromItem(Item);
  }

  async contact(customerId: string, contactId: string): Promise<ContactRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: contactKey(customerId, contactId),
        ConsistentRead: true,
      }),
    );
    return Item === undefined ? undefined : contactFromItem(Item);
  }

  async ledger(customerId: string): Promise<MarketingLedger> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: marketingCapKey(customerId), ConsistentRead: true }),
    );
    return Item === undefined ? { sends: [], version: 0 } : ledgerFromItem(Item);
  }

  async record(write: ContactWrite): Promise<ContactWriteOutcome> {
    const { contact } = write;
    const items: Labelled<Label>[] = [{ label: 'contact', item: this.contactPut(write) }];
    if (write.expectedRevision === undefined) {
      items.push({
        label: 'request',
        item: {
          Put: {
            TableName: this.tableName,
            Item: requestItem(contact.requestId, {
              customerId: contact.customerId,
              contactId: contact.contactId,
            }),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      });
    }
    if (write.ledger !== undefined)
      items.push({ label: 'ledger', item: this.ledgerPut(contact.customerId, write.ledger) });
    for (const event of write.events) {
      items.push({
        label: 'other',
        item: outboxPut(this.tableName, event, new Date(Date.parse(write.at)), engagementEvents),
      });
    }
    const kpi =
      write.kpi === undefined
        ? undefined
        : kpiCounterUpdate(this.tableName, write.kpi.branch, write.kpi.at, write.kpi.increments);
    if (kpi !== undefined) items.push({ label: 'other', item: kpi });
    const failed = await transactWrite(this.db, items);
    if (failed.length === 0) return 'written';
    // A request decided meanwhile answers its first decision; a moved ledger is decided again.
    if (failed.includes('request')) return 'duplicate-request';
    if (failed.includes('contact')) return 'contact-moved';
    if (failed.includes('ledger')) return 'ledger-moved';
    throw new Error('A contact decision failed a condition of no item it guards');
  }

  async contactsOf(customerId: string, limit: number, cursor?: string): Promise<ContactPage> {
    const { pk, skPrefix } = contactsOf(customerId);
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
        // Contact ids are ULIDs: newest first.
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor, {
          keys: { pk: 'S', sk: 'S' },
          partition: { pk },
          sortKey: { name: 'sk', accepts: (value) => String(value).startsWith(skPrefix) },
        }),
      }),
    );
    return {
      items: (page.Items ?? []).map(contactFromItem),
      cursor: encodeCursor(page.LastEvaluatedKey),
    };
  }

  async dueContacts(now: string): Promise<readonly DueContactRef[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'byDue',
      KeyConditionExpression: 'dueKey = :kind AND dueAt <= :now',
      ExpressionAttributeValues: { ':kind': DUE_KINDS.contact, ':now': now },
      ProjectionExpression: 'customerId, contactId',
    });
    return items.map((item) => requestFromItem(item));
  }

  async deferredOf(customerId: string): Promise<readonly ContactRecord[]> {
    const { pk, skPrefix } = contactsOf(customerId);
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: '#status = :deferred',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix, ':deferred': 'deferred' },
      ConsistentRead: true,
    });
    return items.map(contactFromItem);
  }

  private contactPut(write: ContactWrite): TransactItem {
    const revision = (write.expectedRevision ?? 0) + 1;
    const Item = contactItem({ ...write.contact, revision });
    if (write.expectedRevision === undefined) {
      return {
        Put: { TableName: this.tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' },
      };
    }
    return {
      Put: {
        TableName: this.tableName,
        Item,
        ConditionExpression: '#revision = :revision',
        ExpressionAttributeNames: { '#revision': 'revision' },
        ExpressionAttributeValues: { ':revision': write.expectedRevision },
      },
    };
  }

  private ledgerPut(
    customerId: string,
    ledger: { readonly expectedVersion: number; readonly sends: readonly string[] },
  ): TransactItem {
    const Item = ledgerItem(customerId, { sends: ledger.sends, version: ledger.expectedVersion + 1 });
    if (ledger.expectedVersion === 0) {
      return { Put: { TableName: this.tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' } };
    }
    return {
      Put: {
        TableName: this.tableName,
        Item,
        ConditionExpression: '#version = :version',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':version': ledger.expectedVersion },
      },
    };
  }
}
