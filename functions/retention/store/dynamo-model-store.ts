import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditSigner, saveAuditedVersion } from '../../../shared/audit/index.js';
import { readItem } from '../../../shared/dynamodb/items.js';
import * as z from '../../../shared/zod.js';
import { checkChurnModel } from '../domain/model-schema.js';
import type { ChurnModelSave, ChurnModelStore, StoredChurnModel } from '../service/ports.js';
import { modelCurrentKey, modelVersionKey } from './keys.js';

/** Where the items are: the Retention table and the append-only RetentionAudit table. */
export interface ModelStoreTables {
  readonly table: string;
  readonly auditTable: string;
}

/**
 * The model's items and the audit chain disagree (a version or audit record past the pointer):
 * never expected, a 500 and an alarm, not something a client can fix.
 */
export class ModelStoreInconsistentError extends Error {
  override readonly name = 'ModelStoreInconsistentError';
}

const storedItemSchema = z.object({
  model: z.looseObject({ version: z.number().check(z.int(), z.gte(2)) }),
  updatedAt: z.string(),
  updatedBy: z.string(),
  auditSeq: z.number().check(z.int(), z.gte(1)),
  auditHash: z.string(),
});

/**
 * A stored version, read back through the same schema and invariants the API checks a PUT with
 * (domain/model-schema.ts), so no customer is scored with a model today's rules would refuse:
 * such an item throws (a 500 and an alarm) instead.
 */
function storedFromItem(item: unknown): StoredChurnModel {
  const { model, updatedAt, updatedBy, auditSeq, auditHash } = readItem(
    storedItemSchema,
    item,
    'churn model',
  );
  const { version, ...body } = model;
  const checked = checkChurnModel(body);
  if (!checked.ok)
    throw new ModelStoreInconsistentError('A stored churn model does not pass the model rules');
  return {
    model: { version, ...checked.model },
    updatedAt,
    updatedBy,
    audit: { seq: auditSeq, hash: auditHash },
  };
}

/**
 * The stored attributes: `version` is the save's position (the audit seq, model version − 1),
 * which the shared versioned puts compare; the model keeps its own version.
 */
function attributesOf(stored: StoredChurnModel): Record<string, unknown> {
  return {
    version: stored.audit.seq,
    model: stored.model,
    updatedAt: stored.updatedAt,
    updatedBy: stored.updatedBy,
    auditSeq: stored.audit.seq,
    auditHash: stored.audit.hash,
  };
}

/**
 * DynamoDB adapter of the churn model store (docs/domain-rules.md §20.3), as the segmentation
 * configuration's: a save is one TransactWriteItems of the pointer (conditioned on the version
 * read), the immutable version item and the signed audit record (subject MODEL_AUDIT_SUBJECT,
 * conditioned on its chain position), so none is written without the others. The shipped
 * default is model version 1 and never stored: save n is model version n + 1, audit seq n.
 */
export class DynamoChurnModelStore implements ChurnModelStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: ModelStoreTables,
    private readonly signer: AuditSigner,
  ) {}

  async current(): Promise<StoredChurnModel | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tables.table, Key: modelCurrentKey(), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : storedFromItem(Item);
  }

  async save(
    save: ChurnModelSave,
  ): Promise<{ ok: true; stored: StoredChurnModel } | { ok: false; reason: 'version-conflict' }> {
    const saves = save.expectedVersion - 1;
    if (save.stored.model.version !== save.expectedVersion + 1 || save.stored.audit.seq !== saves + 1) {
      throw new RangeError('A save writes model version expectedVersion + 1 with audit seq expectedVersion');
    }
    const outcome = await saveAuditedVersion(
      this.db,
      this.signer,
      { expectedVersion: saves, stored: { version: saves + 1, value: save.stored }, audit: save.audit },
      {
        puts: {
          table: this.tables.table,
          currentKey: modelCurrentKey(),
          versionKey: modelVersionKey(save.stored.model.version),
          attributes: attributesOf(save.stored),
        },
        auditTable: this.tables.auditTable,
        inconsistent: () =>
          new ModelStoreInconsistentError(
            'A model version or audit record exists beyond the current pointer',
          ),
      },
    );
    return outcome.ok
      ? { ok: true, stored: outcome.stored.value }
      : { ok: false, reason: 'version-conflict' };
  }
}
