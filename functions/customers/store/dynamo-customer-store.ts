import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type AuditSigner,
  auditPut,
  auditRecordFromItem,
  auditSubject,
  type StoredAuditRecord,
  signAuditRecord,
} from '../../../shared/audit/index.js';
import {
  conditionFailedIndexes,
  decodeCursor,
  encodeCursor,
  queryAll,
} from '../../../shared/dynamodb/index.js';
import type { TransactItem } from '../../../shared/dynamodb/transaction.js';
import { outboxPut } from '../../../shared/outbox/index.js';
import type { Clock } from '../../../shared/time/clock.js';
import type { CustomerRecord } from '../domain/customer.js';
import { customersEvents } from '../events.js';
import { agentGrantsQuery, grantsAccess } from './agent-access.js';
import { applyChange } from './apply-change.js';
import type {
  ChangeOutcome,
  ComplaintAccess,
  CreateOutcome,
  CustomerChange,
  CustomerStore,
  IdempotencyRecord,
  ListFilters,
  ListScope,
  NewCustomer,
  Page,
} from './customer-store.js';
import { customerUpdate } from './customer-update.js';
import { type CustomerTables, customerPut, dataKeyPut, keysTable, sideItemPut } from './customer-writes.js';
import { customerFromItem } from './items.js';
import {
  COMPLAINT_ACCESS_PREFIX,
  complaintAccessKey,
  customerKey,
  dataKeyKey,
  dueCursorShape,
  idempotencyKey,
  identityLockKey,
  SHRED_DUE,
  seniorDayCursorShape,
} from './keys.js';
import { dueForReviewQuery, listQuery } from './list-query.js';
import { complaintAccessFromItem } from './side-items.js';

export type { CustomerTables } from './customer-writes.js';

