import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { CapabilityDefinition } from '../../shared/capability/types.js';
import type { Runtime } from '../../shared/runtime/runtime.js';
import { ApiServer } from './api-server.js';
import { AwsEndpoint } from './aws-endpoint.js';
import type { LocalBus } from './bus.js';
import type { AdvanceableClock } from './clock.js';
import { openPersistentClock } from './clock-file.js';
import { DevIssuer, type DevTokenRequest } from './dev-issuer.js';
import { type DynamoDbLocal, localDynamoDbClient, startDynamoDbLocal } from './dynamodb-local.js';
import { buildLocalEnvironment, localKeyFiles } from './environment.js';
import type { LocalFunctions } from './lambda-runtime.js';
import { localStateFiles, removeLocalState } from './local-state.js';
import { REPO_ROOT } from './paths.js';
import type { LocalScheduler } from './scheduler.js';
import type { LocalStepFunctions } from './step-functions.js';
import { StreamPoller } from './stream-poller.js';
import { DEFAULT_TABLE_PREFIX, ensureTables } from './tables.js';
import { ClockTimers } from './timers.js';
import { buildLocalTopology, type LocalTopology } from './topology.js';
import type { LocalWorkQueues } from './work-queues.js';

export interface LocalCloudOptions {
  /** API port; 0 picks a free one. Default `PORT` or 3000. */
  readonly port?: number;
  /** Where keys, DynamoDB data and endpoints.json live. Default `.local`. */
  readonly dataDir?: string;
  /** Start empty: delete the persisted DynamoDB data, clock offset and workflows first. */
  readonly fresh?: boolean;
  /** Use this DynamoDB Local instead of starting one. */
  readonly dynamodbEndpoint?: string;
  /** When starting DynamoDB Local: keep data in memory instead of `<dataDir>/dynamodb`. */
  readonly inMemory?: boolean;
  /** Table names are `<prefix><TableSpec.id>`; default `fincrm-local-`. */
  readonly tablePrefix?: string;
  /** Default: an OffsetClock (real time plus `POST /local/clock/advance`), its offset kept in the data dir. */
  readonly clock?: AdvanceableClock;
  /** Default: every capability of the app (`functions/capabilities.ts`). */
  readonly capabilities?: readonly CapabilityDefinition[];
  /** Fire schedules on the clock (default true); `runNow` works either way. */
  readonly autoSchedules?: boolean;
  /**
   * Port of the AWS endpoint (Step Functions, EventBridge, SQS); default 0, a free one. A
   * test restarting the cloud within one process passes the previous port: the handler
   * modules stay loaded, with SDK clients made for that endpoint.
   */
  readonly awsPort?: number;
}

