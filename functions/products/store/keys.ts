import { auditSubject } from '../../../shared/audit/index.js';

/**
 * Key schema of the Products table (single-table design). Every key is built here and nowhere
 * else.
 *
 * | item             | pk                  | sk                  | byEntity (entityType / listKey) | attributes |
 * |------------------|---------------------|---------------------|---------------------------------|------------|
 * | product version  | PRODUCT#<productId> | VERSION#<10 digits> | (none: not listed)              | the product's fields, version, createdAt, updatedAt, updatedBy, auditSeq, auditHash (immutable) |
 * | current pointer  | PRODUCT#<productId> | CURRENT             | `product` / `<productId>`       | the same attributes, of the current version |
 * | idempotency      | IDEMPOTENCY#<sub>#<key> | CREATE          | (none)                          | productId, fingerprint, expiresAt (TTL: 24 h) |
 * | outbox event     | OUTBOX#<eventId>    | EVENT               | (none)                          | ProductChanged, relayed to the bus |
 *
 * As for calendar years: versions are zero-padded so that they sort as strings, and the pointer
 * carries a copy of the current version (one GetItem reads a product). Only the pointer has the
 * `byEntity` attributes, so the catalogue list (one Query of the index, by product id) shows each
 * product once, as it is now. Each product has its own audit chain in ProductAudit (subject
 * `product#<productId>`), one record per version (`seq` equals the version).
 */
const VERSION_DIGITS = 10;

/** The `byEntity` partition every product's current item is listed under. */
export const PRODUCT_ENTITY = 'product';

const productPk = (productId: string) => `PRODUCT#${productId}`;

/** The pointer to a product's current version. */
export const productCurrentKey = (productId: string) => ({ pk: productPk(productId), sk: 'CURRENT' });

/** The immutable item of one version of a product. */
export const productVersionKey = (productId: string, version: number) => ({
  pk: productPk(productId),
  sk: `VERSION#${String(version).padStart(VERSION_DIGITS, '0')}`,
});

/**
 * A create's Idempotency-Key, per caller (two admins' keys never collide), written with the
 * product it created: a retry finds it and answers that product.
 */
export const productIdempotencyKey = (sub: string, key: string) => ({
  pk: `IDEMPOTENCY#${sub}#${key}`,
  sk: 'CREATE',
});

/** The `byEntity` attributes of a current item: listed by product id. */
export const productListAttributes = (productId: string) => ({
  entityType: PRODUCT_ENTITY,
  listKey: productId,
});

/** The audit chain of one product's versions. */
export const productAuditSubject = (productId: string) => auditSubject('product', productId);
