import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  type AuditSigner,
  appendAuditRecord,
  auditPut,
  signAuditRecord,
} from '../../../shared/audit/index.js';
import { kpiBucketUpdate } from '../../../shared/dynamodb/day-buckets.js';
import { readItem } from '../../../shared/dynamodb/items.js';
import { countAll, queryAll } from '../../../shared/dynamodb/query.js';
import { type Labelled, type TransactItem, transactWrite } from '../../../shared/dynamodb/transaction.js';
import { isConditionalCheckFailure } from '../../../shared/dynamodb/write-errors.js';
import { outboxPut } from '../../../shared/outbox/index.js';
import type { Clock } from '../../../shared/time/clock.js';
import * as z from '../../../shared/zod.js';
import { retentionEvents } from '../events.js';
import {
  type CaseChange,
  type CaseChangeOutcome,
  type CaseKpi,
  type CaseOpenOutcome,
  type CaseOpenWrite,
  type CaseStore,
  RECENT_OFFERS_KEPT,
  type StoredCase,
} from '../service/cases/case-store.js';
import type { CaseAttempt } from '../service/ports.js';
import {
  attemptItem,
  attemptKeyOf,
  attemptOf,
  caseItem,
  offersItemSchema,
  storedCaseOf,
} from './case-items.js';
import { caseKey, OUTREACH_DUE_KEY, offersKey, openCaseKey } from './keys.js';

export interface CaseTables {
  /** The Retention table (cases, markers, offers, KPI buckets, the outbox). */
  readonly retention: string;
  /** The RetentionAudit table (each case's chain, subject `case#<id>`). */
  readonly audit: string;
}

type Label = 'case' | 'marker' | 'attempt' | 'audit' | 'other';

const markerSchema = z.object({ caseId: z.string().check(z.minLength(1)) });

/** How often a recommendation is tried again when another one raced it into the OFFERS item. */
const OFFER_WRITE_ATTEMPTS = 5;

/**
 * The CaseStore on the Retention table (store/keys.ts): each change of a case is one
 * TransactWriteItems with its outbox events, its KPI counts, its attempt, its signed audit
 * record and, at the close, the release of the customer's open-case marker; the case item is
 * conditioned on the revision the change was computed from.
 */
