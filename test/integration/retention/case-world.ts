import { randomBytes, randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_RETENTION_SETTINGS } from '../../../functions/retention/domain/settings.js';
import { retentionCapability } from '../../../functions/retention/index.js';
import type { CaseDeps } from '../../../functions/retention/service/cases/deps.js';
import { DynamoCaseStore } from '../../../functions/retention/store/dynamo-case-store.js';
import { createIsolatedTables } from '../../../infra/local/tables.js';
import { LocalAuditSigner } from '../../../shared/audit/index.js';
import type { ControlledClock } from '../../../shared/time/clock.js';
import { DynamoCalendarMirror } from '../../../shared/time/dynamo-calendar-mirror.js';
import type { TaskTokenGateway } from '../../../shared/workflows/task-gateway.js';
import { FakeRescorer } from '../../unit/retention/case-fakes.js';

/** The Retention and RetentionAudit tables, created afresh on DynamoDB Local. */
export async function retentionTables(endpoint: string, prefix: string) {
  const created = await createIsolatedTables(endpoint, {
    prefix: `${prefix}-${randomUUID().slice(0, 8)}-`,
    capabilities: [retentionCapability],
  });
  return { retention: created.tables.Retention ?? '', audit: created.tables.RetentionAudit ?? '' };
}

/**
 * The case service on the real store, the re-score faked (the store's Rescorer is tested on its
 * own), the workflow gateway given.
 */
export function caseWorld(
  db: DynamoDBDocumentClient,
  tables: { readonly retention: string; readonly audit: string },
  clock: ControlledClock,
  workflows: TaskTokenGateway,
) {
  const signer = new LocalAuditSigner(randomBytes(32));
  const store = new DynamoCaseStore(db, tables, clock, signer);
  const rescorer = new FakeRescorer();
  const deps: CaseDeps = {
    store,
    workflows,
    rescorer,
    calendarMirror: new DynamoCalendarMirror(db, tables.retention, clock),
    settings: DEFAULT_RETENTION_SETTINGS,
    clock,
  };
  return { deps, store, rescorer, signer };
}
