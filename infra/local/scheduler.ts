import type { PassSpec, ScheduleSpec } from '../../shared/capability/types.js';
import type { Clock } from '../../shared/time/clock.js';
import { type PassMachineInput, passMachineInput } from '../../shared/workflows/pass.js';
import type { DeadLetter } from './bus.js';
import { errorSummary } from './bus.js';
import { parseScheduleExpression, type Schedule } from './cron.js';
import type { FunctionInvoker } from './lambda-runtime.js';
import type { ClockTimers, TimerHandle } from './timers.js';

/** A pass and the pass machine of its capability, which its schedule starts. */
export interface LocalPass {
  readonly spec: PassSpec;
  readonly stateMachineId: string;
}

/** Starts a pass machine's execution and resolves with how it ended (rejects only when it cannot start). */
export type PassStarter = (stateMachineId: string, input: PassMachineInput) => Promise<unknown>;

export interface LocalSchedulerOptions {
  readonly schedules: readonly ScheduleSpec[];
  /** Passes: their schedules start the pass machine (`runPass`) instead of invoking a function. */
  readonly passes?: readonly LocalPass[];
  readonly runPass?: PassStarter;
  readonly invoke: FunctionInvoker;
  readonly clock: Clock;
  readonly timers: ClockTimers;
  /** Where a failed scheduled run is recorded (the local DLQ). */
  readonly onFailure: (letter: DeadLetter) => void;
}

export interface ScheduleInfo {
  readonly id: string;
  readonly expression: string;
  /** The function a schedule invokes; absent for a pass. */
  readonly functionId?: string;
  /** The pass machine a pass's schedule starts; absent for a function's schedule. */
  readonly stateMachineId?: string;
  readonly next: string | undefined;
}

/** What a schedule does when it fires. */
type ScheduleTarget =
  | { readonly kind: 'function'; readonly functionId: string; readonly input: unknown }
  | { readonly kind: 'pass'; readonly stateMachineId: string; readonly input: PassMachineInput };

interface ScheduleEntry {
  readonly id: string;
  readonly expression: string;
  readonly target: ScheduleTarget;
  readonly schedule: Schedule;
  next?: Date | undefined;
  timer?: TimerHandle;
}

/**
 * EventBridge Scheduler in process. Expressions are parsed at construction (a bad one stops
 * the start). Once started, each schedule fires on the local clock; when the clock jumps past
 * several occurrences, they fire once (missed runs are coalesced, like a catch-up cron). A
 * pass's schedule starts its capability's pass machine with the pass's input, as in AWS; a
 * run of it (on the clock or `runNow`) lasts until the execution ends, so `whenIdle` covers
 * the whole pass.
 */
export class LocalScheduler {
  readonly #entries: ScheduleEntry[];
  readonly #options: LocalSchedulerOptions;
  readonly #inFlight = new Set<Promise<unknown>>();
  #started = false;

  constructor(options: LocalSchedulerOptions) {
    this.#options = options;
    const anchor = options.clock.now();
    const seen = new Set<string>();
    const declared: { id: string; expression: string; target: ScheduleTarget }[] = [
      ...options.schedules.map((spec) => ({
        id: spec.id,
        expression: spec.expression,
        target: {
          kind: 'function' as const,
          functionId: spec.target.functionId,
          input: spec.target.input ?? {},
        },
      })),
      ...(options.passes ?? []).map(({ spec, stateMachineId }) => ({
        id: spec.id,
        expression: spec.expression,
        target: { kind: 'pass' as const, stateMachineId, input: passMachineInput(spec) },
      })),
    ];
    this.#entries = declared.map((entry) => {
      if (seen.has(entry.id)) throw new Error(`Two schedules declare the id ${entry.id}`);
      seen.add(entry.id);
      try {
        return { ...entry, schedule: parseScheduleExpression(entry.expression, anchor) };
      } catch (error) {
        throw new Error(`Schedule ${entry.id}: ${String(error)}`, { cause: error });
      }
    });
    if (this.#entries.some((entry) => entry.target.kind === 'pass') && options.runPass === undefined) {
      throw new Error('Passes are scheduled but nothing can start their pass machines');
    }
  }

  /** Arms every schedule on the clock. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    for (const entry of this.#entries) this.#arm(entry);
  }

  stop(): void {
    this.#started = false;
    for (const entry of this.#entries) entry.timer?.cancel();
  }

  list(): ScheduleInfo[] {
    return this.#entries.map(({ id, expression, target, schedule, next }) => ({
      id,
      expression,
      ...(target.kind === 'function'
        ? { functionId: target.functionId }
        : { stateMachineId: target.stateMachineId }),
      next: (next ?? schedule.nextAfter(this.#options.clock.now()))?.toISOString(),
    }));
  }

  has(id: string): boolean {
    return this.#entries.some((entry) => entry.id === id);
  }

  /**
   * Fires a schedule now (`POST /local/schedules/{id}/run`) and returns the handler's result,
   * or, for a pass, how its execution ended.
   */
  async runNow(id: string): Promise<unknown> {
    const entry = this.#entries.find((candidate) => candidate.id === id);
    if (entry === undefined) throw new Error(`Unknown schedule ${id}`);
    const { target } = entry;
    if (target.kind === 'function') return this.#options.invoke(target.functionId, target.input);
    const runPass = this.#options.runPass;
    if (runPass === undefined) throw new Error(`Schedule ${id} is a pass, and nothing starts pass machines`);
    return runPass(target.stateMachineId, target.input);
  }

  /** Whether a scheduled run is in flight. */
  get busy(): boolean {
    return this.#inFlight.size > 0;
  }

  /** Resolves when every scheduled run in flight has settled. */
  async whenIdle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  #arm(entry: ScheduleEntry): void {
    const next = entry.schedule.nextAfter(this.#options.clock.now());
    entry.next = next;
    if (next === undefined || !this.#started) return;
    entry.timer = this.#options.timers.at(next, () => {
      const { target } = entry;
      const run = this.runNow(entry.id).catch((error: unknown) =>
        this.#options.onFailure({
          source: `schedule:${entry.id}`,
          target:
            target.kind === 'function'
              ? `function:${target.functionId}`
              : `stateMachine:${target.stateMachineId}`,
          payload: target.input,
          error: errorSummary(error),
          attempts: 1,
          failedAt: this.#options.clock.now().toISOString(),
        }),
      );
      this.#inFlight.add(run);
      void run.finally(() => this.#inFlight.delete(run));
      this.#arm(entry);
    });
  }
}
