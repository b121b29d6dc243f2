import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
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
import { outboxPut } from '../../../shared/outbox/index.js';
import type { Clock } from '../../../shared/time/clock.js';
import type { CustomerRecord } from '../domain/customer.js';
import { customersEvents } from '../events.js';
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
import { customerFromItem } from './items.js';
import {
  agentGrantKey,
  branchKey,
  COMPLAINT_ACCESS_PREFIX,
  CUSTOMER_LIST_PREFIX,
  complaintAccessKey,
  customerKey,
  customerListKey,
  dataKeyKey,
  dueCursorShape,
  ENTITY,
  idempotencyKey,
  identityLockKey,
  listCursorShape,
  REVIEW_DUE,
  rmKey,
  SHRED_DUE,
} from './keys.js';
import { complaintAccessFromItem } from './side-items.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface CustomerTables {
  readonly customers: string;
  readonly audit: string;
  /** The key table (`CUSTOMER_KEYS_TABLE`): only the functions that register, decrypt or shred have it. */
  readonly keys: string;
}

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
        TableName: this.keysTable(),
        Key: dataKeyKey(record.customerId),
        ConsistentRead: true,
      }),
    );
    return typeof Item?.encryptedDataKey === 'string' ? Item.encryptedDataKey : undefined;
  }

  async create(customer: NewCustomer): Promise<CreateOutcome> {
    const { encryptedDataKey, ...record } = customer.record;
    const item: Record<string, unknown> = {
      ...customerKey(record.customerId),
      entityType: ENTITY.customer,
      ...record,
      branchKey: branchKey(record.branch),
      rmKey: rmKey(record.rmId),
      listKey: customerListKey(record.createdAt, record.customerId),
      ...(record.nextReviewAt === undefined ? {} : { dueKey: REVIEW_DUE, dueAt: record.nextReviewAt }),
    };
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tables.customers,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      auditPut(this.tables.audit, await signAuditRecord(this.signer, customer.audit)),
      this.sideItemPut(customer.identityLock),
      ...(customer.idempotency === undefined ? [] : [this.sideItemPut(customer.idempotency)]),
      ...customer.events.map((event) =>
        outboxPut(this.tables.customers, event, this.clock.now(), customersEvents),
      ),
      // Last, so the indexes above keep their meaning for the condition checks below.
      ...(encryptedDataKey === undefined ? [] : [this.dataKeyPut(record.customerId, encryptedDataKey)]),
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
      ...sideItems.map((side) => this.sideItemPut(side)),
      ...(change.deleteItems ?? []).map((key) => ({
        Delete: { TableName: this.tables.customers, Key: key },
      })),
      ...change.events.map((event) =>
        outboxPut(this.tables.customers, event, this.clock.now(), customersEvents),
      ),
      ...(change.deleteDataKey === true
        ? [{ Delete: { TableName: this.keysTable(), Key: dataKeyKey(change.customerId) } }]
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

  async findBySeniorDay(seniorDayIndex: string): Promise<readonly string[]> {
    // A sparse index: only the customers whose senior day is still ahead carry the attribute,
    // and the daily job removes it as it makes each one senior.
    const items = await queryAll(this.db, {
      TableName: this.tables.customers,
      IndexName: 'bySeniorDay',
      KeyConditionExpression: 'seniorDayIndex = :d',
      ExpressionAttributeValues: { ':d': seniorDayIndex },
      ProjectionExpression: 'customerId',
    });
    return items.flatMap((item) => (typeof item.customerId === 'string' ? [item.customerId] : []));
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
    const filterParts: string[] = [];
    const values: Record<string, unknown> = {};
    const names: Record<string, string> = {};
    if (filters.customerType !== undefined) {
      filterParts.push('customerType = :type');
      values[':type'] = filters.customerType;
    }
    if (filters.relationship !== undefined) {
      filterParts.push('#relationship = :relationship');
      names['#relationship'] = 'relationship';
      values[':relationship'] = filters.relationship;
    }
    const filter = filterParts.length > 0 ? { FilterExpression: filterParts.join(' AND ') } : {};
    const attributeNames = Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {};
    const [indexName, keyName, keyValue] =
      scope.kind === 'all'
        ? (['byEntity', 'entityType', ENTITY.customer] as const)
        : scope.kind === 'branch'
          ? (['byBranch', 'branchKey', branchKey(scope.branch)] as const)
          : (['byRm', 'rmKey', rmKey(scope.rmId)] as const);
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tables.customers,
        IndexName: indexName,
        KeyConditionExpression: `${keyName} = :k AND begins_with(listKey, :prefix)`,
        ExpressionAttributeValues: { ...values, ':k': keyValue, ':prefix': CUSTOMER_LIST_PREFIX },
        ...attributeNames,
        ...filter,
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor, listCursorShape(keyName, keyValue, CUSTOMER_LIST_PREFIX)),
      }),
    );
    return { items: Items.map(customerFromItem), cursor: encodeCursor(LastEvaluatedKey) };
  }

  async hasAgentAccess(agentSub: string, customerId: string, now: Date): Promise<boolean> {
    // The search grant (sk CUSTOMER#<id>) and the complaint grants (CUSTOMER#<id>#COMPLAINT#…)
    // sort together: one query reads them all.
    const { pk, sk } = agentGrantKey(agentSub, customerId);
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tables.customers,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
        ExpressionAttributeValues: { ':pk': pk, ':sk': sk },
        ConsistentRead: true,
      }),
    );
    return Items.some((item) => {
      // Another customer whose id starts with this one's is not a grant on this one.
      if (item.sk === sk) {
        // TTL deletion is lazy (up to days late), so the expiry is checked here too.
        return typeof item.expiresAt === 'number' && item.expiresAt * 1000 > now.getTime();
      }
      return typeof item.sk === 'string' && item.sk.startsWith(`${sk}#COMPLAINT#`);
    });
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
      new QueryCommand({
        TableName: this.tables.customers,
        IndexName: 'byDue',
        KeyConditionExpression: 'dueKey = :k AND dueAt <= :now',
        ExpressionAttributeValues: { ':k': REVIEW_DUE, ':now': now.toISOString() },
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor, dueCursorShape(REVIEW_DUE, now.toISOString())),
      }),
    );
    return { items: Items.map(customerFromItem), cursor: encodeCursor(LastEvaluatedKey) };
  }

  async dueForShredding(now: Date, limit: number): Promise<readonly string[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tables.customers,
        IndexName: 'byDue',
        KeyConditionExpression: 'dueKey = :k AND dueAt <= :now',
        ExpressionAttributeValues: { ':k': SHRED_DUE, ':now': now.toISOString() },
        Limit: limit,
      }),
    );
    return Items.flatMap((item) => (typeof item.customerId === 'string' ? [item.customerId] : []));
  }

  /** Written once: an existing key is never overwritten (it would orphan the sealed values). */
  private dataKeyPut(customerId: string, encryptedDataKey: string): TransactItem {
    return {
      Put: {
        TableName: this.keysTable(),
        Item: { ...dataKeyKey(customerId), encryptedDataKey, createdAt: this.clock.now().toISOString() },
        ConditionExpression: 'attribute_not_exists(customerId)',
      },
    };
  }

  private keysTable(): string {
    if (this.tables.keys === '') {
      throw new Error('This function is not given the key table (CUSTOMER_KEYS_TABLE; see its definition)');
    }
    return this.tables.keys;
  }

  private sideItemPut(side: {
    key: { pk: string; sk: string };
    attributes: Readonly<Record<string, unknown>>;
    mustNotExist?: boolean;
  }): TransactItem {
    return {
      Put: {
        TableName: this.tables.customers,
        Item: { ...side.attributes, ...side.key },
        ...(side.mustNotExist === true ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
      },
    };
  }
}
