import { createHash } from 'node:crypto';
import { type AuditRecord, appendAuditRecord, canonicalJson } from '../../../shared/audit/index.js';
import { buildEvent, type CrmEvent } from '../../../shared/events/index.js';
import { type IfMatchVersion, staleVersion, versionMatches } from '../../../shared/http/headers.js';
import { ConflictError } from '../../../shared/http/problem.js';
import { productExists, productNotFound } from '../domain/errors.js';
import { applyPatch, type Product, productFromCreate } from '../domain/product.js';
import type { CreateProductInput, ListProductsQuery, PatchProductInput } from '../domain/schemas.js';
import { PRODUCT_FIELDS } from '../domain/schemas.js';
import { ProductChanged } from '../events.js';
import { productAuditSubject } from '../store/keys.js';
import type { ProductPage, StoredProduct } from '../store/product-store.js';
import type { ProductActor, ProductsDeps } from './deps.js';

/**
 * The catalogue's use cases (docs/domain-rules.md §19.1): create, read, list and change a
 * product. Every write is a new immutable version, its audit record (the fields that changed,
 * never values) and ProductChanged carrying the whole product, in one transaction.
 */

/** ProductChanged for a saved version: the whole product, its name as `productName`. */
function productChangedEvent(stored: StoredProduct, now: Date): CrmEvent {
  const { name, ...rest } = stored.product;
  return buildEvent(
    ProductChanged,
    {
      ...rest,
      customerTypes: [...rest.customerTypes],
      productName: name,
      version: stored.version,
      at: stored.updatedAt,
    },
    now,
  );
}

/** The audit record of a version: who, when, what kind of change and which fields. */
function auditOf(
  previous: StoredProduct | undefined,
  product: Product,
  fields: readonly string[],
  actor: ProductActor,
  at: string,
): AuditRecord {
  return appendAuditRecord(previous?.audit, {
    subject: productAuditSubject(product.productId),
    at,
    actor: actor.sub,
    role: actor.role,
    action: previous === undefined ? 'product.created' : 'product.updated',
    fields,
    ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
  });
}

/** The next version of a product (1 when `previous` is undefined), ready to save. */
function nextVersion(
  previous: StoredProduct | undefined,
  product: Product,
  actor: ProductActor,
  at: string,
  audit: AuditRecord,
): StoredProduct {
  return {
    product,
    version: (previous?.version ?? 0) + 1,
    createdAt: previous?.createdAt ?? at,
    updatedAt: at,
    updatedBy: actor.sub,
    audit: { seq: audit.seq, hash: audit.hash },
  };
}

/** How long a create's Idempotency-Key is kept: a retry within it replays the answer. */
const IDEMPOTENCY_HOURS = 24;

/** A create as answered: the product, and whether it is the replay of an earlier request. */
export interface CreateResult {
  readonly stored: StoredProduct;
  readonly replayed: boolean;
}

/** The request's fingerprint, so that a reused Idempotency-Key with another body is told apart. */
function fingerprint(input: CreateProductInput): string {
  return createHash('sha256').update(canonicalJson(input)).digest('hex');
}

/**
 * The answer to a repeated create with the same Idempotency-Key (per caller): the product as it
 * is now, marked replayed; the same key with another body is a 409 `idempotency-key-reused`.
 */
async function replayed(
  deps: ProductsDeps,
  actor: ProductActor,
  key: string,
  requestFingerprint: string,
): Promise<CreateResult | undefined> {
  const previous = await deps.store.idempotencyRecord(actor.sub, key);
  if (previous === undefined) return undefined;
  if (previous.fingerprint !== requestFingerprint) {
    throw new ConflictError('This Idempotency-Key was used for a different request', {
      code: 'idempotency-key-reused',
    });
  }
  return { stored: await getProduct(deps, previous.productId), replayed: true };
}

