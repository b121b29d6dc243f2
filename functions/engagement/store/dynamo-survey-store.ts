import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  isConditionalCheckFailure,
  type Labelled,
  readItem,
  transactWrite,
} from '../../../shared/dynamodb/index.js';
import { indexSegmentItems } from '../../../shared/dynamodb/segment-scan.js';
import type { CrmEvent, EventDefinition } from '../../../shared/events/define.js';
import { outboxPut } from '../../../shared/outbox/index.js';
import type { SegmentPage } from '../../../shared/passes/segment.js';
import * as z from '../../../shared/zod.js';
import { customerFactsOf } from '../domain/facts-mirror.js';
import { SURVEY_STATUSES, type Survey, type SurveyScores } from '../domain/survey.js';
import { SURVEY_DIMENSIONS, SURVEY_TRIGGERS } from '../events.js';
import { factsFromItem } from './contact-items.js';
import { CUSTOMER_FACTS_ENTITY, DUE_KINDS, surveyKey, surveyTextKey } from './keys.js';
import { kpiCounterUpdate } from './kpi-counters.js';
import type { SurveyAnswerOutcome, SurveyAnswerWrite, SurveyCandidate, SurveyStore } from './survey-store.js';

const SURVEY_ENTITY = 'SURVEY';
const score = z.number().check(z.int());

// The survey's expiry is `linkExpiresAt` (ISO), never `expiresAt`: that is the table's TTL
// attribute, and a survey must outlive its link (the KPIs and the follow-up read it).
const surveyItemSchema = z.object({
  surveyId: z.string(),
  trigger: z.enum(SURVEY_TRIGGERS),
  customerId: z.string(),
  branch: z.string(),
  complaintId: z.optional(z.string()),
  locale: z.string(),
  createdAt: z.string(),
  linkExpiresAt: z.string(),
  status: z.enum(SURVEY_STATUSES),
  contactId: z.optional(z.string()),
  rule: z.optional(z.string()),
  answeredAt: z.optional(z.string()),
  csat: z.optional(score),
  nps: z.optional(score),
  dimensions: z.optional(z.partialRecord(z.enum(SURVEY_DIMENSIONS), score)),
  unresolved: z.optional(z.boolean()),
  hasText: z.optional(z.boolean()),
});
type SurveyItem = z.output<typeof surveyItemSchema>;

const textItemSchema = z.object({ sealedText: z.string() });

function surveyOf(item: SurveyItem): Survey {
  const { linkExpiresAt, csat, nps, dimensions, unresolved, hasText, ...rest } = item;
  const scores: SurveyScores | undefined =
    csat === undefined
      ? undefined
      : {
          csat,
          ...(nps === undefined ? {} : { nps }),
          ...(dimensions === undefined ? {} : { dimensions }),
          unresolved: unresolved ?? false,
          hasText: hasText ?? false,
        };
  return { ...rest, expiresAt: linkExpiresAt, ...(scores === undefined ? {} : { scores }) };
}

function itemOf(survey: Survey): Record<string, unknown> {
  const { expiresAt, scores, ...rest } = survey;
  return {
    ...surveyKey(survey.surveyId),
    entityType: SURVEY_ENTITY,
    ...rest,
    linkExpiresAt: expiresAt,
    ...(scores ?? {}),
  };
}

