import { randomBytes, randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { DEFAULT_ENGAGEMENT_SETTINGS } from '../../functions/engagement/domain/settings.js';
import { SURVEY_TOKEN_LABEL } from '../../functions/engagement/domain/survey.js';
import { engagementCapability } from '../../functions/engagement/index.js';
import type { EngagementBase } from '../../functions/engagement/service/deps.js';
import { createIsolatedTables } from '../../infra/local/tables.js';
import { LocalKeyProvider } from '../../shared/crypto/local-key-provider.js';
import { LocalMacSigner } from '../../shared/crypto/mac-signer.js';
import { RecordCipher } from '../../shared/crypto/record-cipher.js';
import type { Clock } from '../../shared/time/clock.js';
import { DynamoCalendarMirror } from '../../shared/time/dynamo-calendar-mirror.js';

/**
 * What every engagement area shares (EngagementBase), on Engagement and EngagementKeys tables of
 * its own (named `prefix`…) on the run's DynamoDB Local: the default settings, `clock`, the
 * calendar mirror on the Engagement table, a data key and a survey-link secret drawn at random for
 * this base only. The areas a test builds on it run as the consumer and the API run them.
 */
export async function localEngagementBase(
  db: DynamoDBDocumentClient,
  clock: Clock,
  prefix: string,
): Promise<EngagementBase> {
  const created = await createIsolatedTables(inject('dynamodbEndpoint'), {
    prefix: `${prefix}-${randomUUID().slice(0, 8)}-`,
    capabilities: [engagementCapability],
  });
  const tables = { engagement: created.tables.Engagement ?? '', keys: created.tables.EngagementKeys ?? '' };
  return {
    db,
    tables,
    settings: DEFAULT_ENGAGEMENT_SETTINGS,
    clock,
    calendarMirror: new DynamoCalendarMirror(db, tables.engagement, clock),
    cipher: new RecordCipher(new LocalKeyProvider(randomBytes(32))),
    surveyTokens: new LocalMacSigner(randomBytes(32), SURVEY_TOKEN_LABEL),
  };
}
