import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditSigner, saveAuditedVersion } from '../../../shared/audit/index.js';
import {
  decodeCursor,
  encodeCursor,
  FilterBuilder,
  type Labelled,
  readItem,
  type TransactItem,
} from '../../../shared/dynamodb/index.js';
import { outboxPut } from '../../../shared/outbox/index.js';
import type { Clock } from '../../../shared/time/clock.js';
import * as z from '../../../shared/zod.js';
import { CUSTOMER_TYPES } from '../../customers/events.js';
import { ProductStoreInconsistentError } from '../domain/errors.js';
import type { Product } from '../domain/product.js';
import {
  MINIMUM_GRADES,
  PRODUCT_CATEGORIES,
  PRODUCT_RISK_LEVELS,
  PRODUCT_STATUSES,
  productsEvents,
} from '../events.js';
import {
  PRODUCT_ENTITY,
  productCurrentKey,
  productIdempotencyKey,
  productListAttributes,
  productVersionKey,
} from './keys.js';
import type {
  IdempotencyRecord,
  ProductListQuery,
  ProductPage,
  ProductSave,
  ProductSaveOutcome,
  ProductStore,
  StoredProduct,
} from './product-store.js';

/** Where the items are: the Products table (with its outbox) and the append-only ProductAudit table. */
export interface ProductStoreTables {
  readonly table: string;
  readonly auditTable: string;
}

/** The items a save writes besides the versioned puts and the audit record, named for what their conditions guard. */
type ExtraItem = 'outbox' | 'idempotency';

const idempotencyItemSchema = z.object({
  productId: z.string(),
  fingerprint: z.string(),
  expiresAt: z.number(),
});

/** What a product item holds, read back through its schema (keys and index attributes dropped). */
const storedItemSchema = z.object({
  productId: z.string(),
  name: z.string(),
  category: z.enum(PRODUCT_CATEGORIES),
  riskLevel: z.enum(PRODUCT_RISK_LEVELS),
  termDays: z.optional(z.number().check(z.int(), z.positive())),
  minimumAmount: z.object({ amount: z.number().check(z.int(), z.nonnegative()), currency: z.string() }),
  customerTypes: z.array(z.enum(CUSTOMER_TYPES)),
  minimumGrade: z.optional(z.enum(MINIMUM_GRADES)),
  saleFrom: z.optional(z.string()),
  saleTo: z.optional(z.string()),
  status: z.enum(PRODUCT_STATUSES),
  version: z.number().check(z.int(), z.gte(1)),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
  auditSeq: z.number().check(z.int(), z.gte(1)),
  auditHash: z.string(),
});

function itemToStored(item: Record<string, unknown>): StoredProduct {
  const { version, createdAt, updatedAt, updatedBy, auditSeq, auditHash, ...fields } = readItem(
    storedItemSchema,
    item,
    'product',
  );
  const { termDays, minimumGrade, saleFrom, saleTo, ...required } = fields;
  const product: Product = {
    ...required,
    ...(termDays === undefined ? {} : { termDays }),
    ...(minimumGrade === undefined ? {} : { minimumGrade }),
    ...(saleFrom === undefined ? {} : { saleFrom }),
    ...(saleTo === undefined ? {} : { saleTo }),
  };
  return { product, version, createdAt, updatedAt, updatedBy, audit: { seq: auditSeq, hash: auditHash } };
}

/** The attributes of a version (optional fields only when set: DynamoDB stores no undefined). */
function storedToAttributes(stored: StoredProduct): Record<string, unknown> {
  const { product } = stored;
  return {
    productId: product.productId,
    name: product.name,
    category: product.category,
    riskLevel: product.riskLevel,
    ...(product.termDays === undefined ? {} : { termDays: product.termDays }),
    minimumAmount: { amount: product.minimumAmount.amount, currency: product.minimumAmount.currency },
    customerTypes: [...product.customerTypes],
    ...(product.minimumGrade === undefined ? {} : { minimumGrade: product.minimumGrade }),
    ...(product.saleFrom === undefined ? {} : { saleFrom: product.saleFrom }),
    ...(product.saleTo === undefined ? {} : { saleTo: product.saleTo }),
    status: product.status,
    version: stored.version,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
    updatedBy: stored.updatedBy,
    auditSeq: stored.audit.seq,
    auditHash: stored.audit.hash,
  };
}

