import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RecordCipher } from '../../../shared/crypto/record-cipher.js';
import type { CalendarMirrorStore } from '../../../shared/time/calendar-mirror.js';
import type { Clock } from '../../../shared/time/clock.js';
import type { EngagementSettings } from '../domain/settings.js';
import type { SurveyTokenSigner } from './ports.js';

/**
 * What every area of engagement is built from; made once per process by `setup.ts` (fakes in
 * unit tests). The parts only some functions are given (data keys, the survey token key) fail
 * plainly when another function reaches for them.
 */
export interface EngagementBase {
  readonly db: DynamoDBDocumentClient;
  readonly tables: { readonly engagement: string; readonly keys: string };
  readonly settings: EngagementSettings;
  readonly clock: Clock;
  /** The calendar years admins loaded (WorkingCalendarChanged): task due dates count with them. */
  readonly calendarMirror: CalendarMirrorStore;
  /** Data keys for survey free text and visit notes, per customer (`usesDataKeys: 'engagement'`). */
  readonly cipher: RecordCipher;
  /** Signs and checks survey links. */
  readonly surveyTokens: SurveyTokenSigner;
}
