import { randomBytes, randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { CreateProductInput } from '../../../functions/products/domain/schemas.js';
import { ProductChanged } from '../../../functions/products/events.js';
import { productsCapability } from '../../../functions/products/index.js';
import type { ProductsDeps } from '../../../functions/products/service/deps.js';
import {
  createProduct,
  getProduct,
  listProducts,
  patchProduct,
} from '../../../functions/products/service/products.js';
import { DynamoProductStore } from '../../../functions/products/store/dynamo-product-store.js';
import { createIsolatedTables } from '../../../infra/local/tables.js';
import {
  auditRecordFromItem,
  LocalAuditSigner,
  type StoredAuditRecord,
  verifySignedChain,
} from '../../../shared/audit/index.js';
import { InvalidCursorError } from '../../../shared/dynamodb/index.js';
import { parseEventDetail } from '../../../shared/events/index.js';
import { ConflictError, PreconditionFailedError } from '../../../shared/http/problem.js';
import { OUTBOX_ENTITY_TYPE } from '../../../shared/outbox/index.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { localClient, scanAll } from '../../support/dynamo.js';

const ADMIN = { sub: 'admin-1', role: 'admin' };

function fund(overrides: Partial<CreateProductInput> = {}): CreateProductInput {
  return {
    productId: 'FND-BAL-3Y',
    name: '稳健平衡混合基金',
    category: 'fund',
    riskLevel: 'R3',
    termDays: 1095,
    minimumAmount: { amount: 100_000, currency: 'CNY' },
    customerTypes: ['individual'],
    status: 'on-sale',
    ...overrides,
  };
}

const clients: DynamoDBDocumentClient[] = [];
afterAll(() => {
  for (const client of clients) client.destroy();
});

/** The products store on its own pair of tables. */
async function productHarness() {
  const endpoint = inject('dynamodbEndpoint');
  const created = await createIsolatedTables(endpoint, {
    prefix: `it-prd-${randomUUID().slice(0, 8)}-`,
    capabilities: [productsCapability],
  });
  const tables = { table: created.tables.Products ?? '', auditTable: created.tables.ProductAudit ?? '' };
  const db = DynamoDBDocumentClient.from(localClient(endpoint));
  clients.push(db);
  const clock = new ControlledClock(new Date('2026-12-04T02:00:00.000Z'));
  const signer = new LocalAuditSigner(randomBytes(32));
  const deps: ProductsDeps = { store: new DynamoProductStore(db, tables, clock, signer), clock };
  /** One product's audit chain, in `seq` order. */
  const auditTrail = async (productId: string): Promise<StoredAuditRecord[]> => {
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: tables.auditTable,
        KeyConditionExpression: 'subject = :s',
        ExpressionAttributeValues: { ':s': `product#${productId}` },
        ConsistentRead: true,
      }),
    );
    return Items.map(auditRecordFromItem);
  };
  /** Every ProductChanged in the outbox, by version. */
  const outbox = async () =>
    (await scanAll(db, tables.table))
      .filter((item) => item.entityType === OUTBOX_ENTITY_TYPE)
      .map((item) => parseEventDetail(ProductChanged, JSON.parse(String(item.detail))))
      .sort((a, b) => a.version - b.version);
  return { deps, db, tables, clock, signer, auditTrail, outbox, items: () => scanAll(db, tables.table) };
}