/** DynamoDB adapter of the CustomerStore port. */
export class DynamoCustomerStore implements CustomerStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: CustomerTables,
    private readonly clock: Clock,
    private readonly signer: AuditSigner,
  ) {}

  async get(customerId: string): Promise<CustomerRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tables.customers,
        Key: customerKey(customerId),
        ConsistentRead: true,
      }),
    );
    return Item === undefined ? undefined : customerFromItem(Item);
  }

  async dataKeyOf(record: CustomerRecord): Promise<string | undefined> {
    // Records written before the key table kept their key on the item; shredding removes both.
    if (record.encryptedDataKey !== undefined) return record.encryptedDataKey;
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: keysTable(this.tables),
        Key: dataKeyKey(record.customerId),
        ConsistentRead: true,
      }),
    );
    return typeof Item?.encryptedDataKey === 'string' ? Item.encryptedDataKey : undefined;
  }

  async create(customer: NewCustomer): Promise<CreateOutcome> {
    const { encryptedDataKey, ...record } = customer.record;
    const items: TransactItem[] = [
      customerPut(this.tables.customers, record),
      auditPut(this.tables.audit, await signAuditRecord(this.signer, customer.audit)),
      sideItemPut(this.tables.customers, customer.identityLock),
      ...(customer.idempotency === undefined
        ? []
        : [sideItemPut(this.tables.customers, customer.idempotency)]),
      ...customer.events.map((event) =>
        outboxPut(this.tables.customers, event, this.clock.now(), customersEvents),
      ),
      // Last, so the indexes above keep their meaning for the condition checks below.
      ...(encryptedDataKey === undefined
        ? []
        : [dataKeyPut(this.tables, record.customerId, encryptedDataKey, this.clock.now())]),
    ];
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      return { ok: true };
    } catch (error) {
      const failed = conditionFailedIndexes(error);
      if (failed === undefined) throw error;
      if (failed.includes(2)) return { ok: false, reason: 'duplicate-document' };
      if (customer.idempotency !== undefined && failed.includes(3))
        return { ok: false, reason: 'duplicate-request' };
      throw error;
    }
  }

  async change(change: CustomerChange): Promise<ChangeOutcome> {
    const update: TransactItem = { Update: customerUpdate(this.tables.customers, change) };
    const sideItems = change.sideItems ?? [];
    const items: TransactItem[] = [
      update,
      auditPut(this.tables.audit, await signAuditRecord(this.signer, change.audit)),
      ...sideItems.map((side) => sideItemPut(this.tables.customers, side)),
      ...(change.deleteItems ?? []).map((key) => ({
        Delete: { TableName: this.tables.customers, Key: key },
      })),
      ...change.events.map((event) =>
        outboxPut(this.tables.customers, event, this.clock.now(), customersEvents),
      ),
      ...(change.deleteDataKey === true
        ? [{ Delete: { TableName: keysTable(this.tables), Key: dataKeyKey(change.customerId) } }]
        : []),
    ];
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      const failed = conditionFailedIndexes(error);
      if (failed === undefined) throw error;
      if (failed.some((index) => index >= 2 && index < 2 + sideItems.length)) {
        return { ok: false, reason: 'duplicate-document' };
      }
      const current = await this.get(change.customerId);
      if (current === undefined) return { ok: false, reason: 'not-found' };
      if (change.expectedVersion !== undefined && current.version !== change.expectedVersion) {
        return { ok: false, reason: 'version-conflict' };
      }
      return { ok: false, reason: 'audit-conflict' };
    }
    return { ok: true, record: applyChange(change.base, change) };
  }

  async findIdempotency(sub: string, key: string): Promise<IdempotencyRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tables.customers,
        Key: idempotencyKey(sub, key),
        ConsistentRead: true,
      }),
    );
    if (Item === undefined || typeof Item.customerId !== 'string' || typeof Item.fingerprint !== 'string') {
      return undefined;
    }
    if (typeof Item.expiresAt === 'number' && Item.expiresAt * 1000 < this.clock.now().getTime())
      return undefined;
    return { customerId: Item.customerId, fingerprint: Item.fingerprint };
  }

  async findByIdentityDocument(idDocumentIndex: string): Promise<string | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tables.customers, Key: identityLockKey(idDocumentIndex) }),
    );
    return typeof Item?.customerId === 'string' ? Item.customerId : undefined;
  }

  async findByMobile(mobileIndex: string): Promise<readonly string[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tables.customers,
        IndexName: 'byMobile',
        KeyConditionExpression: 'mobileIndex = :m',
        ExpressionAttributeValues: { ':m': mobileIndex },
        ProjectionExpression: 'customerId',
        Limit: 50,
      }),
    );
    return Items.flatMap((item) => (typeof item.customerId === 'string' ? [item.customerId] : []));
  }

  async seniorDayPage(seniorDayIndex: string, limit: number, cursor?: string): Promise<Page<string>> {
    // A sparse index: only the customers whose senior day is still ahead carry the attribute,
    // and the daily job removes it as it makes each one senior.
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tables.customers,
        IndexName: 'bySeniorDay',
        KeyConditionExpression: 'seniorDayIndex = :d',
        ExpressionAttributeValues: { ':d': seniorDayIndex },
        ProjectionExpression: 'customerId',
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor, seniorDayCursorShape(seniorDayIndex)),
      }),
    );
    return { items: idsOf(Items), cursor: encodeCursor(LastEvaluatedKey) };
  }

  async getMany(customerIds: readonly string[]): Promise<readonly CustomerRecord[]> {
    const unique = [...new Set(customerIds)].slice(0, 100);
    if (unique.length === 0) return [];
    const { Responses } = await this.db.send(
      new BatchGetCommand({
        RequestItems: { [this.tables.customers]: { Keys: unique.map((id) => customerKey(id)) } },
      }),
    );
    return (Responses?.[this.tables.customers] ?? []).map(customerFromItem);
  }

  async list(
    scope: ListScope,
    filters: ListFilters,
    limit: number,
    cursor?: string,
  ): Promise<Page<CustomerRecord>> {
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand(listQuery(this.tables.customers, scope, filters, limit, cursor)),
    );
    return { items: Items.map(customerFromItem), cursor: encodeCursor(LastEvaluatedKey) };
  }

  async hasAgentAccess(agentSub: string, customerId: string, now: Date): Promise<boolean> {
    const { Items = [] } = await this.db.send(
      new QueryCommand(agentGrantsQuery(this.tables.customers, agentSub, customerId)),
    );
    return grantsAccess(Items, agentSub, customerId, now);
  }

  async hasOpenComplaint(customerId: string): Promise<boolean> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tables.customers,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: '#open = :open',
        ExpressionAttributeNames: { '#open': 'open' },
        ExpressionAttributeValues: {
          ':pk': customerKey(customerId).pk,
          ':prefix': COMPLAINT_ACCESS_PREFIX,
          ':open': true,
        },
        ConsistentRead: true,
      }),
    );
    return Items.length > 0;
  }

  async complaintAccess(customerId: string, complaintId: string): Promise<ComplaintAccess | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tables.customers,
        Key: complaintAccessKey(customerId, complaintId),
        ConsistentRead: true,
      }),
    );
    return complaintAccessFromItem(Item);
  }

  async auditTrail(customerId: string): Promise<readonly StoredAuditRecord[]> {
    const items = await queryAll(this.db, {
      TableName: this.tables.audit,
      KeyConditionExpression: 'subject = :s',
      ExpressionAttributeValues: { ':s': auditSubject('customer', customerId) },
      ConsistentRead: true,
    });
    return items.map(auditRecordFromItem);
  }

  async dueForReview(now: Date, limit: number, cursor?: string): Promise<Page<CustomerRecord>> {
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand(dueForReviewQuery(this.tables.customers, now, limit, cursor)),
    );
    return { items: Items.map(customerFromItem), cursor: encodeCursor(LastEvaluatedKey) };
  }

  async dueForShredding(now: Date, limit: number, cursor?: string): Promise<Page<string>> {
    const dueBy = now.toISOString();
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tables.customers,
        IndexName: 'byDue',
        KeyConditionExpression: 'dueKey = :k AND dueAt <= :now',
        ExpressionAttributeValues: { ':k': SHRED_DUE, ':now': dueBy },
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor, dueCursorShape(SHRED_DUE, dueBy)),
      }),
    );
    return { items: idsOf(Items), cursor: encodeCursor(LastEvaluatedKey) };
  }
}

/** The customer ids of a page of items (each item of these queries has one). */
function idsOf(items: readonly Record<string, unknown>[]): string[] {
  return items.flatMap((item) => (typeof item.customerId === 'string' ? [item.customerId] : []));
}
