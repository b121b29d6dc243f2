import { describe, expect, it } from 'vitest';
import { LocalScheduler } from '../../../infra/local/scheduler.js';
import { LocalStepFunctions } from '../../../infra/local/step-functions.js';
import { ClockTimers } from '../../../infra/local/timers.js';
import { definePolicy } from '../../../shared/auth/policy.js';
import type { CapabilityDefinition, PassSpec } from '../../../shared/capability/types.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { passMachineOf } from '../../../shared/workflows/pass.js';

const pass: PassSpec = {
  id: 'NightlyCount',
  description: 'Counts every thing.',
  expression: 'cron(0 17 * * ? *)',
  functionId: 'Counter',
  job: 'count',
  segments: 3,
  maxConcurrency: 3,
};

const things: CapabilityDefinition = {
  name: 'things',
  summary: 'Things.',
  tables: [],
  functions: [{ id: 'Counter', entry: 'x.ts', memoryMb: 256, timeoutSeconds: 60, tables: [] }],
  publishes: [],
  subscriptions: [],
  passes: [pass],
  policy: definePolicy({}),
};

/** The local scheduler over the local Step Functions, as the local cloud wires them (topology.ts). */
function setup() {
  const clock = new ControlledClock(new Date('2026-03-02T00:00:00Z'));
  const timers = new ClockTimers(clock);
  const invocations: unknown[] = [];
  const machine = passMachineOf(things);
  if (machine === undefined) throw new Error('no pass machine');
  const sfn = new LocalStepFunctions({
    stateMachines: [machine],
    clock,
    timers,
    invoke: async (_functionId, event) => {
      invocations.push(event);
      return { processed: 1, failed: 0 };
    },
  });
  const scheduler = new LocalScheduler({
    schedules: [],
    passes: [{ spec: pass, stateMachineId: machine.id }],
    runPass: async (stateMachineId, input) => {
      const started = sfn.startExecution(stateMachineId, input);
      return sfn.whenEnded(started.executionArn);
    },
    invoke: async () => ({}),
    clock,
    timers,
    onFailure: () => undefined,
  });
  return { clock, sfn, scheduler, invocations };
}

describe('a pass on the local scheduler', () => {
  it("starts the capability's pass machine at the pass's cron, with the pass's input, and waits for it", async () => {
    // Prepare
    const { clock, sfn, scheduler, invocations } = setup();
    scheduler.start();

    // Act
    clock.advance(17 * 3_600_000);
    await scheduler.whenIdle();

    // Assess
    const [execution] = sfn.listExecutions('ThingsPasses');
    expect(execution).toMatchObject({
      status: 'SUCCEEDED',
      input: { pass: 'NightlyCount', job: 'count', totalSegments: 3, maxConcurrency: 3 },
    });
    expect(invocations).toHaveLength(3);
    expect(scheduler.list()).toEqual([
      {
        id: 'NightlyCount',
        expression: 'cron(0 17 * * ? *)',
        stateMachineId: 'ThingsPasses',
        next: '2026-03-03T17:00:00.000Z',
      },
    ]);
    scheduler.stop();
  });

  it('runs a pass on demand and answers with how its execution ended', async () => {
    // Prepare
    const { scheduler } = setup();

    // Act
    const outcome = await scheduler.runNow('NightlyCount');

    // Assess
    expect(outcome).toMatchObject({ status: 'SUCCEEDED', output: { pass: 'NightlyCount', reported: 3 } });
  });
});
