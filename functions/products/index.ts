import { defineCapability } from '../../shared/capability/define.js';
import { productsRoutes } from './api/routes.js';
import { productsEvents } from './events.js';
import { productsPolicy } from './policy.js';

/**
 * The product catalogue (docs/domain-rules.md §19.1): what the bank sells, with the risk level,
 * term, minimum amount, customer types, minimum grade, sale window and status that decide to whom
 * a product may be recommended. Admins write it (versioned, If-Match, audited); every change is
 * announced whole (ProductChanged), so the recommendations capability mirrors it.
 */
export const productsCapability = defineCapability({
  name: 'products',
  summary:
    'The product catalogue: deposits, wealth management, funds, insurance, loans and cards with their risk level (R1–R5), term, minimum amount, customer types, minimum grade, sale window and status; admins write it (versioned, If-Match, audited), every staff role reads it, and every change is announced whole for the capabilities that recommend products.',
  tables: [
    {
      // Single-table design: each product's immutable versions and its current item, the
      // outbox of ProductChanged. See functions/products/store/keys.ts.
      id: 'Products',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      globalSecondaryIndexes: [
        // Every product's current item, for the catalogue list.
        {
          indexName: 'byEntity',
          partitionKey: { name: 'entityType', type: 'S' },
          sortKey: { name: 'listKey', type: 'S' },
        },
      ],
      timeToLiveAttribute: 'expiresAt',
      outboxStream: true,
      envVar: 'PRODUCTS_TABLE',
    },
    {
      // Append-only audit trail of catalogue changes (a hash chain per product, subject `product#<id>`).
      id: 'ProductAudit',
      partitionKey: { name: 'subject', type: 'S' },
      sortKey: { name: 'seq', type: 'N' },
      envVar: 'PRODUCT_AUDIT_TABLE',
      appendOnly: true,
    },
  ],
  functions: [
    {
      id: 'ProductsApi',
      entry: 'functions/products/handlers/api.ts',
      memoryMb: 512,
      timeoutSeconds: 10,
      tables: [
        { table: 'Products', access: 'readWrite' },
        { table: 'ProductAudit', access: 'append' },
      ],
    },
    {
      // Writes the head of every product's audit chain to the write-once anchor bucket.
      id: 'ProductsAuditAnchor',
      entry: 'functions/products/handlers/audit-anchor.ts',
      memoryMb: 256,
      timeoutSeconds: 60,
      // Reads the head of every chain: a Scan of the audit table, which holds no values.
      tables: [{ table: 'ProductAudit', access: 'readAll' }],
      writesAuditAnchors: true,
    },
  ],
  api: { functionId: 'ProductsApi', routes: Object.values(productsRoutes) },
  publishes: productsEvents,
  subscriptions: [],
  schedules: [
    {
      id: 'DailyProductAuditAnchor',
      description:
        "Writes the head of every product's audit chain to the write-once anchor bucket, so a later rewrite of the trail is detected.",
      expression: 'cron(45 2 * * ? *)',
      target: { kind: 'function', functionId: 'ProductsAuditAnchor' },
    },
  ],
  policy: productsPolicy,
});
