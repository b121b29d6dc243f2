import type { AuditHead, AuditRecord } from '../../../shared/audit/index.js';
import type { CrmEvent } from '../../../shared/events/index.js';
import type { Product } from '../domain/product.js';
import type { ProductCategory, ProductRiskLevel, ProductStatus } from '../events.js';

/** One saved version of a product. */
export interface StoredProduct {
  readonly product: Product;
  /** 1 on creation, + 1 on every change. */
  readonly version: number;
  /** When version 1 was saved, ISO 8601 UTC. */
  readonly createdAt: string;
  /** When this version was saved, ISO 8601 UTC. */
  readonly updatedAt: string;
  /** The admin's subject (`sub`) who saved this version: an opaque id. */
  readonly updatedBy: string;
  /** The last link of the product's audit chain (its `seq` equals `version`). */
  readonly audit: AuditHead;
}

/**
 * One save: the new version, the pointer moved to it, its audit record and the ProductChanged
 * that announces it, all or nothing. `stored.version` is `expectedVersion + 1`; `expectedVersion`
 * 0 creates the product.
 */
export interface ProductSave {
  readonly expectedVersion: number;
  readonly stored: StoredProduct;
  readonly audit: AuditRecord;
  readonly event: CrmEvent;
  /** A create's Idempotency-Key, saved with it (only when the request carried one). */
  readonly idempotency?: IdempotencyRecord | undefined;
}

/** What a create's Idempotency-Key is kept with: the product it made and the request's fingerprint. */
export interface IdempotencyRecord {
  /** The caller's subject: keys are per caller. */
  readonly sub: string;
  readonly key: string;
  readonly productId: string;
  /** SHA-256 of the request as validated, so a reused key with another body is told apart. */
  readonly fingerprint: string;
  /** When DynamoDB may delete it (epoch seconds, TTL). */
  readonly expiresAt: number;
}

export type ProductSaveOutcome =
  | { readonly ok: true; readonly stored: StoredProduct }
  | {
      readonly ok: false;
      /** `version-conflict`: the product moved (or exists); `duplicate-request`: the key was used. */
      readonly reason: 'version-conflict' | 'duplicate-request';
    };

/** The catalogue list's filters (each narrows; none: every product) and page. */
export interface ProductListQuery {
  readonly category?: ProductCategory | undefined;
  readonly status?: ProductStatus | undefined;
  readonly riskLevel?: ProductRiskLevel | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

export interface ProductPage {
  readonly items: readonly StoredProduct[];
  /** Present while more products may follow. */
  readonly cursor?: string | undefined;
}

/** Persistence port of the product catalogue (versioned, audited, announced). */
export interface ProductStore {
  /** A product's current version, read strongly consistent; undefined when none was ever saved. */
  current(productId: string): Promise<StoredProduct | undefined>;
  /**
   * Saves a new version if the product's current one is still `expectedVersion` (0: the product
   * does not exist); otherwise writes nothing and answers `version-conflict`. Of concurrent saves
   * from one version, one wins.
   */
  save(save: ProductSave): Promise<ProductSaveOutcome>;
  /** The create a caller's Idempotency-Key was saved with, if any (read strongly consistent). */
  idempotencyRecord(sub: string, key: string): Promise<IdempotencyRecord | undefined>;
  /** One page of the catalogue as it is now, by product id. */
  list(query: ProductListQuery): Promise<ProductPage>;
}