/**
 * Creates a product as version 1 with its audit record (`product.created`, every field set) and
 * ProductChanged. An id that exists already is a 409 `product-exists`, nothing written (also when
 * two admins create it at once: one wins). With an Idempotency-Key, a retry of the same request
 * answers the product as it is now (`replayed`), even when a concurrent one won the race.
 * @example await createProduct(deps, { productId: 'DEP-3M', … }, actor) // version 1
 */
export async function createProduct(
  deps: ProductsDeps,
  input: CreateProductInput,
  actor: ProductActor,
  idempotencyKey?: string,
): Promise<CreateResult> {
  const requestFingerprint = fingerprint(input);
  if (idempotencyKey !== undefined) {
    const replay = await replayed(deps, actor, idempotencyKey, requestFingerprint);
    if (replay !== undefined) return replay;
  }
  // The product exists or the save lost: a concurrent request with the same key may have
  // won the race (answer as it did); otherwise the id is taken.
  const replayOrExists = async (): Promise<CreateResult> => {
    const replay =
      idempotencyKey === undefined
        ? undefined
        : await replayed(deps, actor, idempotencyKey, requestFingerprint);
    if (replay === undefined) throw productExists();
    return replay;
  };
  const product = productFromCreate(input);
  if ((await deps.store.current(product.productId)) !== undefined) return replayOrExists();
  const now = deps.clock.now();
  const at = now.toISOString();
  const fields = PRODUCT_FIELDS.filter((field) => product[field] !== undefined);
  const audit = auditOf(undefined, product, fields, actor, at);
  const stored = nextVersion(undefined, product, actor, at, audit);
  const outcome = await deps.store.save({
    expectedVersion: 0,
    stored,
    audit,
    event: productChangedEvent(stored, now),
    ...(idempotencyKey === undefined
      ? {}
      : {
          idempotency: {
            sub: actor.sub,
            key: idempotencyKey,
            productId: product.productId,
            fingerprint: requestFingerprint,
            expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_HOURS * 3600,
          },
        }),
  });
  if (outcome.ok) return { stored: outcome.stored, replayed: false };
  return replayOrExists();
}

/** The product as it is now; 404 `product-not-found` when no product has the id. */
export async function getProduct(deps: ProductsDeps, productId: string): Promise<StoredProduct> {
  const stored = await deps.store.current(productId);
  if (stored === undefined) throw productNotFound();
  return stored;
}

/** One page of the catalogue, filtered, by product id. */
export async function listProducts(deps: ProductsDeps, query: ListProductsQuery): Promise<ProductPage> {
  return deps.store.list(query);
}

/**
 * Applies a merge patch to the version named by If-Match: a stale (or weak) tag is a 412
 * `stale-version`, nothing written. A patch that changes nothing writes nothing and answers the
 * current version; otherwise the new version, its audit record (`product.updated`, the fields
 * changed) and ProductChanged are saved in one transaction. Of two patches from one version, one
 * wins and the other is a 412.
 * @example await patchProduct(deps, 'DEP-3M', 1, { status: 'suspended' }, actor) // version 2
 */
export async function patchProduct(
  deps: ProductsDeps,
  productId: string,
  expected: IfMatchVersion,
  patch: PatchProductInput,
  actor: ProductActor,
): Promise<StoredProduct> {
  const current = await getProduct(deps, productId);
  if (!versionMatches(expected, current.version)) throw staleVersion('product', expected, current.version);
  const { product, fields } = applyPatch(current.product, patch);
  if (fields.length === 0) return current;
  const now = deps.clock.now();
  const at = now.toISOString();
  const audit = auditOf(current, product, fields, actor, at);
  const stored = nextVersion(current, product, actor, at, audit);
  const outcome = await deps.store.save({
    expectedVersion: current.version,
    stored,
    audit,
    event: productChangedEvent(stored, now),
  });
  if (!outcome.ok) {
    const winner = await deps.store.current(productId);
    throw staleVersion('product', expected, winner?.version);
  }
  return outcome.stored;
}
