import type {
  IdempotencyRecord,
  ProductListQuery,
  ProductPage,
  ProductSave,
  ProductSaveOutcome,
  ProductStore,
  StoredProduct,
} from '../../../functions/products/store/product-store.js';
import type { AuditRecord } from '../../../shared/audit/index.js';
import type { CrmEvent } from '../../../shared/events/index.js';

/**
 * An in-memory ProductStore with the adapter's semantics: a save succeeds only from the expected
 * version of its product and writes pointer, version, audit record and event together; the list
 * is by product id, filtered, paged with the last id as cursor.
 */
export class InMemoryProductStore implements ProductStore {
  readonly pointers = new Map<string, StoredProduct>();
  readonly versions: StoredProduct[] = [];
  readonly audit: AuditRecord[] = [];
  readonly events: CrmEvent[] = [];
  readonly idempotency = new Map<string, IdempotencyRecord>();
  saves = 0;
  /** Makes the next save answer `version-conflict`, as if another admin saved first. */
  loseNextSave = false;

  async current(productId: string): Promise<StoredProduct | undefined> {
    return this.pointers.get(productId);
  }

  async save(save: ProductSave): Promise<ProductSaveOutcome> {
    this.saves += 1;
    const { productId } = save.stored.product;
    if (this.loseNextSave || (this.pointers.get(productId)?.version ?? 0) !== save.expectedVersion) {
      this.loseNextSave = false;
      return { ok: false, reason: 'version-conflict' };
    }
    const key =
      save.idempotency === undefined ? undefined : `${save.idempotency.sub}#${save.idempotency.key}`;
    if (key !== undefined && this.idempotency.has(key)) return { ok: false, reason: 'duplicate-request' };
    if (key !== undefined && save.idempotency !== undefined) this.idempotency.set(key, save.idempotency);
    this.pointers.set(productId, save.stored);
    this.versions.push(save.stored);
    this.audit.push(save.audit);
    this.events.push(save.event);
    return { ok: true, stored: save.stored };
  }

  async idempotencyRecord(sub: string, key: string): Promise<IdempotencyRecord | undefined> {
    return this.idempotency.get(`${sub}#${key}`);
  }

  async list(query: ProductListQuery): Promise<ProductPage> {
    const matching = [...this.pointers.values()]
      .filter(({ product }) => query.category === undefined || product.category === query.category)
      .filter(({ product }) => query.status === undefined || product.status === query.status)
      .filter(({ product }) => query.riskLevel === undefined || product.riskLevel === query.riskLevel)
      .sort((a, b) => a.product.productId.localeCompare(b.product.productId))
      .filter(({ product }) => query.cursor === undefined || product.productId > query.cursor);
    const items = matching.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items,
      ...(matching.length > query.limit && last !== undefined ? { cursor: last.product.productId } : {}),
    };
  }

  /** Everything stored, to compare before and after a refused write. */
  snapshot(): string {
    return JSON.stringify({
      pointers: [...this.pointers],
      versions: this.versions,
      audit: this.audit,
      events: this.events,
    });
  }
}

/** A valid create body: a 1-year deposit on sale to everyone. */
export function depositBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    productId: 'DEP-1Y',
    name: '一年期定期存款',
    category: 'deposit',
    riskLevel: 'R1',
    termDays: 365,
    minimumAmount: { amount: 500_000, currency: 'CNY' },
    customerTypes: ['individual', 'corporate'],
    status: 'on-sale',
    ...overrides,
  };
}