/** The surveys of the Engagement table on DynamoDB (see {@link SurveyStore}). */
export class DynamoSurveyStore implements SurveyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly publishes: readonly EventDefinition[],
  ) {}

  async create(survey: Survey): Promise<{ created: boolean; survey: Survey }> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: itemOf(survey),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { created: true, survey };
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
      const stored = await this.get(survey.surveyId);
      if (stored === undefined) throw new Error('A survey refused as existing could not be read');
      return { created: false, survey: stored };
    }
  }

  async get(surveyId: string): Promise<Survey | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: surveyKey(surveyId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : surveyOf(readItem(surveyItemSchema, Item, 'survey'));
  }

  async markSent(surveyId: string, contactId: string, event: CrmEvent, now: Date): Promise<boolean> {
    const survey = await this.get(surveyId);
    if (survey === undefined) return false;
    const failed = await transactWrite(this.db, [
      {
        label: 'survey',
        item: {
          Update: {
            TableName: this.table,
            Key: surveyKey(surveyId),
            UpdateExpression: 'SET #status = :sent, contactId = :contact, dueKey = :due, dueAt = :at',
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':sent': 'sent',
              ':pending': 'pending',
              ':contact': contactId,
              ':due': DUE_KINDS.surveyExpiry,
              ':at': survey.expiresAt,
            },
          },
        },
      },
      { label: 'event', item: outboxPut(this.table, event, now, this.publishes) },
    ]);
    return failed.length === 0;
  }

  async markNotSent(surveyId: string, contactId: string, rule: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: surveyKey(surveyId),
          UpdateExpression: 'SET #status = :notSent, contactId = :contact, #rule = :rule',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status', '#rule': 'rule' },
          ExpressionAttributeValues: {
            ':notSent': 'not-sent',
            ':pending': 'pending',
            ':contact': contactId,
            ':rule': rule,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }

  async answer(write: SurveyAnswerWrite, now: Date): Promise<SurveyAnswerOutcome> {
    const { survey, scores } = write;
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = {
      ':answered': 'answered',
      ':sent': 'sent',
      ':at': write.answeredAt,
      ':csat': scores.csat,
      ':unresolved': scores.unresolved,
      ':hasText': scores.hasText,
    };
    const sets = [
      '#status = :answered',
      'answeredAt = :at',
      'csat = :csat',
      'unresolved = :unresolved',
      'hasText = :hasText',
    ];
    if (scores.nps !== undefined) {
      sets.push('nps = :nps');
      values[':nps'] = scores.nps;
    }
    if (scores.dimensions !== undefined) {
      sets.push('dimensions = :dimensions');
      values[':dimensions'] = scores.dimensions;
    }
    const items: Labelled<'survey' | 'text' | 'event' | 'kpi'>[] = [
      {
        label: 'survey',
        item: {
          Update: {
            TableName: this.table,
            Key: surveyKey(survey.surveyId),
            // Single use: the first answer of a sent, unexpired survey wins, whatever runs at once.
            UpdateExpression: `SET ${sets.join(', ')} REMOVE dueKey, dueAt`,
            ConditionExpression:
              '#status = :sent AND attribute_not_exists(answeredAt) AND linkExpiresAt > :at',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          },
        },
      },
      { label: 'event', item: outboxPut(this.table, write.event, now, this.publishes) },
    ];
    if (write.sealedText !== undefined) {
      items.push({
        label: 'text',
        item: {
          Put: {
            TableName: this.table,
            Item: {
              ...surveyTextKey(survey.surveyId),
              customerId: survey.customerId,
              sealedText: write.sealedText,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      });
    }
    const kpi = kpiCounterUpdate(this.table, survey.branch, write.answeredAt, write.kpis);
    if (kpi !== undefined) items.push({ label: 'kpi', item: kpi });
    const failed = await transactWrite(this.db, items);
    if (failed.length === 0) return 'answered';
    const current = await this.get(survey.surveyId);
    if (current === undefined) return 'not-found';
    if (current.status === 'answered' || current.answeredAt !== undefined) return 'already-answered';
    if (current.status === 'expired' || current.expiresAt <= write.answeredAt) return 'expired';
    // A text item without an answer cannot be written by this store; anything else is a defect.
    throw new Error(`The survey answer was refused by its ${failed.join(', ')} condition`);
  }

  async sealedText(surveyId: string): Promise<string | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: surveyTextKey(surveyId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : readItem(textItemSchema, Item, 'survey text').sealedText;
  }

  async dueExpiries(now: string, limit: number): Promise<readonly string[]> {
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'byDue',
        KeyConditionExpression: 'dueKey = :kind AND dueAt <= :now',
        ExpressionAttributeValues: { ':kind': DUE_KINDS.surveyExpiry, ':now': now },
        Limit: limit,
      }),
    );
    return (Items ?? []).map((item) => readItem(z.object({ surveyId: z.string() }), item, 'survey').surveyId);
  }

  async expire(surveyId: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: surveyKey(surveyId),
          UpdateExpression: 'SET #status = :expired REMOVE dueKey, dueAt',
          ConditionExpression: '#status = :sent AND attribute_not_exists(answeredAt)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':expired': 'expired', ':sent': 'sent' },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }

  async candidatesPage(
    segment: { readonly segment: number; readonly totalSegments: number },
    cursor: string | undefined,
    limit: number,
  ): Promise<SegmentPage<SurveyCandidate>> {
    // Whole items: the facts decide who is a candidate, so none is read a second time.
    const page = await indexSegmentItems(
      this.db,
      {
        tableName: this.table,
        indexName: 'byEntity',
        positionKeys: { pk: 'S', sk: 'S', entityType: 'S', listKey: 'S' },
        filter: { expression: 'entityType = :facts', values: { ':facts': CUSTOMER_FACTS_ENTITY } },
        idAttribute: 'customerId',
      },
      segment,
      cursor,
      limit,
    );
    const keys = page.keys.flatMap((item) => {
      // The facts mirror's own reading of its item (the contacts area writes it).
      const facts = customerFactsOf(factsFromItem(item));
      if (facts === undefined || facts.erased || facts.relationship === 'closed') return [];
      return [{ customerId: facts.customerId, branch: facts.branch }];
    });
    return page.cursor === undefined ? { keys } : { keys, cursor: page.cursor };
  }
}
