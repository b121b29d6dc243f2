import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  countersOf,
  kpiBucketOf,
  kpiBucketUpdate,
  type Labelled,
  queryAll,
  readKpiBuckets,
  type TransactItem,
  transactWrite,
} from '../../../shared/dynamodb/index.js';
import { type OutboxEvent, outboxPut } from '../../../shared/outbox/index.js';
import type { AnnouncedProduct } from '../../products/events.js';
import { customerViewOf, type MirrorRecord } from '../domain/facts-mirror.js';
import type { ExclusionReason } from '../domain/suitability.js';
import { type RecommendationResponse, recommendationsEvents } from '../events.js';
import {
  AlreadyAnsweredError,
  type CategoryAnswer,
  CustomerFactsChangedError,
  type CustomerView,
  type KpiBucket,
  ProductChangedError,
  type RecommendationRecord,
  type RecommendationStore,
} from '../service/ports.js';
import {
  answersFromItem,
  factsFromItem,
  productFromItem,
  recommendationFromItem,
  recommendationItem,
} from './items.js';
import {
  ANSWERS_SK,
  answersKey,
  customerPartition,
  FACTS_SK,
  factsKey,
  offerRequestKey,
  PRODUCT_ENTITY,
  productKey,
  recommendationKey,
} from './keys.js';
import {
  KPI_COUNTERS,
  kpiBucketFromCounters,
  kpiDayOf,
  outcomeCounter,
  reasonIncrements,
} from './kpi-counters.js';

export interface DynamoRecommendationStoreOptions {
  /**
   * Items per page of the catalogue query (default: DynamoDB's 1 MB pages, about 2,000 products
   * per page). Smaller pages only in tests, to read a catalogue over several pages.
   */
  readonly cataloguePageSize?: number | undefined;
}

/**
 * DynamoDB adapter of the RecommendationStore port (docs/domain-rules.md §19.5). Every write
 * that records something is one transaction with its outbox events and its KPI counters: a
 * recommendation only while the customer's facts revision is the one assessed, an answer once.
 */