export class DynamoCaseStore implements CaseStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: CaseTables,
    private readonly clock: Clock,
    private readonly signer: AuditSigner,
  ) {}

  async open(write: CaseOpenWrite): Promise<CaseOpenOutcome> {
    const { case: opened } = write;
    const now = this.clock.now();
    const items: Labelled<Label>[] = [
      {
        label: 'marker',
        item: {
          Put: {
            TableName: this.tables.retention,
            Item: { ...openCaseKey(opened.customerId), caseId: opened.caseId, openedAt: opened.openedAt },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      },
      {
        label: 'case',
        item: {
          Put: {
            TableName: this.tables.retention,
            Item: caseItem(opened, { revision: 1, prepared: false }),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      },
      { label: 'other', item: outboxPut(this.tables.retention, write.event, now, retentionEvents) },
      ...this.kpi(write.kpi),
    ];
    const failed = await transactWrite(this.db, items);
    if (failed.length === 0) return { opened: true };
    if (!failed.includes('marker')) throw new Error('A new retention case could not be written');
    const openCaseId = await this.openCaseOf(opened.customerId);
    // The marker went between the write and the read (the case closed): a rare race the
    // caller's next alert settles; say the write did not happen.
    if (openCaseId === undefined) throw new Error('The open retention case changed while a case was opened');
    return { opened: false, openCaseId };
  }

  async get(caseId: string): Promise<StoredCase | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tables.retention, Key: caseKey(caseId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : storedCaseOf(Item);
  }

  async attempts(caseId: string): Promise<readonly CaseAttempt[]> {
    return (await this.attemptItems(caseId)).map(attemptOf);
  }

  async attemptByKey(caseId: string, by: string, key: string) {
    // A case has a handful of attempts: the key is found among them, no index needed.
    for (const item of await this.attemptItems(caseId)) {
      const attempt = attemptOf(item);
      const recorded = attemptKeyOf(item);
      if (attempt.by === by && recorded?.key === key) return { attempt, fingerprint: recorded.fingerprint };
    }
    return undefined;
  }

  private attemptItems(caseId: string): Promise<Record<string, unknown>[]> {
    return queryAll(this.db, {
      TableName: this.tables.retention,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :attempt)',
      ExpressionAttributeValues: { ':pk': caseKey(caseId).pk, ':attempt': 'ATTEMPT#' },
      ConsistentRead: true,
    });
  }

  async change(change: CaseChange): Promise<CaseChangeOutcome> {
    const now = this.clock.now();
    const { case: changed, from } = change;
    const record =
      change.audit === undefined
        ? undefined
        : await signAuditRecord(this.signer, appendAuditRecord(from.auditHead, change.audit));
    const items: Labelled<Label>[] = [
      {
        label: 'case',
        item: {
          Put: {
            TableName: this.tables.retention,
            Item: caseItem(changed, {
              revision: from.revision + 1,
              prepared: change.prepared ?? from.prepared,
              auditHead: record === undefined ? from.auditHead : { seq: record.seq, hash: record.hash },
            }),
            ConditionExpression: '#revision = :expected',
            ExpressionAttributeNames: { '#revision': 'revision' },
            ExpressionAttributeValues: { ':expected': from.revision },
          },
        },
      },
      ...(record === undefined
        ? []
        : [{ label: 'audit' as const, item: auditPut(this.tables.audit, record) }]),
      ...(change.attempt === undefined
        ? []
        : [
            {
              label: 'attempt' as const,
              item: {
                Put: {
                  TableName: this.tables.retention,
                  Item: attemptItem(changed.caseId, change.attempt, change.attemptKey),
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            },
          ]),
      ...(change.releaseMarker === true
        ? [
            {
              label: 'marker' as const,
              item: {
                Delete: {
                  TableName: this.tables.retention,
                  Key: openCaseKey(changed.customerId),
                  // Only this case's marker: never another case's opened since.
                  ConditionExpression: 'attribute_not_exists(pk) OR caseId = :caseId',
                  ExpressionAttributeValues: { ':caseId': changed.caseId },
                },
              },
            },
          ]
        : []),
      ...change.events.map((event) => ({
        label: 'other' as const,
        item: outboxPut(this.tables.retention, event, now, retentionEvents),
      })),
      ...this.kpi(change.kpi),
    ];
    const failed = await transactWrite(this.db, items);
    if (failed.length === 0) return 'written';
    // A case item that is gone fails its condition too: tell the two apart.
    return (await this.get(changed.caseId)) === undefined ? 'not-found' : 'conflict';
  }

  async openCaseOf(customerId: string): Promise<string | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tables.retention,
        Key: openCaseKey(customerId),
        ConsistentRead: true,
      }),
    );
    return Item === undefined ? undefined : readItem(markerSchema, Item, 'open-case marker').caseId;
  }

  async recentOffers(customerId: string): Promise<readonly string[]> {
    const stored = await this.readOffers(customerId);
    return stored?.offers.map((offer) => offer.recommendationId) ?? [];
  }

  async rememberOffer(customerId: string, recommendationId: string, at: string): Promise<void> {
    for (let attempt = 0; attempt < OFFER_WRITE_ATTEMPTS; attempt += 1) {
      const stored = await this.readOffers(customerId);
      const offers = stored?.offers ?? [];
      if (offers.some((offer) => offer.recommendationId === recommendationId)) return;
      // Newest first whatever the delivery order; the oldest beyond the limit go.
      const kept = [...offers, { recommendationId, at }]
        .sort((a, b) => (a.at === b.at ? 0 : a.at < b.at ? 1 : -1))
        .slice(0, RECENT_OFFERS_KEPT);
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.tables.retention,
            Item: { ...offersKey(customerId), offers: kept, revision: (stored?.revision ?? 0) + 1 },
            ...(stored === undefined
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : {
                  ConditionExpression: '#revision = :expected',
                  ExpressionAttributeNames: { '#revision': 'revision' },
                  ExpressionAttributeValues: { ':expected': stored.revision },
                }),
          }),
        );
        return;
      } catch (error) {
        if (!isConditionalCheckFailure(error)) throw error;
      }
    }
    throw new Error("The customer's recent recommendations kept changing while one was added");
  }

  countOutreachOverdue(now: Date): Promise<number> {
    return countAll(this.db, {
      TableName: this.tables.retention,
      IndexName: 'byDue',
      KeyConditionExpression: 'dueKey = :due AND dueAt < :now',
      ExpressionAttributeValues: { ':due': OUTREACH_DUE_KEY, ':now': now.toISOString() },
    });
  }

  private async readOffers(customerId: string) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tables.retention, Key: offersKey(customerId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : readItem(offersItemSchema, Item, 'recent recommendations');
  }

  private kpi(kpi: CaseKpi | undefined): Labelled<Label>[] {
    if (kpi === undefined) return [];
    const update: TransactItem | undefined = kpiBucketUpdate(
      this.tables.retention,
      kpi.branch,
      kpi.day,
      kpi.increments,
    );
    return update === undefined ? [] : [{ label: 'other', item: update }];
  }
}
