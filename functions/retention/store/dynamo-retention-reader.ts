import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  type CursorShape,
  countersOf,
  decodeCursor,
  encodeCursor,
  kpiBucketOf,
  queryAll,
  readItem,
  readKpiBuckets,
} from '../../../shared/dynamodb/index.js';
import * as z from '../../../shared/zod.js';
import type { CaseStatus, RiskLevel } from '../domain/model.js';
import type {
  KpiBucket,
  LevelCounts,
  ListScope,
  Page,
  RetentionCase,
  RetentionReader,
  StoredFeatures,
  StoredRisk,
} from '../service/ports.js';
import { storedCaseOf } from './case-items.js';
import {
  caseAssigneeKey,
  caseBranchKey,
  featuresKey,
  HISTORY_PREFIX,
  KPI_COUNTERS,
  LEVEL_COUNTS_ENTITY,
  levelCountsKey,
  openCaseKey,
  riskAssigneeKey,
  riskBranchKey,
  riskKey,
} from './keys.js';
import { featuresFromItem, historyFromItem, levelCountsFromItem, riskFromItem } from './scoring-items.js';

/**
 * What the retention API reads (docs/domain-rules.md §20.7), read only: the items the consumer
 * (features, risk, history, level counts, KPI buckets) and the case service (cases, the open-case
 * marker) write, by the keys of store/keys.ts and through their owners' item mappers. Lists page
 * with cursors checked to belong to the very query they continue.
 */

/** The index a list reads for a scope: a branch's partition or an RM's. */
function listPartition(scope: ListScope, key: (owner: string) => string) {
  return scope.kind === 'branch'
    ? { indexName: 'byBranch', keyName: 'branchKey', keyValue: key(scope.branch) }
    : { indexName: 'byAssignee', keyName: 'assigneeKey', keyValue: key(scope.rmId) };
}

/** The positions a list's cursor may hold: the table's keys, the index's, a listKey of its shape. */
function cursorShape(keyName: string, keyValue: string, listKey: RegExp): CursorShape {
  return {
    keys: { pk: 'S', sk: 'S', [keyName]: 'S', listKey: 'S' },
    partition: { [keyName]: keyValue },
    sortKey: { name: 'listKey', accepts: (value) => typeof value === 'string' && listKey.test(value) },
  };
}

/** `priorityListKey`: the priority's 15-digit complement, then the customer id. */
const PRIORITY_LIST_KEY = /^\d{15}#.+$/;
/** `caseListKey`: the opening instant, then the case id. */
const CASE_LIST_KEY = /^\d{4}-\d{2}-\d{2}T[^#]+#.+$/;

const markerSchema = z.object({ caseId: z.string().check(z.minLength(1)) });

export class DynamoRetentionReader implements RetentionReader {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async #get(key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: key }));
    return Item;
  }

  async features(customerId: string): Promise<StoredFeatures | undefined> {
    const item = await this.#get(featuresKey(customerId));
    return item === undefined ? undefined : featuresFromItem(item);
  }

  async risk(customerId: string): Promise<StoredRisk | undefined> {
    const [item, marker] = await Promise.all([
      this.#get(riskKey(customerId)),
      this.#get(openCaseKey(customerId)),
    ]);
    if (item === undefined) return undefined;
    // The open case is the case service's marker (the RISK item is the scorer's).
    const openCaseId =
      marker === undefined ? undefined : readItem(markerSchema, marker, 'open-case marker').caseId;
    return { ...riskOf(item), ...(openCaseId === undefined ? {} : { openCaseId }) };
  }

  async history(customerId: string, limit: number) {
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': featuresKey(customerId).pk, ':prefix': HISTORY_PREFIX },
        // Sort keys hold the instant: backwards is newest first.
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (Items ?? []).map(historyFromItem);
  }

  async riskPage(
    scope: ListScope,
    level: RiskLevel,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<StoredRisk>> {
    const partition = listPartition(scope, (owner) =>
      scope.kind === 'branch' ? riskBranchKey(owner, level) : riskAssigneeKey(owner, level),
    );
    return this.#page(partition, limit, cursor, PRIORITY_LIST_KEY, riskOf);
  }

  async casePage(
    scope: ListScope,
    status: CaseStatus,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<RetentionCase>> {
    const partition = listPartition(scope, (owner) =>
      scope.kind === 'branch' ? caseBranchKey(owner, status) : caseAssigneeKey(owner, status),
    );
    return this.#page(partition, limit, cursor, CASE_LIST_KEY, (item) => storedCaseOf(item).case);
  }

  async #page<T>(
    partition: { readonly indexName: string; readonly keyName: string; readonly keyValue: string },
    limit: number,
    cursor: string | undefined,
    listKey: RegExp,
    map: (item: Record<string, unknown>) => T,
  ): Promise<Page<T>> {
    const { Items, LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: partition.indexName,
        KeyConditionExpression: '#partition = :partition',
        ExpressionAttributeNames: { '#partition': partition.keyName },
        ExpressionAttributeValues: { ':partition': partition.keyValue },
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor, cursorShape(partition.keyName, partition.keyValue, listKey)),
      }),
    );
    const next = encodeCursor(LastEvaluatedKey);
    return { items: (Items ?? []).map(map), ...(next === undefined ? {} : { cursor: next }) };
  }

  async levelCounts(branch: string | undefined): Promise<readonly LevelCounts[]> {
    const items =
      branch === undefined
        ? await queryAll(this.db, {
            TableName: this.table,
            IndexName: 'byEntity',
            KeyConditionExpression: 'entityType = :entity',
            ExpressionAttributeValues: { ':entity': LEVEL_COUNTS_ENTITY },
          })
        : [await this.#get(levelCountsKey(branch))].filter((item) => item !== undefined);
    return items.map((item) => {
      const { branch: of, counts } = levelCountsFromItem(item);
      return { branch: of, ...counts };
    });
  }

  async kpiBuckets(from: string, to: string, branch: string | undefined): Promise<readonly KpiBucket[]> {
    const items = await readKpiBuckets(this.db, this.table, from, to, branch);
    return items.flatMap((item) => {
      const bucket = kpiBucketOf(item);
      if (bucket === undefined) return [];
      return [{ ...bucket, counts: countersOf(item, KPI_COUNTERS) }];
    });
  }
}

/** The worklist's view of a RISK item: without the scorer's bookkeeping. */
function riskOf(item: Record<string, unknown>): StoredRisk {
  const { customerId, branch, rmId, score } = riskFromItem(item);
  return { customerId, branch, ...(rmId === undefined ? {} : { rmId }), score };
}
