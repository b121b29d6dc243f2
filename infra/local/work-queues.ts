import type { CapabilityDefinition, CoalescedWorkSpec } from '../../shared/capability/types.js';
import type { Clock } from '../../shared/time/clock.js';
import { localWorkQueueName } from './environment.js';
import { type FifoDeadLetter, LocalFifoQueue } from './fifo-queue.js';
import type { FunctionInvoker } from './lambda-runtime.js';

/** A coalesced work's queue as the local cloud serves it (what the parity test compares). */
export interface ServedWorkQueue {
  readonly id: string;
  readonly queueName: string;
  readonly functionId: string;
  readonly maxConcurrency: number;
  readonly envVar: string;
}

export interface LocalWorkQueuesOptions {
  readonly capabilities: readonly CapabilityDefinition[];
  /** Invokes the worker with a batch (the local Lambda runtime). */
  readonly invoke: FunctionInvoker;
  readonly clock: Clock;
  /** Where requests that failed their last receive go (the local dead-letter list). */
  readonly onDeadLetter: (letter: FifoDeadLetter, spec: CoalescedWorkSpec) => void;
  /** How long a failed request waits before it is given out again (doubling); default the queue's. */
  readonly retryDelayMs?: number;
}

/**
 * The FIFO queue of every coalesced work of the capabilities, each feeding its worker through
 * the local Lambda runtime with the SQS event Lambda would hand it (fifo-queue.ts). `SendMessage`
 * to a queue's URL reaches it through the local AWS endpoint (sqs.ts).
 */
export class LocalWorkQueues {
  readonly #queues = new Map<string, { readonly spec: CoalescedWorkSpec; readonly queue: LocalFifoQueue }>();

  constructor(options: LocalWorkQueuesOptions) {
    for (const spec of options.capabilities.flatMap((capability) => capability.coalescedWork ?? [])) {
      const name = localWorkQueueName(spec.id);
      if (this.#queues.has(name)) throw new Error(`Two coalesced works are named ${spec.id}`);
      const queue = new LocalFifoQueue({
        name,
        deliver: (event) => options.invoke(spec.functionId, event),
        maxConcurrency: spec.maxConcurrency,
        clock: options.clock,
        onDeadLetter: (letter) => options.onDeadLetter(letter, spec),
        ...(options.retryDelayMs === undefined ? {} : { retryDelayMs: options.retryDelayMs }),
      });
      this.#queues.set(name, { spec, queue });
    }
  }

  /** The queue of that name, if a coalesced work declares it. */
  byName(name: string): LocalFifoQueue | undefined {
    return this.#queues.get(name)?.queue;
  }

  /** The queue of a coalesced work, by its spec id. */
  byWork(workId: string): LocalFifoQueue | undefined {
    return this.byName(localWorkQueueName(workId));
  }

  list(): ServedWorkQueue[] {
    return [...this.#queues].map(([queueName, { spec }]) => ({
      id: spec.id,
      queueName,
      functionId: spec.functionId,
      maxConcurrency: spec.maxConcurrency,
      envVar: spec.envVar,
    }));
  }

  /** Whether any queue holds a request (waiting, in flight or waiting to be given out again). */
  get busy(): boolean {
    return [...this.#queues.values()].some(({ queue }) => queue.busy);
  }

  /** Hands out no more batches from any queue (shutdown); resolves when those in flight are done. */
  async stop(): Promise<void> {
    for (const { queue } of this.#queues.values()) queue.stop();
    await this.whenIdle();
  }

  /** Resolves once every queue is drained. */
  async whenIdle(): Promise<void> {
    while (this.busy) await Promise.all([...this.#queues.values()].map(({ queue }) => queue.whenIdle()));
  }
}
