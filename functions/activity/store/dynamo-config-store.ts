import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditSigner, saveAuditedVersion } from '../../../shared/audit/index.js';
import * as z from '../../../shared/zod.js';
import { ConfigStoreInconsistentError } from '../domain/errors.js';
import { segmentationConfigSchema } from '../domain/segmentation/config.js';
import type { ConfigSave, ConfigSaveOutcome, SegmentationConfigStore, StoredConfig } from './config-store.js';
import { configCurrentKey, configVersionKey } from './keys.js';

/** Where the items are: the Activity table and the append-only ActivityAudit table. */
export interface ConfigStoreTables {
  readonly table: string;
  readonly auditTable: string;
}

const storedItemSchema = z.object({
  version: z.number().check(z.int(), z.gte(1)),
  config: segmentationConfigSchema,
  updatedAt: z.string(),
  updatedBy: z.string(),
  auditSeq: z.number().check(z.int(), z.gte(1)),
  auditHash: z.string(),
});

/**
 * A stored version, read back. Parsed with the same strict schema the API validates with, so
 * the grader never runs on a configuration that today's rules would refuse: such an item
 * throws (a 500 and an alarm) instead.
 */
function itemToStored(item: Record<string, unknown>): StoredConfig {
  const parsed = z.safeParse(storedItemSchema, item);
  if (!parsed.success) {
    throw new ConfigStoreInconsistentError('A stored segmentation configuration does not parse');
  }
  const { auditSeq, auditHash, ...rest } = parsed.data;
  return { ...rest, audit: { seq: auditSeq, hash: auditHash } };
}

function storedToAttributes(stored: StoredConfig): Record<string, unknown> {
  return {
    version: stored.version,
    config: stored.config,
    updatedAt: stored.updatedAt,
    updatedBy: stored.updatedBy,
    auditSeq: stored.audit.seq,
    auditHash: stored.audit.hash,
  };
}

/**
 * DynamoDB adapter of the SegmentationConfigStore port. A save is one TransactWriteItems:
 * the pointer (conditioned on the expected version), the immutable version item and the audit
 * record (conditioned on its chain position), so none is written without the others.
 */
export class DynamoSegmentationConfigStore implements SegmentationConfigStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: ConfigStoreTables,
    private readonly signer: AuditSigner,
  ) {}

  async current(): Promise<StoredConfig | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tables.table, Key: configCurrentKey(), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : itemToStored(Item);
  }

  async save(save: ConfigSave): Promise<ConfigSaveOutcome> {
    return saveAuditedVersion(this.db, this.signer, save, {
      puts: {
        table: this.tables.table,
        currentKey: configCurrentKey(),
        versionKey: configVersionKey(save.stored.version),
        attributes: storedToAttributes(save.stored),
      },
      auditTable: this.tables.auditTable,
      inconsistent: () =>
        new ConfigStoreInconsistentError(
          'A configuration version or audit record exists beyond the current pointer',
        ),
    });
  }
}
