import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll, readItem, type TransactItem, transactWrite } from '../../../shared/dynamodb/index.js';
import * as z from '../../../shared/zod.js';
import { CONTACT_PURPOSES, DELIVERY_CHANNELS } from '../events.js';
import { TEMPLATE_ENTITY, templateCurrentKey, templateVersionKey } from './keys.js';
import type { SavedTemplate, TemplateSaveOutcome, TemplateStore } from './template-store.js';

const variantSchema = z.object({ subject: z.optional(z.string()), text: z.string() });

const savedItemSchema = z.object({
  templateId: z.string(),
  version: z.number().check(z.int(), z.positive()),
  purpose: z.enum(CONTACT_PURPOSES),
  locale: z.string(),
  variants: z.partialRecord(z.enum(DELIVERY_CHANNELS), variantSchema),
  parameters: z.array(z.string()),
  savedAt: z.string(),
  savedBy: z.string(),
});

function itemToSaved(item: unknown): SavedTemplate {
  return readItem(savedItemSchema, item, 'template');
}

function savedToAttributes(template: SavedTemplate): Record<string, unknown> {
  const variants = Object.fromEntries(
    Object.entries(template.variants).map(([channel, variant]) => [
      channel,
      variant.subject === undefined
        ? { text: variant.text }
        : { subject: variant.subject, text: variant.text },
    ]),
  );
  return {
    templateId: template.templateId,
    version: template.version,
    purpose: template.purpose,
    locale: template.locale,
    variants,
    parameters: [...template.parameters],
    savedAt: template.savedAt,
    savedBy: template.savedBy,
  };
}

/**
 * DynamoDB adapter of the TemplateStore port, in the Engagement table (store/keys.ts):
 * `TEMPLATE#<id>` / `V#000001`… immutable versions and `CURRENT`, the pointer, listed through
 * byEntity (entityType TEMPLATE). A save is one transaction: the pointer conditioned on the
 * version it replaces, the new version item conditioned on not existing.
 */
export class DynamoTemplateStore implements TemplateStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async current(templateId: string): Promise<SavedTemplate | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: templateCurrentKey(templateId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : itemToSaved(Item);
  }

  async version(templateId: string, version: number): Promise<SavedTemplate | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: templateVersionKey(templateId, version) }),
    );
    return Item === undefined ? undefined : itemToSaved(Item);
  }

  async list(): Promise<SavedTemplate[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      IndexName: 'byEntity',
      KeyConditionExpression: 'entityType = :entity',
      ExpressionAttributeValues: { ':entity': TEMPLATE_ENTITY },
    });
    return items.map(itemToSaved);
  }

  async save(expectedVersion: number | undefined, template: SavedTemplate): Promise<TemplateSaveOutcome> {
    const attributes = savedToAttributes(template);
    const pointer: TransactItem = {
      Put: {
        TableName: this.table,
        Item: {
          ...templateCurrentKey(template.templateId),
          ...attributes,
          entityType: TEMPLATE_ENTITY,
          listKey: template.templateId,
        },
        ...(expectedVersion === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: '#v = :expected',
              ExpressionAttributeNames: { '#v': 'version' },
              ExpressionAttributeValues: { ':expected': expectedVersion },
            }),
      },
    };
    const version: TransactItem = {
      Put: {
        TableName: this.table,
        Item: { ...templateVersionKey(template.templateId, template.version), ...attributes },
        // Versions are immutable: never overwrite one.
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    const failed = await transactWrite(this.db, [
      { label: 'pointer', item: pointer },
      { label: 'version', item: version },
    ]);
    if (failed.length === 0) return { ok: true };
    if (failed.includes('pointer')) return { ok: false, reason: 'version-conflict' };
    // The pointer matched yet the version exists: the items disagree, which no client can fix.
    throw new Error(`Template version ${template.version} exists beyond its current pointer`);
  }
}