export interface LocalCloud {
  readonly apiUrl: string;
  /** The AWS JSON protocol endpoint (Step Functions, EventBridge). */
  readonly awsEndpoint: string;
  readonly dynamodbEndpoint: string;
  readonly dataDir: string;
  readonly clock: AdvanceableClock;
  /** TableSpec id → table name. */
  readonly tables: Readonly<Record<string, string>>;
  /** The environment handlers run with. */
  readonly env: Readonly<Record<string, string>>;
  readonly functions: LocalFunctions;
  readonly bus: LocalBus;
  readonly stepFunctions: LocalStepFunctions;
  readonly scheduler: LocalScheduler;
  /** The FIFO queues of the coalesced works. */
  readonly workQueues: LocalWorkQueues;
  readonly streams: StreamPoller;
  readonly listRoutes: LocalTopology['listRoutes'];
  readonly listRules: LocalTopology['listRules'];
  readonly listStateMachines: LocalTopology['listStateMachines'];
  readonly listTables: LocalTopology['listTables'];
  readonly listWorkQueues: LocalTopology['listWorkQueues'];
  /** A dev access token, as `POST /local/dev-token` returns. */
  mintToken(request: DevTokenRequest): Promise<string>;
  /**
   * Resolves when stream records, bus deliveries, scheduled runs and coalesced work requests
   * (every FIFO queue drained, retries included) are all done.
   */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the local cloud: DynamoDB Local and the tables, the in-process bus, Step Functions
 * and scheduler, the stream poller feeding the outbox relays, the AWS protocol endpoint, and
 * the API with its dev issuer. Handlers are imported after their environment is set.
 * Handlers share one process, so run one local cloud per process.
 */
export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const capabilities = options.capabilities ?? (await import('../../functions/capabilities.js')).capabilities;
  const dataDir = resolve(options.dataDir ?? join(REPO_ROOT, '.local'));
  // What outlives a restart (the data, the clock offset, the workflows) and what --fresh removes.
  const stateFiles = localStateFiles(dataDir, options.tablePrefix ?? DEFAULT_TABLE_PREFIX);
  if (options.fresh) await removeLocalState(stateFiles);
  const { clock, flush: flushClock } =
    options.clock === undefined
      ? await openPersistentClock(stateFiles.clock)
      : { clock: options.clock, flush: async () => {} };
  const timers = new ClockTimers(clock);
  // The runtime every local function is created with: the local environment (in place before
  // any function loads), the local cloud's clock (which `POST /local/clock/advance` moves) and
  // the local key files, which no environment variable could select.
  const runtime = (): Runtime => ({ env: process.env, clock, localKeys: localKeyFiles(dataDir) });
  const topology = buildLocalTopology(capabilities, {
    clock,
    runtime,
    timers,
    tablePrefix: options.tablePrefix ?? DEFAULT_TABLE_PREFIX,
  });
  const cleanups: (() => Promise<void> | void)[] = [() => timers.dispose(), () => flushClock()];
  const cleanUp = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error('Local cloud shutdown:', error);
      }
    }
    cleanups.length = 0;
  };
  try {
    await mkdir(dataDir, { recursive: true });
    const dbPath = stateFiles.dynamodb;
    let dynamodbEndpoint = options.dynamodbEndpoint;
    if (dynamodbEndpoint === undefined) {
      const local: DynamoDbLocal = await startDynamoDbLocal(options.inMemory ? {} : { dbPath });
      cleanups.push(() => local.stop());
      dynamodbEndpoint = local.endpoint;
    }
    const dynamodb = localDynamoDbClient(dynamodbEndpoint);
    cleanups.push(() => dynamodb.destroy());
    const tables = await ensureTables(dynamodb, capabilities, {
      prefix: options.tablePrefix ?? DEFAULT_TABLE_PREFIX,
    });

    const { bus, stepFunctions, scheduler, functions, workQueues } = topology;
    const aws = new AwsEndpoint(stepFunctions, bus, workQueues);
    const awsEndpoint = await aws.listen(options.awsPort ?? 0);
    cleanups.push(() => aws.close());

    const env = buildLocalEnvironment({
      capabilities,
      tableEnv: tables.env,
      dataDir,
      dynamodbEndpoint,
      awsEndpoint,
    });
    Object.assign(process.env, env);

    let issuer: DevIssuer | undefined;
    const api = new ApiServer({
      router: topology.router,
      invoke: functions.invoke,
      clock,
      control: {
        issuer: () => {
          if (issuer === undefined) throw new Error('The dev issuer is not ready yet');
          return issuer;
        },
        bus,
        clock,
        stepFunctions,
        scheduler,
        capturedMessagesFile: stateFiles.messages,
      },
    });
    const apiUrl = await api.listen(options.port ?? Number(process.env.PORT ?? 3000));
    cleanups.push(() => api.close());
    issuer = await DevIssuer.load(dataDir, `${apiUrl}/local`);
    const devIssuer = issuer;

    await functions.loadAll();

    // Workflows outlive a restart: running executions resume where the last run left them.
    // Not over an in-memory DynamoDB, whose records the workflows act on are gone.
    if (!options.inMemory) await stepFunctions.persistTo(stateFiles.executions);
    // Cleanups run in reverse: Step Functions stop once the stream poller and the scheduler
    // below start nothing more, and before the endpoints above close, so that no half-shut
    // service moves a workflow on (and into the journal) while the rest stops.
    cleanups.push(() => stepFunctions.stop());

    const streams = new StreamPoller({
      dynamodb,
      endpoint: dynamodbEndpoint,
      sources: topology.relays.map(({ tableId, functionId }) => ({
        tableName: tables.tables[tableId] ?? tableId,
        functionId,
      })),
      invoke: functions.invoke,
      onFailure: (letter) => bus.recordDeadLetter(letter),
      checkpointFile: join(dataDir, `stream-checkpoints-${options.tablePrefix ?? DEFAULT_TABLE_PREFIX}.json`),
    });
    await streams.start();
    cleanups.push(() => streams.stop());
    if (options.autoSchedules !== false) scheduler.start();
    cleanups.push(() => scheduler.stop());
    // First to stop (cleanups run in reverse): no batch starts once the rest shuts down.
    cleanups.push(() => workQueues.stop());

    const endpointsFile = join(dataDir, 'endpoints.json');
    await writeFile(
      endpointsFile,
      `${JSON.stringify({ api: apiUrl, dynamodb: dynamodbEndpoint, awsEmulation: awsEndpoint }, null, 2)}\n`,
    );
    cleanups.push(() => rm(endpointsFile, { force: true }));

    const settle = async (): Promise<void> => {
      for (;;) {
        const read = await streams.drain();
        if (read === 0 && !bus.busy && !scheduler.busy && !workQueues.busy) return;
        await bus.whenIdle();
        await scheduler.whenIdle();
        await workQueues.whenIdle();
      }
    };
    return {
      apiUrl,
      awsEndpoint,
      dynamodbEndpoint,
      dataDir,
      clock,
      tables: tables.tables,
      env,
      functions,
      bus,
      stepFunctions,
      scheduler,
      workQueues,
      streams,
      listRoutes: topology.listRoutes,
      listRules: topology.listRules,
      listStateMachines: topology.listStateMachines,
      listTables: topology.listTables,
      listWorkQueues: topology.listWorkQueues,
      mintToken: (request) => devIssuer.mint(request),
      settle,
      stop: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
