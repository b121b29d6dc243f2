import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { retentionCapability } from '../../../functions/retention/index.js';
import { DynamoScoringStore } from '../../../functions/retention/store/dynamo-scoring-store.js';
import { createIsolatedTables } from '../../../infra/local/tables.js';
import { documentClientOf } from '../../../shared/dynamodb/client.js';
import { metrics } from '../../../shared/observability/metrics.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { localClient } from '../../support/dynamo.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { quietFeatures } from '../../unit/retention/rescore-fakes.js';

const NOW = new Date('2026-12-04T02:00:00.000Z');
/** Unreachable on purpose: no customer fails here, so nothing is sent to it. */
const DEAD_LETTERS = 'http://127.0.0.1:9/000000000000/retention-jobs-dlq';

describe('the RetentionJobs function on DynamoDB Local', () => {
  const endpoint = inject('dynamodbEndpoint');
  const db = documentClientOf(localClient(endpoint));
  let jobs: typeof import('../../../functions/retention/handlers/jobs.js');

  beforeAll(async () => {
    // The handler builds its own DynamoDB client from the environment, as in Lambda.
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', endpoint);
    vi.stubEnv('AWS_ENDPOINT_URL_SQS', 'http://127.0.0.1:9');
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    // What the module's own Lambda handler reads when it loads (the test makes its own).
    vi.stubEnv('RETENTION_TABLE', 'jobs-unused');
    vi.stubEnv('DEAD_LETTER_QUEUE_URL', DEAD_LETTERS);
    jobs = await import('../../../functions/retention/handlers/jobs.js');
  });
  afterAll(() => {
    db.destroy();
    vi.unstubAllEnvs();
  });

  it('runs a segment of the daily pass and the uncontacted count, each with its metric', async () => {
    const { tables } = await createIsolatedTables(endpoint, {
      prefix: `it-jobs-${randomUUID().slice(0, 8)}-`,
      capabilities: [retentionCapability],
    });
    const table = tables.Retention ?? '';
    const store = new DynamoScoringStore(db, table);
    for (const customerId of ['cus_jobs_1', 'cus_jobs_2', 'cus_jobs_3']) {
      await store.putFeatures({
        record: { features: quietFeatures(customerId), erased: false },
        expectedRevision: 0,
      });
    }
    const handler = jobs.createHandler({
      env: {
        RETENTION_TABLE: table,
        RETENTION_AUDIT_TABLE: tables.RetentionAudit,
        DEAD_LETTER_QUEUE_URL: DEAD_LETTERS,
      },
      clock: new ControlledClock(NOW),
    });
    const addMetric = vi.spyOn(metrics, 'addMetric');
    const context = lambdaContext('RetentionJobs', 900_000);

    const segment = {
      pass: 'DailyChurnRescore',
      job: 'churn-rescore',
      segment: 0,
      totalSegments: 1,
      startedAt: NOW.toISOString(),
    };
    const daily = await handler(segment, context);
    const uncontacted = await handler({ job: 'uncontacted' }, context);

    expect(daily).toEqual({ processed: 3, failed: 0 });
    expect(uncontacted).toEqual({ uncontacted: 0 });
    const emitted = addMetric.mock.calls.map(([name, , value]) => [name, value]);
    // The segment's counts are the pass handler's metrics (PassCustomersProcessed, per pass).
    expect(emitted).toEqual(expect.arrayContaining([['RetentionCasesUncontacted', 0]]));
    expect((await store.risk('cus_jobs_2'))?.score.scoredAt).toBe(NOW.toISOString());
    await expect(handler({ job: 'regrade' }, context)).rejects.toThrow();
    await expect(handler({ ...segment, job: 'regrade' }, context)).rejects.toThrow();
    addMetric.mockRestore();
  });
});
