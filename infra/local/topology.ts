import { rulesOf, synchronousOnlyFunctions } from '../../shared/capability/define.js';
import { outboxRelaySpec } from '../../shared/capability/outbox-relay.js';
import type { CapabilityDefinition, FunctionSpec, KeySpec } from '../../shared/capability/types.js';
import type { Runtime } from '../../shared/runtime/runtime.js';
import { passMachineId, passMachineOf } from '../../shared/workflows/pass.js';
import type { DeadLetter } from './bus.js';
import { LocalBus } from './bus.js';
import type { AdvanceableClock } from './clock.js';
import { LocalFunctions } from './lambda-runtime.js';
import { ApiRouter, type ServedRoute } from './routes.js';
import { LocalScheduler } from './scheduler.js';
import { LocalStepFunctions } from './step-functions.js';
import { DEFAULT_TABLE_PREFIX, type LocalTableDefinition, tableDefinitions } from './tables.js';
import type { ClockTimers } from './timers.js';
import { LocalWorkQueues, type ServedWorkQueue } from './work-queues.js';

export interface TopologyOptions {
  readonly clock: AdvanceableClock;
  /**
   * The runtime the functions are created with (asked when a function is first loaded). A
   * topology built only to be inspected (the parity test) needs none.
   */
  readonly runtime?: () => Runtime;
  readonly timers: ClockTimers;
  readonly tablePrefix?: string;
  readonly onDeadLetter?: (letter: DeadLetter) => void;
  readonly repoRoot?: string;
}

/** A table as served: the shape the parity test compares with the template. */
export interface ServedTable {
  readonly id: string;
  readonly tableName: string;
  readonly partitionKey: KeySpec;
  readonly sortKey?: KeySpec;
  readonly indexes: readonly {
    readonly indexName: string;
    readonly partitionKey: KeySpec;
    readonly sortKey?: KeySpec;
  }[];
  readonly stream: boolean;
  readonly timeToLiveAttribute?: string;
}

/** Everything the local cloud serves, built from the capabilities before any process starts. */
export interface LocalTopology {
  readonly functions: LocalFunctions;
  readonly functionSpecs: readonly FunctionSpec[];
  readonly router: ApiRouter;
  readonly bus: LocalBus;
  readonly stepFunctions: LocalStepFunctions;
  readonly scheduler: LocalScheduler;
  /** The FIFO queues of the coalesced works, each feeding its worker. */
  readonly workQueues: LocalWorkQueues;
  readonly tables: readonly LocalTableDefinition[];
  /** Outbox tables (by TableSpec id) and the relay function each feeds. */
  readonly relays: readonly { readonly tableId: string; readonly functionId: string }[];
  listRoutes(): ServedRoute[];
  listRules(): ReturnType<LocalBus['listRules']>;
  listStateMachines(): ReturnType<LocalStepFunctions['listStateMachines']>;
  listTables(): ServedTable[];
  listWorkQueues(): ServedWorkQueue[];
}

/**
 * Builds the local cloud's components from the capability definitions: the one construction
 * path used both when the cloud runs and when the parity test asks what it serves. Everything
 * that can be wrong in a definition (unknown targets, unsupported patterns or states, bad
 * schedules) fails here, at start-up.
 */
