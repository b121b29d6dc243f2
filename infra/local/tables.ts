import {
  type AttributeDefinition,
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  type KeySchemaElement,
  ResourceNotFoundException,
  type TableDescription,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import type { CapabilityDefinition, KeySpec, TableSpec } from '../../shared/capability/types.js';
import { localDynamoDbClient } from './dynamodb-local.js';

/** Table names of a run: `<prefix><TableSpec.id>`. */
export const DEFAULT_TABLE_PREFIX = 'fincrm-local-';

export interface LocalTables {
  /** TableSpec id → table name. */
  readonly tables: Readonly<Record<string, string>>;
  /** TableSpec envVar → table name: what the handlers read. */
  readonly env: Readonly<Record<string, string>>;
}

export interface LocalTableDefinition {
  readonly spec: TableSpec;
  readonly create: CreateTableCommandInput;
}

/** Every TableSpec of the capabilities, checked for duplicate ids and environment variables. */
export function tableSpecs(capabilities: readonly CapabilityDefinition[]): TableSpec[] {
  const specs = capabilities.flatMap((capability) => capability.tables);
  const seen = new Set<string>();
  for (const spec of specs) {
    for (const key of [`id ${spec.id}`, `envVar ${spec.envVar}`]) {
      if (seen.has(key)) throw new Error(`Two tables declare the same ${key}`);
      seen.add(key);
    }
  }
  return specs;
}

/**
 * The CreateTable request for each TableSpec, as CDK declares the table: on-demand, keys,
 * GSIs projecting ALL, a NEW_IMAGE stream for outbox tables. (TTL is a separate call.)
 */
export function tableDefinitions(
  capabilities: readonly CapabilityDefinition[],
  prefix = DEFAULT_TABLE_PREFIX,
): LocalTableDefinition[] {
  return tableSpecs(capabilities).map((spec) => ({
    spec,
    create: createTableInput(spec, `${prefix}${spec.id}`),
  }));
}

function createTableInput(spec: TableSpec, tableName: string): CreateTableCommandInput {
  const attributes = new Map<string, KeySpec['type']>();
  const use = (key: KeySpec): void => {
    const known = attributes.get(key.name);
    if (known !== undefined && known !== key.type) {
      throw new Error(`Table ${spec.id}: attribute ${key.name} is declared both ${known} and ${key.type}`);
    }
    attributes.set(key.name, key.type);
  };
  const keySchema = (partitionKey: KeySpec, sortKey: KeySpec | undefined): KeySchemaElement[] => {
    use(partitionKey);
    if (sortKey) use(sortKey);
    return [
      { AttributeName: partitionKey.name, KeyType: 'HASH' },
      ...(sortKey ? [{ AttributeName: sortKey.name, KeyType: 'RANGE' as const }] : []),
    ];
  };
  const tableKeys = keySchema(spec.partitionKey, spec.sortKey);
  const indexes = (spec.globalSecondaryIndexes ?? []).map((index) => ({
    IndexName: index.indexName,
    KeySchema: keySchema(index.partitionKey, index.sortKey),
    Projection: { ProjectionType: 'ALL' as const },
  }));
  const definitions: AttributeDefinition[] = [...attributes].map(([name, type]) => ({
    AttributeName: name,
    AttributeType: type,
  }));
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: definitions,
    KeySchema: tableKeys,
    ...(indexes.length > 0 ? { GlobalSecondaryIndexes: indexes } : {}),
    ...(spec.outboxStream
      ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } }
      : {}),
  };
}

/**
 * Creates every table of the capabilities that does not exist yet (a persisted `.local` keeps
 * its data), and refuses a persisted table whose keys or indexes no longer match the spec.
 */
export async function ensureTables(
  client: DynamoDBClient,
  capabilities: readonly CapabilityDefinition[],
  options: { readonly prefix?: string } = {},
): Promise<LocalTables> {
  const tables: Record<string, string> = {};
  const env: Record<string, string> = {};
  for (const { spec, create } of tableDefinitions(capabilities, options.prefix ?? DEFAULT_TABLE_PREFIX)) {
    const name = create.TableName ?? spec.id;
    const existing = await describe(client, name);
    if (existing === undefined) {
      await client.send(new CreateTableCommand(create));
      if (spec.timeToLiveAttribute) {
        await client.send(
          new UpdateTimeToLiveCommand({
            TableName: name,
            TimeToLiveSpecification: { AttributeName: spec.timeToLiveAttribute, Enabled: true },
          }),
        );
      }
    } else {
      assertSameShape(existing, create);
    }
    tables[spec.id] = name;
    env[spec.envVar] = name;
  }
  return { tables, env };
}

async function describe(client: DynamoDBClient, name: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

function assertSameShape(existing: TableDescription, wanted: CreateTableCommandInput): void {
  const shape = (keys: readonly KeySchemaElement[] | undefined): string =>
    (keys ?? []).map((key) => `${key.AttributeName}:${key.KeyType}`).join(',');
  const indexes = (list: readonly { IndexName?: string; KeySchema?: KeySchemaElement[] }[] | undefined) =>
    (list ?? [])
      .map((index) => `${index.IndexName}(${shape(index.KeySchema)})`)
      .sort()
      .join(' ');
  const same =
    shape(existing.KeySchema) === shape(wanted.KeySchema) &&
    indexes(existing.GlobalSecondaryIndexes) === indexes(wanted.GlobalSecondaryIndexes) &&
    Boolean(existing.StreamSpecification?.StreamEnabled) ===
      Boolean(wanted.StreamSpecification?.StreamEnabled);
  if (!same) {
    throw new Error(
      `Table ${wanted.TableName} in the local data no longer matches its TableSpec; restart with --fresh`,
    );
  }
}

/**
 * Creates the capabilities' tables under a unique prefix on a running DynamoDB Local: what an
 * integration test calls to get tables nobody else writes to.
 */
export async function createIsolatedTables(
  endpoint: string,
  options: { readonly prefix: string; readonly capabilities?: readonly CapabilityDefinition[] },
): Promise<LocalTables> {
  const client = localDynamoDbClient(endpoint);
  try {
    const capabilities =
      options.capabilities ?? (await import('../../functions/capabilities.js')).capabilities;
    return await ensureTables(client, capabilities, { prefix: options.prefix });
  } finally {
    client.destroy();
  }
}
