import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import {
  type AuditSigner,
  auditPut,
  type SignedAuditRecord,
  signAuditRecord,
} from '../../../shared/audit/index.js';
import { cancellationCodes, conflictBackoff, MAX_CONFLICT_RETRIES } from '../../../shared/dynamodb/index.js';
import * as z from '../../../shared/zod.js';
import { ConfigStoreInconsistentError } from '../domain/errors.js';
import { segmentationConfigSchema } from '../domain/segmentation/config.js';
import type { ConfigSave, ConfigSaveOutcome, SegmentationConfigStore, StoredConfig } from './config-store.js';
import { configCurrentKey, configVersionKey } from './keys.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Where the items are: the Activity table and the append-only ActivityAudit table. */
export interface ConfigStoreTables {
  readonly table: string;
  readonly auditTable: string;
}

// Positions in the save transaction, read back from the cancellation reasons.
const POINTER = 0;

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
    if (save.stored.version !== save.expectedVersion + 1 || save.audit.seq !== save.stored.version) {
      throw new RangeError('A save writes version expectedVersion + 1 with the audit record of that seq');
    }
    const items = this.saveItems(save, await signAuditRecord(this.signer, save.audit));
    for (let conflicts = 0; ; conflicts += 1) {
      try {
        await this.db.send(new TransactWriteCommand({ TransactItems: items }));
        return { ok: true, stored: save.stored };
      } catch (error) {
        const codes = cancellationCodes(error);
        if (codes === undefined) throw error;
        if (codes[POINTER] === 'ConditionalCheckFailed') return { ok: false, reason: 'version-conflict' };
        if (codes.includes('ConditionalCheckFailed')) {
          throw new ConfigStoreInconsistentError(
            'A configuration version or audit record exists beyond the current pointer',
            { cause: error },
          );
        }
        // Another save was in flight on the same items: try again, and the condition then
        // tells whether it committed (conflict) or not (this one may still win).
        if (!codes.includes('TransactionConflict') || conflicts >= MAX_CONFLICT_RETRIES) throw error;
        await conflictBackoff(conflicts);
      }
    }
  }

  private saveItems(save: ConfigSave, audit: SignedAuditRecord): TransactItem[] {
    const attributes = storedToAttributes(save.stored);
    const pointer: TransactItem = {
      Put: {
        TableName: this.tables.table,
        Item: { ...configCurrentKey(), ...attributes },
        ...(save.expectedVersion === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: '#v = :expected',
              ExpressionAttributeNames: { '#v': 'version' },
              ExpressionAttributeValues: { ':expected': save.expectedVersion },
            }),
      },
    };
    const version: TransactItem = {
      Put: {
        TableName: this.tables.table,
        Item: { ...configVersionKey(save.stored.version), ...attributes },
        // Versions are immutable: never overwrite one.
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    return [pointer, version, auditPut(this.tables.auditTable, audit)];
  }
}
