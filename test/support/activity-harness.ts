import { randomBytes, randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { DEFAULT_SEGMENTATION_CONFIG } from '../../functions/activity/domain/segmentation/config.js';
import { transactionAmountCaps } from '../../functions/activity/domain/settings.js';
import { activityCapability } from '../../functions/activity/index.js';
import type { IngestDeps } from '../../functions/activity/service/deps.js';
import { DynamoActivityStore } from '../../functions/activity/store/dynamo-activity-store.js';
import { DynamoSegmentationConfigStore } from '../../functions/activity/store/dynamo-config-store.js';
import { DynamoGradingStore } from '../../functions/activity/store/dynamo-grading-store.js';
import { createIsolatedTables } from '../../infra/local/tables.js';
import { LocalAuditSigner } from '../../shared/audit/index.js';
import { documentClientOf } from '../../shared/dynamodb/client.js';
import type { Clock } from '../../shared/time/clock.js';
import { InMemoryGradingQueue } from './activity-grading-queue.js';
import { localClient, scanAll } from './dynamo.js';
import { SwitchableClock } from './test-clock.js';

/**
 * The activity store on its own isolated table of the shared DynamoDB Local, with a count of
 * the TransactWriteItems calls that reach the wire (to check the store's own `writes`).
 */
export async function activityHarness() {
  // The harness's own clock: a test points it at a ControlledClock with `clock.use(...)`.
  const clock = new SwitchableClock();
  const endpoint = inject('dynamodbEndpoint');
  const prefix = `it-act-${randomUUID().slice(0, 8)}-`;
  const { tables } = await createIsolatedTables(endpoint, { prefix, capabilities: [activityCapability] });
  const table = tables.Activity ?? '';
  const client = localClient(endpoint);
  const calls = { transactWrites: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'TransactWriteItemsCommand') calls.transactWrites += 1;
      return next(args);
    },
    { step: 'initialize', name: 'countTransactWrites' },
  );
  // The product's translation: numbers are read exactly as the functions read them.
  const db = documentClientOf(client);
  const store = new DynamoActivityStore(db, table, clock);
  const outboxTable = tables.ActivityOutbox ?? '';
  const grading = new DynamoGradingStore(db, table, outboxTable);
  const configStore = new DynamoSegmentationConfigStore(
    db,
    { table, auditTable: tables.ActivityAudit ?? '' },
    new LocalAuditSigner(randomBytes(32)),
  );

  /** Every raw item of the table, as stored. */
  const rawItems = () => scanAll(db, table);
  /** Every raw item of the outbox table. */
  const outboxItems = () => scanAll(db, outboxTable);

  /** Makes customers known (their mirrored facts exist), as CustomerRegistered does. */
  const register = async (...customerIds: readonly string[]) => {
    for (const customerId of customerIds) {
      await grading.applyFacts(customerId, {
        kind: 'registered',
        customerType: 'individual',
        branch: 'BR01',
        rmId: 'rm-1',
        onboardedAt: '2020-01-01T00:00:00.000Z',
      });
    }
  };

  /** Where the deps' gradings are requested: `gradings.drain(deps)` runs the grader over them. */
  const gradings = new InMemoryGradingQueue();

  /**
   * The capability's dependencies over these tables, with the deployed defaults: the default
   * segmentation configuration, 72 parking hours, 300 s of skew and the default amount caps;
   * gradings are requested from `gradings`.
   */
  const deps = (depsClock: Clock, overrides: Partial<IngestDeps> = {}): IngestDeps => ({
    activity: store,
    grading,
    configStore,
    config: { current: async () => ({ version: 0, config: DEFAULT_SEGMENTATION_CONFIG }) },
    clock: depsClock,
    parkingHours: 72,
    postedAtSkewSeconds: 300,
    amountCaps: transactionAmountCaps({}),
    gradingRequests: gradings,
    ...overrides,
  });

  return {
    store,
    grading,
    configStore,
    clock,
    deps,
    gradings,
    register,
    db,
    table,
    calls,
    rawItems,
    outboxItems,
    close: () => db.destroy(),
  };
}

export type ActivityHarness = Awaited<ReturnType<typeof activityHarness>>;