/**
 * DynamoDB adapter of the ProductStore port. A save is one TransactWriteItems: the pointer
 * (conditioned on the expected version, or on not existing for a create) and the immutable
 * version item (`versionedPuts`), the audit record (conditioned on its chain position), the
 * outbox item of ProductChanged and, for a create with an Idempotency-Key, its record: none is
 * written without the others.
 */
export class DynamoProductStore implements ProductStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: ProductStoreTables,
    private readonly clock: Clock,
    private readonly signer: AuditSigner,
  ) {}

  async current(productId: string): Promise<StoredProduct | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tables.table,
        Key: productCurrentKey(productId),
        ConsistentRead: true,
      }),
    );
    return Item === undefined ? undefined : itemToStored(Item);
  }

  async list(query: ProductListQuery): Promise<ProductPage> {
    const filter = new FilterBuilder()
      .equals('category', query.category)
      .equals('status', query.status)
      .equals('riskLevel', query.riskLevel)
      .build();
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.tables.table,
        IndexName: 'byEntity',
        KeyConditionExpression: '#entityType = :entityType',
        FilterExpression: filter.expression,
        ExpressionAttributeNames: { '#entityType': 'entityType', ...filter.names },
        ExpressionAttributeValues: { ':entityType': PRODUCT_ENTITY, ...filter.values },
        Limit: query.limit,
        ExclusiveStartKey: decodeCursor(query.cursor, {
          keys: { pk: 'S', sk: 'S', entityType: 'S', listKey: 'S' },
          partition: { entityType: PRODUCT_ENTITY },
        }),
      }),
    );
    return { items: (page.Items ?? []).map(itemToStored), cursor: encodeCursor(page.LastEvaluatedKey) };
  }

  async idempotencyRecord(sub: string, key: string): Promise<IdempotencyRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tables.table,
        Key: productIdempotencyKey(sub, key),
        ConsistentRead: true,
      }),
    );
    if (Item === undefined) return undefined;
    return { sub, key, ...readItem(idempotencyItemSchema, Item, 'product idempotency record') };
  }

  async save(save: ProductSave): Promise<ProductSaveOutcome> {
    const { productId } = save.stored.product;
    return saveAuditedVersion(this.db, this.signer, save, {
      puts: {
        table: this.tables.table,
        currentKey: productCurrentKey(productId),
        versionKey: productVersionKey(productId, save.stored.version),
        attributes: storedToAttributes(save.stored),
        pointerOnly: productListAttributes(productId),
      },
      auditTable: this.tables.auditTable,
      extra: this.extraItems(save),
      refusals: [{ label: 'idempotency', reason: 'duplicate-request' }],
      inconsistent: () =>
        new ProductStoreInconsistentError(
          'A product version or audit record exists beyond the current pointer',
        ),
    });
  }

  /** What a product save writes besides its versioned puts and audit record. */
  private extraItems(save: ProductSave): Labelled<ExtraItem>[] {
    const outbox: Labelled<ExtraItem> = {
      label: 'outbox',
      item: outboxPut(this.tables.table, save.event, this.clock.now(), productsEvents),
    };
    const { idempotency } = save;
    if (idempotency === undefined) return [outbox];
    const { sub, key, ...recorded } = idempotency;
    const record: TransactItem = {
      Put: {
        TableName: this.tables.table,
        Item: { ...productIdempotencyKey(sub, key), ...recorded },
        // A key is used once: a concurrent create with it loses here and replays the winner.
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    return [outbox, { label: 'idempotency', item: record }];
  }
}
