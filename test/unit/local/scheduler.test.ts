import { describe, expect, it } from 'vitest';
import type { DeadLetter } from '../../../infra/local/bus.js';
import { LocalScheduler } from '../../../infra/local/scheduler.js';
import { ClockTimers } from '../../../infra/local/timers.js';
import type { ScheduleSpec } from '../../../shared/capability/types.js';
import { ControlledClock } from '../../../shared/time/clock.js';

const schedules: ScheduleSpec[] = [
  {
    id: 'DailyScan',
    description: 'Daily at 01:00 UTC.',
    expression: 'cron(0 1 * * ? *)',
    target: { kind: 'function', functionId: 'Scanner', input: { mode: 'due' } },
  },
];

function setup(fail = false) {
  const clock = new ControlledClock(new Date('2026-03-02T00:00:00Z'));
  const calls: { functionId: string; event: unknown }[] = [];
  const failures: DeadLetter[] = [];
  const scheduler = new LocalScheduler({
    schedules,
    clock,
    timers: new ClockTimers(clock),
    onFailure: (letter) => failures.push(letter),
    invoke: async (functionId, event) => {
      calls.push({ functionId, event });
      if (fail) throw new Error('scan failed');
      return { opened: 2 };
    },
  });
  return { clock, calls, failures, scheduler };
}

describe('the local scheduler', () => {
  it('fires a schedule when the clock passes it, with its input, and once for a jump over many', async () => {
    const { clock, calls, scheduler } = setup();
    scheduler.start();

    clock.advance(3_600_000 - 1);
    expect(calls).toHaveLength(0);
    clock.advance(1);
    await scheduler.whenIdle();
    expect(calls).toEqual([{ functionId: 'Scanner', event: { mode: 'due' } }]);

    clock.advance(10 * 86_400_000);
    await scheduler.whenIdle();
    expect(calls).toHaveLength(2);
    expect(scheduler.list()[0]?.next).toBe('2026-03-13T01:00:00.000Z');
    scheduler.stop();
  });

  it('runs a schedule on demand and returns the handler result, even when not started', async () => {
    const { calls, scheduler } = setup();
    await expect(scheduler.runNow('DailyScan')).resolves.toEqual({ opened: 2 });
    expect(calls).toHaveLength(1);
    await expect(scheduler.runNow('Nope')).rejects.toThrow(/Unknown schedule/);
  });

  it('records a failed scheduled run in the DLQ', async () => {
    const { clock, failures, scheduler } = setup(true);
    scheduler.start();
    clock.advance(3_600_000);
    await scheduler.whenIdle();
    expect(failures).toMatchObject([{ source: 'schedule:DailyScan', error: { message: 'scan failed' } }]);
    scheduler.stop();
  });

  it('refuses a schedule it cannot parse when built', () => {
    const bad = [{ ...schedules[0], id: 'Bad', expression: 'cron(0 1 * * * *)' }] as ScheduleSpec[];
    expect(
      () =>
        new LocalScheduler({
          schedules: bad,
          clock: new ControlledClock(),
          timers: new ClockTimers(new ControlledClock()),
          onFailure: () => undefined,
          invoke: async () => ({}),
        }),
    ).toThrow(/Schedule Bad/);
  });
});
