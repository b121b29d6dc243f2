import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { revisionGuardedPut } from '../../../shared/dynamodb/revision-put.js';
import { type Labelled, transactWrite } from '../../../shared/dynamodb/transaction.js';
import type { FactsRecord } from '../domain/facts-mirror.js';
import { factsFromItem, factsItem } from './contact-items.js';
import type { KpiAddition } from './contact-store.js';
import type { FactsStore } from './facts-store.js';
import { factsKey } from './keys.js';
import { kpiCounterUpdate } from './kpi-counters.js';

/**
 * DynamoDB adapter of the facts mirror: the whole item replaced under its revision (an
 * optimistic guard: two events about one customer applied at once both land), with the KPI
 * counters the change adds (an opt-out) in the same transaction.
 */
export class DynamoFactsStore implements FactsStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(customerId: string): Promise<FactsRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: factsKey(customerId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : factsFromItem(Item);
  }

  async put(facts: FactsRecord, expectedRevision: number, kpi?: KpiAddition): Promise<boolean> {
    const put = revisionGuardedPut(this.tableName, factsItem(facts), expectedRevision);
    const items: Labelled<'facts' | 'kpi'>[] = [{ label: 'facts', item: put }];
    const counters =
      kpi === undefined ? undefined : kpiCounterUpdate(this.tableName, kpi.branch, kpi.at, kpi.increments);
    if (counters !== undefined) items.push({ label: 'kpi', item: counters });
    const failed = await transactWrite(this.db, items);
    return failed.length === 0;
  }
}