export function buildLocalTopology(
  capabilities: readonly CapabilityDefinition[],
  options: TopologyOptions,
): LocalTopology {
  const tables = tableDefinitions(capabilities, options.tablePrefix ?? DEFAULT_TABLE_PREFIX);
  const relays = tables
    .filter(({ spec }) => spec.outboxStream)
    .map(({ spec }) => ({ tableId: spec.id, relay: outboxRelaySpec(spec.id) }));
  const functionSpecs = [
    ...capabilities.flatMap((capability) => capability.functions),
    ...relays.map(({ relay }) => relay),
  ];
  // As in AWS, a function only ever invoked synchronously (an API, a workflow task, a trigger, a
  // relay) is created without DEAD_LETTER_QUEUE_URL (docs/operations.md §5).
  const synchronousOnly = new Set([
    ...capabilities.flatMap((capability) => [...synchronousOnlyFunctions(capability)]),
    ...relays.map(({ relay }) => relay.id),
  ]);
  const functions = new LocalFunctions(
    functionSpecs,
    options.runtime ?? noRuntime,
    options.repoRoot,
    synchronousOnly,
  );
  checkReferences(capabilities, functions);
  const router = new ApiRouter(capabilities);
  const stepFunctions = new LocalStepFunctions({
    stateMachines: capabilities.flatMap((capability) => {
      const passMachine = passMachineOf(capability);
      return [...(capability.stateMachines ?? []), ...(passMachine === undefined ? [] : [passMachine])];
    }),
    invoke: functions.invoke,
    clock: options.clock,
    timers: options.timers,
  });
  const bus = new LocalBus({
    rules: capabilities.flatMap(rulesOf),
    targets: {
      invokeFunction: functions.invoke,
      startExecution: async (id, input) => stepFunctions.startExecution(id, input),
    },
    clock: options.clock,
  });
  const scheduler = new LocalScheduler({
    schedules: capabilities.flatMap((capability) => capability.schedules ?? []),
    passes: capabilities.flatMap((capability) =>
      (capability.passes ?? []).map((spec) => ({ spec, stateMachineId: passMachineId(capability.name) })),
    ),
    runPass: async (stateMachineId, input) => {
      const started = stepFunctions.startExecution(stateMachineId, input);
      const { executionArn, status, output, error, cause } = await stepFunctions.whenEnded(
        started.executionArn,
      );
      return { executionArn, status, output, error, cause };
    },
    invoke: functions.invoke,
    clock: options.clock,
    timers: options.timers,
    onFailure: (letter) => (options.onDeadLetter ?? ((dead) => bus.recordDeadLetter(dead)))(letter),
  });
  const workQueues = new LocalWorkQueues({
    capabilities,
    invoke: functions.invoke,
    clock: options.clock,
    // As SQS's redrive does, after the last receive: the request, ids and a time only.
    onDeadLetter: (letter, spec) =>
      (options.onDeadLetter ?? ((dead) => bus.recordDeadLetter(dead)))({
        source: `queue:${letter.queue}`,
        target: `function:${spec.functionId}`,
        payload: { messageId: letter.messageId, messageGroupId: letter.groupId, body: letter.body },
        error: letter.error,
        attempts: letter.receiveCount,
        failedAt: options.clock.now().toISOString(),
      }),
  });
  return {
    functions,
    functionSpecs,
    router,
    bus,
    stepFunctions,
    scheduler,
    workQueues,
    tables,
    relays: relays.map(({ tableId, relay }) => ({ tableId, functionId: relay.id })),
    listRoutes: () => router.listRoutes(),
    listRules: () => bus.listRules(),
    listStateMachines: () => stepFunctions.listStateMachines(),
    listTables: () => tables.map(servedTable),
    listWorkQueues: () => workQueues.list(),
  };
}

function noRuntime(): never {
  throw new Error('This topology was built without a runtime: its functions cannot run');
}

function servedTable({ spec, create }: LocalTableDefinition): ServedTable {
  return {
    id: spec.id,
    tableName: create.TableName ?? spec.id,
    partitionKey: spec.partitionKey,
    ...(spec.sortKey ? { sortKey: spec.sortKey } : {}),
    indexes: (spec.globalSecondaryIndexes ?? []).map((index) => ({ ...index })),
    stream: Boolean(create.StreamSpecification?.StreamEnabled),
    ...(spec.timeToLiveAttribute ? { timeToLiveAttribute: spec.timeToLiveAttribute } : {}),
  };
}

function checkReferences(capabilities: readonly CapabilityDefinition[], functions: LocalFunctions): void {
  const machines = new Set(
    capabilities.flatMap((capability) => (capability.stateMachines ?? []).map((machine) => machine.id)),
  );
  const problems: string[] = [];
  const needFunction = (id: string, where: string): void => {
    if (!functions.has(id)) problems.push(`${where} names unknown function ${id}`);
  };
  for (const capability of capabilities) {
    for (const rule of rulesOf(capability)) {
      if (rule.target.kind === 'function') needFunction(rule.target.functionId, `Rule ${rule.id}`);
      else if (!machines.has(rule.target.stateMachineId)) {
        problems.push(`Rule ${rule.id} names unknown state machine ${rule.target.stateMachineId}`);
      }
    }
    for (const schedule of capability.schedules ?? [])
      needFunction(schedule.target.functionId, `Schedule ${schedule.id}`);
    for (const pass of capability.passes ?? []) needFunction(pass.functionId, `Pass ${pass.id}`);
    for (const machine of capability.stateMachines ?? []) {
      for (const id of machine.invokes) needFunction(id, `State machine ${machine.id}`);
    }
    for (const work of capability.coalescedWork ?? []) {
      for (const id of [work.functionId, ...work.senders]) needFunction(id, `Coalesced work ${work.id}`);
    }
    for (const fn of capability.functions) {
      for (const id of fn.startsStateMachines ?? []) {
        if (!machines.has(id)) problems.push(`Function ${fn.id} starts unknown state machine ${id}`);
      }
    }
  }
  if (problems.length > 0)
    throw new Error(`The capability definitions do not hold together:\n${problems.join('\n')}`);
}