describe('the product catalogue on DynamoDB Local', () => {
  it('saves each version with its immutable item, a signed audit chain that verifies and one ProductChanged with productName', async () => {
    // Prepare
    const h = await productHarness();

    // Act
    await createProduct(h.deps, fund(), ADMIN);
    h.clock.advance(60_000);
    await patchProduct(h.deps, 'FND-BAL-3Y', 1, { riskLevel: 'R4', name: '平衡混合基金' }, ADMIN);
    h.clock.advance(60_000);
    await patchProduct(h.deps, 'FND-BAL-3Y', 2, { status: 'suspended' }, ADMIN);

    // Assess
    const current = await getProduct(h.deps, 'FND-BAL-3Y');
    expect(current).toMatchObject({
      version: 3,
      createdAt: '2026-12-04T02:00:00.000Z',
      updatedAt: '2026-12-04T02:02:00.000Z',
      product: { riskLevel: 'R4', status: 'suspended', name: '平衡混合基金' },
    });
    const versions = (await h.items()).filter((item) => String(item.sk).startsWith('VERSION#'));
    expect(versions.map((item) => [item.sk, item.riskLevel, item.status])).toEqual([
      ['VERSION#0000000001', 'R3', 'on-sale'],
      ['VERSION#0000000002', 'R4', 'on-sale'],
      ['VERSION#0000000003', 'R4', 'suspended'],
    ]);
    const trail = await h.auditTrail('FND-BAL-3Y');
    expect(await verifySignedChain(trail, h.signer, { head: current.audit })).toEqual({
      valid: true,
      length: 3,
    });
    expect(trail.map((record) => [record.seq, record.action, record.fields])).toEqual([
      [
        1,
        'product.created',
        ['name', 'category', 'riskLevel', 'termDays', 'minimumAmount', 'customerTypes', 'status'],
      ],
      [2, 'product.updated', ['name', 'riskLevel']],
      [3, 'product.updated', ['status']],
    ]);
    expect(
      (await h.outbox()).map(({ productId, productName, version, riskLevel, status }) => ({
        productId,
        productName,
        version,
        riskLevel,
        status,
      })),
    ).toEqual([
      {
        productId: 'FND-BAL-3Y',
        productName: '稳健平衡混合基金',
        version: 1,
        riskLevel: 'R3',
        status: 'on-sale',
      },
      {
        productId: 'FND-BAL-3Y',
        productName: '平衡混合基金',
        version: 2,
        riskLevel: 'R4',
        status: 'on-sale',
      },
      {
        productId: 'FND-BAL-3Y',
        productName: '平衡混合基金',
        version: 3,
        riskLevel: 'R4',
        status: 'suspended',
      },
    ]);
  });

  it('lets one of two concurrent patches with the same If-Match win; the other is a 412 and leaves no trace', async () => {
    // Prepare
    const h = await productHarness();
    await createProduct(h.deps, fund(), ADMIN);

    // Act
    const outcomes = await Promise.allSettled([
      patchProduct(h.deps, 'FND-BAL-3Y', 1, { status: 'suspended' }, ADMIN),
      patchProduct(h.deps, 'FND-BAL-3Y', 1, { riskLevel: 'R5' }, { sub: 'admin-2', role: 'admin' }),
    ]);

    // Assess
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const lost = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toBeInstanceOf(PreconditionFailedError);
    const current = await getProduct(h.deps, 'FND-BAL-3Y');
    expect(current.version).toBe(2);
    const trail = await h.auditTrail('FND-BAL-3Y');
    expect(await verifySignedChain(trail, h.signer, { head: current.audit })).toEqual({
      valid: true,
      length: 2,
    });
    expect((await h.outbox()).map((event) => event.version)).toEqual([1, 2]);
  });

  it('lets one of two concurrent creates of one id win; the other is a 409 product-exists', async () => {
    // Prepare
    const h = await productHarness();

    // Act
    const outcomes = await Promise.allSettled([
      createProduct(h.deps, fund(), ADMIN),
      createProduct(h.deps, fund({ riskLevel: 'R2' }), { sub: 'admin-2', role: 'admin' }),
    ]);

    // Assess
    const lost = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(lost).toHaveLength(1);
    expect(lost[0]).toBeInstanceOf(ConflictError);
    expect(lost[0]).toMatchObject({ code: 'product-exists' });
    expect((await h.outbox()).map((event) => event.version)).toEqual([1]);
    expect(await h.auditTrail('FND-BAL-3Y')).toHaveLength(1);
  });

  it('answers two concurrent creates with one Idempotency-Key with one product, the second replayed', async () => {
    // Prepare
    const h = await productHarness();

    // Act
    const results = await Promise.all([
      createProduct(h.deps, fund(), ADMIN, 'create-fund-3y'),
      createProduct(h.deps, fund(), ADMIN, 'create-fund-3y'),
    ]);
    const retry = await createProduct(h.deps, fund(), ADMIN, 'create-fund-3y');

    // Assess
    expect(results.map((result) => result.replayed).sort()).toEqual([false, true]);
    expect(retry).toMatchObject({ replayed: true, stored: { version: 1 } });
    expect((await h.outbox()).map((event) => event.version)).toEqual([1]);
    expect(await h.auditTrail('FND-BAL-3Y')).toHaveLength(1);
  });

  it('lists the current products by id through the index, filtered and paged, and refuses a forged cursor', async () => {
    // Prepare
    const h = await productHarness();
    await createProduct(h.deps, fund({ productId: 'DEP-1Y', category: 'deposit', riskLevel: 'R1' }), ADMIN);
    await createProduct(h.deps, fund({ productId: 'FND-A' }), ADMIN);
    await createProduct(h.deps, fund({ productId: 'FND-B', riskLevel: 'R4' }), ADMIN);
    await patchProduct(h.deps, 'FND-B', 1, { status: 'suspended' }, ADMIN);

    // Act
    const first = await listProducts(h.deps, { limit: 2 });
    const second = await listProducts(h.deps, { limit: 2, cursor: first.cursor });
    const funds = await listProducts(h.deps, { limit: 25, category: 'fund', status: 'suspended' });
    const forged = Buffer.from(
      JSON.stringify({ pk: 'X', sk: 'Y', entityType: 'outbox', listKey: 'Z' }),
    ).toString('base64url');

    // Assess
    const ids = (page: { items: readonly { product: { productId: string } }[] }) =>
      page.items.map((item) => item.product.productId);
    expect(ids(first)).toEqual(['DEP-1Y', 'FND-A']);
    expect(ids(second)).toEqual(['FND-B']);
    expect(second.items[0]?.version).toBe(2);
    expect(ids(funds)).toEqual(['FND-B']);
    await expect(listProducts(h.deps, { limit: 2, cursor: forged })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
  });
});
