import type { ScheduleSpec } from '../../shared/capability/types.js';
import type { Clock } from '../../shared/time/clock.js';
import type { DeadLetter } from './bus.js';
import { errorSummary } from './bus.js';
import { parseScheduleExpression, type Schedule } from './cron.js';
import type { FunctionInvoker } from './lambda-runtime.js';
import type { ClockTimers, TimerHandle } from './timers.js';

export interface LocalSchedulerOptions {
  readonly schedules: readonly ScheduleSpec[];
  readonly invoke: FunctionInvoker;
  readonly clock: Clock;
  readonly timers: ClockTimers;
  /** Where a failed scheduled run is recorded (the local DLQ). */
  readonly onFailure: (letter: DeadLetter) => void;
}

export interface ScheduleInfo {
  readonly id: string;
  readonly expression: string;
  readonly functionId: string;
  readonly next: string | undefined;
}

interface ScheduleEntry {
  readonly spec: ScheduleSpec;
  readonly schedule: Schedule;
  next?: Date | undefined;
  timer?: TimerHandle;
}

/**
 * EventBridge Scheduler in process. Expressions are parsed at construction (a bad one stops
 * the start). Once started, each schedule fires on the local clock; when the clock jumps past
 * several occurrences, they fire once (missed runs are coalesced, like a catch-up cron).
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
    this.#entries = options.schedules.map((spec) => {
      if (seen.has(spec.id)) throw new Error(`Two schedules declare the id ${spec.id}`);
      seen.add(spec.id);
      try {
        return { spec, schedule: parseScheduleExpression(spec.expression, anchor) };
      } catch (error) {
        throw new Error(`Schedule ${spec.id}: ${String(error)}`, { cause: error });
      }
    });
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
    return this.#entries.map(({ spec, schedule, next }) => ({
      id: spec.id,
      expression: spec.expression,
      functionId: spec.target.functionId,
      next: (next ?? schedule.nextAfter(this.#options.clock.now()))?.toISOString(),
    }));
  }

  has(id: string): boolean {
    return this.#entries.some((entry) => entry.spec.id === id);
  }

  /** Fires a schedule now and returns the handler's result (`POST /local/schedules/{id}/run`). */
  async runNow(id: string): Promise<unknown> {
    const entry = this.#entries.find((candidate) => candidate.spec.id === id);
    if (entry === undefined) throw new Error(`Unknown schedule ${id}`);
    return this.#options.invoke(entry.spec.target.functionId, entry.spec.target.input ?? {});
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
      const run = this.runNow(entry.spec.id).catch((error: unknown) =>
        this.#options.onFailure({
          source: `schedule:${entry.spec.id}`,
          target: `function:${entry.spec.target.functionId}`,
          payload: entry.spec.target.input ?? {},
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