export class DynamoRecommendationStore implements RecommendationStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly options: DynamoRecommendationStoreOptions = {},
  ) {}

  async customer(customerId: string): Promise<CustomerView | undefined> {
    // One read: `ANSWERS` sorts before `FACTS` in the customer's partition.
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :answers AND :facts',
        ExpressionAttributeValues: {
          ':pk': customerPartition(customerId),
          ':answers': ANSWERS_SK,
          ':facts': FACTS_SK,
        },
        ConsistentRead: true,
      }),
    );
    const factsItem = Items.find((item) => item.sk === FACTS_SK);
    const answersItem = Items.find((item) => item.sk === ANSWERS_SK);
    const facts: MirrorRecord | undefined = factsItem === undefined ? undefined : factsFromItem(factsItem);
    return customerViewOf(facts, answersItem === undefined ? {} : answersFromItem(answersItem));
  }

  async catalogue(): Promise<readonly AnnouncedProduct[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'byEntity',
      KeyConditionExpression: 'entityType = :entity',
      ExpressionAttributeValues: { ':entity': PRODUCT_ENTITY },
      ...(this.options.cataloguePageSize === undefined ? {} : { Limit: this.options.cataloguePageSize }),
    });
    return items.map(productFromItem);
  }

  async product(productId: string): Promise<AnnouncedProduct | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: productKey(productId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : productFromItem(Item);
  }

  async record(
    recommendation: RecommendationRecord,
    guard: { readonly customerRevision: number; readonly offerRequestId?: string | undefined },
    events: readonly OutboxEvent[],
  ): Promise<void> {
    const items: Labelled<'facts' | 'product' | 'recommendation' | 'other'>[] = [
      {
        label: 'facts',
        item: {
          ConditionCheck: {
            TableName: this.tableName,
            Key: factsKey(recommendation.customerId),
            ConditionExpression: '#revision = :revision',
            ExpressionAttributeNames: { '#revision': 'revision' },
            ExpressionAttributeValues: { ':revision': guard.customerRevision },
          },
        },
      },
      {
        // The product as judged: a suspension or any other change announced meanwhile fails the
        // write, so nothing is recorded against a product that changed after it was checked.
        label: 'product',
        item: {
          ConditionCheck: {
            TableName: this.tableName,
            Key: productKey(recommendation.productId),
            ConditionExpression: '#version = :version',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':version': recommendation.productVersion },
          },
        },
      },
      {
        label: 'recommendation',
        item: {
          Put: {
            TableName: this.tableName,
            Item: recommendationItem(recommendation),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      },
      // An offer request answered before (recorded, or found unavailable) is a replay too.
      ...(guard.offerRequestId === undefined
        ? []
        : [
            {
              label: 'recommendation' as const,
              item: this.offerAnswer(guard.offerRequestId, recommendation.recommendationId),
            },
          ]),
      ...this.outbox(events, recommendation.madeAt),
      ...this.counted(recommendation.branch, recommendation.madeAt, {
        [outcomeCounter(recommendation.category, 'made')]: 1,
      }),
    ];
    const failed = await transactWrite(this.db, items);
    // The id (or the offer request) is recorded already: a replay (the API derives the id from
    // the Idempotency-Key, a retention offer from its request id).
    if (failed.includes('recommendation')) return;
    if (failed.includes('facts')) {
      throw new CustomerFactsChangedError("The customer's facts changed since they were read");
    }
    if (failed.includes('product')) {
      throw new ProductChangedError('The product changed since it was judged');
    }
  }

  async recordOfferUnavailable(
    offerRequestId: string,
    at: string,
    events: readonly OutboxEvent[],
  ): Promise<void> {
    // A request answered before fails its condition: a replay, and nothing is written.
    await transactWrite<'request' | 'other'>(this.db, [
      { label: 'request', item: this.offerAnswer(offerRequestId, undefined) },
      ...this.outbox(events, at),
    ]);
  }

  async get(recommendationId: string): Promise<RecommendationRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: recommendationKey(recommendationId),
        ConsistentRead: true,
      }),
    );
    return Item === undefined ? undefined : recommendationFromItem(Item);
  }

  async respond(
    recommendation: RecommendationRecord,
    answer: { readonly response: RecommendationResponse; readonly at: string; readonly by: string },
    events: readonly OutboxEvent[],
  ): Promise<RecommendationRecord> {
    const answered: RecommendationRecord = {
      ...recommendation,
      response: answer.response,
      respondedAt: answer.at,
      respondedBy: answer.by,
    };
    const items: Labelled<'recommendation' | 'facts' | 'other'>[] = [
      {
        label: 'recommendation',
        item: {
          Update: {
            TableName: this.tableName,
            Key: recommendationKey(recommendation.recommendationId),
            UpdateExpression: 'SET #response = :response, #respondedAt = :at, #respondedBy = :by',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#response)',
            ExpressionAttributeNames: {
              '#response': 'response',
              '#respondedAt': 'respondedAt',
              '#respondedBy': 'respondedBy',
            },
            ExpressionAttributeValues: { ':response': answer.response, ':at': answer.at, ':by': answer.by },
          },
        },
      },
      ...this.categoryAnswer(recommendation, answer.response, answer.at),
      ...this.outbox(events, answer.at),
      ...this.counted(recommendation.branch, answer.at, {
        [outcomeCounter(recommendation.category, answer.response)]: 1,
      }),
    ];
    const failed = await transactWrite(this.db, items);
    if (failed.includes('recommendation')) {
      throw new AlreadyAnsweredError('The recommendation was answered already');
    }
    if (failed.includes('facts')) {
      // Erased (or never mirrored) meanwhile: nothing written; a new read finds out which.
      throw new CustomerFactsChangedError("The customer's facts changed since they were read");
    }
    return answered;
  }

  async countExclusions(
    day: string,
    branch: string,
    kind: 'excluded' | 'refused',
    reasons: Readonly<Partial<Record<ExclusionReason, number>>>,
  ): Promise<void> {
    const update = kpiBucketUpdate(this.tableName, branch, day, reasonIncrements(kind, reasons));
    if (update?.Update === undefined) return;
    await this.db.send(new UpdateCommand(update.Update));
  }

  async kpiBuckets(from: string, to: string, branch?: string): Promise<readonly KpiBucket[]> {
    const items = await readKpiBuckets(this.db, this.tableName, from, to, branch);
    return items.flatMap((item) => {
      const bucket = kpiBucketOf(item);
      return bucket === undefined
        ? []
        : [kpiBucketFromCounters(bucket.day, bucket.branch, countersOf(item, KPI_COUNTERS))];
    });
  }

  /**
   * An acceptance changes no answer. A decline or not-interested answer becomes the customer's latest in the category, and bumps
   * the facts revision (a recommendation assessed before it is refused by `record`'s guard).
   * The facts item must be there and not erased: an erased customer keeps no answers.
   */
  private categoryAnswer(
    recommendation: RecommendationRecord,
    response: RecommendationResponse,
    at: string,
  ): Labelled<'facts' | 'other'>[] {
    if (response === 'accepted') return [];
    const latest: CategoryAnswer = { response, at };
    return [
      {
        label: 'other',
        item: {
          Update: {
            TableName: this.tableName,
            Key: answersKey(recommendation.customerId),
            UpdateExpression: 'SET #category = :answer, #customerId = :customerId',
            ExpressionAttributeNames: { '#category': recommendation.category, '#customerId': 'customerId' },
            ExpressionAttributeValues: { ':answer': latest, ':customerId': recommendation.customerId },
          },
        },
      },
      {
        label: 'facts',
        item: {
          Update: {
            TableName: this.tableName,
            Key: factsKey(recommendation.customerId),
            UpdateExpression: 'ADD #revision :one',
            ConditionExpression: 'attribute_exists(pk) AND #erased = :false',
            ExpressionAttributeNames: { '#revision': 'revision', '#erased': 'erased' },
            ExpressionAttributeValues: { ':one': 1, ':false': false },
          },
        },
      },
    ];
  }

  /** The offer request's answer, written once: the recommendation recorded, or none (unavailable). */
  private offerAnswer(requestId: string, recommendationId: string | undefined): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...offerRequestKey(requestId), requestId, recommendationId },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  private outbox(events: readonly OutboxEvent[], at: string): Labelled<'other'>[] {
    const now = new Date(at);
    return events.map((event) => ({
      label: 'other' as const,
      item: outboxPut(this.tableName, event, now, recommendationsEvents),
    }));
  }

  private counted(branch: string, at: string, increments: Record<string, number>): Labelled<'other'>[] {
    const update: TransactItem | undefined = kpiBucketUpdate(
      this.tableName,
      branch,
      kpiDayOf(at),
      increments,
    );
    return update === undefined ? [] : [{ label: 'other', item: update }];
  }
}
