import { randomBytes, randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { DEFAULT_RETENTION_SETTINGS } from '../../../functions/retention/domain/settings.js';
import { retentionCapability } from '../../../functions/retention/index.js';
import { caseOpener } from '../../../functions/retention/service/cases/opening.js';
import type { ScoringDeps } from '../../../functions/retention/service/deps.js';
import { type ConsumerDeps, consumeRetentionEvent } from '../../../functions/retention/service/features.js';
import { cachedModelReader } from '../../../functions/retention/service/model.js';
import type { CaseOpener } from '../../../functions/retention/service/ports.js';
import {
  type RequestedRescore,
  rescoreIfOwed,
  rescorer,
} from '../../../functions/retention/service/rescore.js';
import { DynamoCaseStore } from '../../../functions/retention/store/dynamo-case-store.js';
import { DynamoChurnModelStore } from '../../../functions/retention/store/dynamo-model-store.js';
import { DynamoScoringStore } from '../../../functions/retention/store/dynamo-scoring-store.js';
import { createIsolatedTables } from '../../../infra/local/tables.js';
import { LocalAuditSigner } from '../../../shared/audit/index.js';
import { documentClientOf } from '../../../shared/dynamodb/client.js';
import type { EventDefinition, EventDetailInput } from '../../../shared/events/index.js';
import { type EventBridgeDelivery, eventBridgeHandler } from '../../../shared/lambda/event-bridge.js';
import type { DeadLetter } from '../../../shared/messaging/dead-letters.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { DynamoCalendarMirror } from '../../../shared/time/dynamo-calendar-mirror.js';
import type { TaskTokenGateway } from '../../../shared/workflows/task-gateway.js';
import { consumedEvent, deliveryOf } from '../../support/consumed-event.js';
import { localClient, scanAll } from '../../support/dynamo.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { RecordingWorkRequests } from '../../support/work-requests.js';
import { queuedKeys, RecordingCaseOpener } from '../../unit/retention/rescore-fakes.js';

/**
 * The retention scoring side on its own Retention and RetentionAudit tables of the run's
 * DynamoDB Local: the consumer as EventBridge runs it (eventBridgeHandler around
 * consumeRetentionEvent), its rescore requests queued and done by the rescorer's work
 * (`rescoreIfOwed`) one batch at a time, the real scoring and model stores, a controlled clock,
 * the model read on every scoring (ttl 0), and a recording case opener in place of the case
 * service. `deliver`/`deliverRaw` drain the requests before they resolve (the event's rescore
 * is done when they return); `consume` leaves them queued until `drain`.
 */
export async function scoringHarness(
  start: Date,
  options: { historyLimit?: number; realCases?: boolean } = {},
) {
  const endpoint = inject('dynamodbEndpoint');
  const { tables } = await createIsolatedTables(endpoint, {
    prefix: `it-ret-${randomUUID().slice(0, 8)}-`,
    capabilities: [retentionCapability],
  });
  const table = tables.Retention ?? '';
  const auditTable = tables.RetentionAudit ?? '';
  const db = documentClientOf(localClient(endpoint));
  const clock = new ControlledClock(start);
  const signer = new LocalAuditSigner(randomBytes(32));
  const scoring = new DynamoScoringStore(db, table);
  const modelStore = new DynamoChurnModelStore(db, { table, auditTable }, signer);
  const opener = new RecordingCaseOpener();
  /** The executions the case service started (with `realCases`). */
  const started: string[] = [];
  const workflows: TaskTokenGateway = {
    start: async (name) => {
      started.push(name);
    },
    completeTask: async () => true,
    failTask: async () => true,
  };
  // With `realCases` the case service opens cases on the same tables (its close task's Rescorer
  // is this side's); otherwise a recording opener stands in for it.
  const realOpener = (): CaseOpener =>
    caseOpener({
      store: new DynamoCaseStore(db, { retention: table, audit: auditTable }, clock, signer),
      workflows,
      rescorer: rescorer(deps),
      calendarMirror: new DynamoCalendarMirror(db, table, clock),
      settings: DEFAULT_RETENTION_SETTINGS,
      clock,
    });
  let cases: CaseOpener | undefined;
  const requests = new RecordingWorkRequests();
  const deps: ConsumerDeps & ScoringDeps = {
    scoring,
    models: cachedModelReader(modelStore, { clock, ttlMs: 0 }),
    caseOpener:
      options.realCases === true
        ? {
            openFor: (opening) => {
              cases ??= realOpener();
              return cases.openFor(opening);
            },
          }
        : opener,
    clock,
    settings: { historyLimit: options.historyLimit ?? 50 },
    caseEvents: async () => false,
    rescoreRequests: requests,
  };
  /** What every requested rescore did, in order. */
  const rescores: RequestedRescore[] = [];
  const take = queuedKeys(requests);
  let batches: Promise<void> = Promise.resolve();
  /**
   * Runs the rescorer over everything requested, one batch after another (as the FIFO queue
   * hands them out: one customer's work never races itself), each customer once per batch,
   * until nothing is left.
   */
  const drain = (): Promise<void> => {
    const run = batches.then(async () => {
      for (let keys = take(); keys.length > 0; keys = take()) {
        for (const customerId of keys) rescores.push(await rescoreIfOwed(deps, customerId));
      }
    });
    batches = run.catch(() => undefined);
    return run;
  };
  const deadLetters: DeadLetter[] = [];
  const handler = eventBridgeHandler((event) => consumeRetentionEvent(deps, event), {
    deadLetters: {
      send: async (letter) => {
        deadLetters.push(letter);
      },
    },
  });
  let deliveries = 0;

  /** The consumer alone: its rescore requests stay queued until `drain`. */
  const consume = (delivery: EventBridgeDelivery) => handler(delivery, lambdaContext('RetentionConsumer'));

  /** The consumer, then the rescorer over what is queued. */
  const deliverRaw = async (delivery: EventBridgeDelivery) => {
    await consume(delivery);
    await drain();
  };

  /** Builds an event of `definition` (its envelope filled at `now`) and delivers it. */
  const deliver = async <D extends EventDefinition>(
    definition: D,
    detail: EventDetailInput<D>,
    now: Date,
  ) => {
    deliveries += 1;
    const delivery = deliveryOf(consumedEvent(definition, detail, now, `eb-${deliveries}`));
    await deliverRaw(delivery);
    return delivery;
  };

  /** Every raw item of the Retention table whose pk starts with `prefix`. */
  const itemsOf = async (prefix: string) =>
    (await scanAll(db, table)).filter((item) => typeof item.pk === 'string' && item.pk.startsWith(prefix));

  return {
    db,
    table,
    auditTable,
    clock,
    signer,
    scoring,
    modelStore,
    opener,
    started,
    deps,
    deadLetters,
    deliver,
    deliverRaw,
    consume,
    drain,
    requests,
    rescores,
    itemsOf,
    items: () => scanAll(db, table),
    destroy: () => db.destroy(),
  };
}

export type ScoringHarness = Awaited<ReturnType<typeof scoringHarness>>;
