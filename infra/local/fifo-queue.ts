import { createHash, randomUUID } from 'node:crypto';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { Clock } from '../../shared/time/clock.js';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './environment.js';

/** SQS's limits for a FIFO queue feeding Lambda: at most 10 messages a batch. */
export const FIFO_MAX_BATCH = 10;
/** What the coalesced work queues are created with (infra/platform/coalesced-work.ts). */
export const FIFO_MAX_RECEIVES = 5;
/** SQS drops a repeat of a deduplication id sent within 5 minutes of the first. */
export const DEDUPLICATION_INTERVAL_MS = 5 * 60 * 1000;

/** A SendMessage to a FIFO queue. */
export interface FifoSend {
  readonly body: string;
  readonly groupId: string;
  readonly deduplicationId: string;
}

/** SendMessage's answer; a deduplicated send answers with the first message's id. */
export interface FifoSent {
  readonly messageId: string;
  readonly sequenceNumber: string;
  readonly duplicate: boolean;
}

/** A message that failed its last allowed receive: the queue's dead-letter queue in AWS. */
export interface FifoDeadLetter {
  readonly queue: string;
  readonly messageId: string;
  readonly groupId: string;
  readonly body: string;
  readonly receiveCount: number;
  readonly error: { readonly name: string; readonly message: string };
}

/** What the queue did, for tests and the bench (SQS requests are billed per call). */
export interface FifoQueueStats {
  /** SendMessage calls, duplicates included. */
  readonly sent: number;
  /** Sends dropped as repeats of a deduplication id within the interval. */
  readonly duplicates: number;
  /** Batches handed to the function (one invocation each). */
  readonly batches: number;
  /** Messages handed out, retries included. */
  readonly received: number;
  /** Messages done (the function did not report them). */
  readonly deleted: number;
  readonly deadLettered: number;
}

export interface LocalFifoQueueOptions {
  /** The queue's name, ending in `.fifo`. */
  readonly name: string;
  /**
   * Invokes the function with a batch, as the event source mapping does (synchronously): what
   * it returns is read as an SQS batch response; throwing fails the whole batch.
   */
  readonly deliver: (event: SQSEvent) => Promise<unknown>;
  /** Batches in flight at most (the mapping's MaximumConcurrency). */
  readonly maxConcurrency: number;
  /** Messages a batch at most (1 to 10; default 10). */
  readonly batchSize?: number;
  /** Receives before a message moves to the dead-letter list (default 5, as deployed). */
  readonly maxReceiveCount?: number;
  /**
   * How long a failed message stays invisible (its group with it) before it is given out again;
   * doubles with each receive. In AWS the visibility timeout (minutes); locally it need not be.
   */
  readonly retryDelayMs?: number;
  /** SentTimestamp and the deduplication interval. */
  readonly clock: Clock;
  /** Told about each message moved to the dead-letter list (the local cloud's `GET /local/dlq`). */
  readonly onDeadLetter?: (letter: FifoDeadLetter) => void;
}

interface QueuedMessage {
  readonly messageId: string;
  readonly body: string;
  readonly groupId: string;
  readonly deduplicationId: string;
  readonly sequenceNumber: string;
  readonly sentAt: number;
  receiveCount: number;
  firstReceivedAt: number | undefined;
}

/**
 * An SQS FIFO queue with its Lambda event source mapping, in process (docs/architecture.md §11):
 * - messages of one group are given out in the order sent, and a group is locked while a batch
 *   holds any of its messages (and while a failed one waits to be given out again), so two
 *   batches never hold one group at once;
 * - a batch takes up to `batchSize` messages, first from the group whose next message is the
 *   oldest, then from the next groups, as SQS fills a FIFO receive;
 * - at most `maxConcurrency` batches run at once;
 * - the function's answer is read as Lambda reads a partial batch response: the messages it
 *   names come back (at the head of their group, after a growing delay), the others are
 *   deleted; an answer naming a message not in the batch, or a thrown error, fails the batch;
 * - a message that failed its `maxReceiveCount`th receive moves to the dead-letter list;
 * - a repeat of a group's deduplication id within 5 minutes is dropped.
 * It stands on its own (a bench can feed a handler with it) and the local cloud routes
 * `SendMessage` to a coalesced work's `.fifo` URL to it (sqs.ts).
 */
export class LocalFifoQueue {
  readonly name: string;
  readonly arn: string;
  readonly #options: LocalFifoQueueOptions;
  readonly #batchSize: number;
  readonly #maxReceiveCount: number;
  readonly #retryDelayMs: number;
  /** Waiting messages per group, in order; a group with none is removed. */
  readonly #groups = new Map<string, QueuedMessage[]>();
  readonly #locked = new Set<string>();
  readonly #recentIds = new Map<string, { sent: FifoSent; expiresAt: number }>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #deadLetters: FifoDeadLetter[] = [];
  #running = 0;
  #stopped = false;
  #inFlightMessages = 0;
  #sequence = 0n;
  #stats = { sent: 0, duplicates: 0, batches: 0, received: 0, deleted: 0, deadLettered: 0 };

  constructor(options: LocalFifoQueueOptions) {
    if (!/^[A-Za-z0-9_-]{1,75}\.fifo$/.test(options.name)) {
      throw new Error(
        `A FIFO queue's name is up to 80 letters, digits, - or _ ending in .fifo: ${options.name}`,
      );
    }
    const batchSize = options.batchSize ?? FIFO_MAX_BATCH;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > FIFO_MAX_BATCH) {
      throw new RangeError(`A FIFO batch holds 1 to ${FIFO_MAX_BATCH} messages`);
    }
    if (!Number.isInteger(options.maxConcurrency) || options.maxConcurrency < 1) {
      throw new RangeError('The batches in flight at most are a whole number above 0');
    }
    this.name = options.name;
    this.arn = `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${options.name}`;
    this.#options = options;
    this.#batchSize = batchSize;
    this.#maxReceiveCount = options.maxReceiveCount ?? FIFO_MAX_RECEIVES;
    this.#retryDelayMs = options.retryDelayMs ?? 50;
  }

  /** Queues a message (or drops a repeat of its group's deduplication id) and starts delivering. */
  send(message: FifoSend): FifoSent {
    this.#stats.sent += 1;
    const now = this.#options.clock.now().getTime();
    const dedupKey = `${message.groupId}\u0000${message.deduplicationId}`;
    const recent = this.#recentIds.get(dedupKey);
    if (recent !== undefined && recent.expiresAt > now) {
      this.#stats.duplicates += 1;
      return { ...recent.sent, duplicate: true };
    }
    this.#sequence += 1n;
    const queued: QueuedMessage = {
      messageId: randomUUID(),
      body: message.body,
      groupId: message.groupId,
      deduplicationId: message.deduplicationId,
      sequenceNumber: this.#sequence.toString().padStart(20, '0'),
      sentAt: now,
      receiveCount: 0,
      firstReceivedAt: undefined,
    };
    const sent: FifoSent = {
      messageId: queued.messageId,
      sequenceNumber: queued.sequenceNumber,
      duplicate: false,
    };
    this.#forgetExpired(now);
    this.#recentIds.set(dedupKey, { sent, expiresAt: now + DEDUPLICATION_INTERVAL_MS });
    const group = this.#groups.get(message.groupId);
    if (group === undefined) this.#groups.set(message.groupId, [queued]);
    else group.push(queued);
    this.#pump();
    return sent;
  }

  /** Messages waiting or in flight (ApproximateNumberOfMessages plus …NotVisible). */
  get depth(): number {
    let waiting = 0;
    for (const group of this.#groups.values()) waiting += group.length;
    return waiting + this.#inFlightMessages;
  }

  /** Whether anything is waiting, in flight or waiting to be given out again (and still will be). */
  get busy(): boolean {
    return this.#inFlight.size > 0 || (!this.#stopped && this.#groups.size > 0);
  }

  /**
   * Hands out no more batches (the local cloud is shutting down): what is waiting stays
   * unworked, as a queue whose mapping is disabled; batches in flight finish.
   */
  stop(): void {
    this.#stopped = true;
  }

  /** Resolves once the queue is drained: nothing waiting, nothing in flight, no retry pending. */
  async whenIdle(): Promise<void> {
    while (this.busy) {
      this.#pump();
      await Promise.allSettled([...this.#inFlight]);
    }
  }

  /** Messages that failed their last receive, oldest first. */
  get deadLetters(): readonly FifoDeadLetter[] {
    return this.#deadLetters;
  }

  get stats(): FifoQueueStats {
    return { ...this.#stats };
  }

  /** Hands out batches while there are unlocked groups and room under the concurrency. */
  #pump(): void {
    while (!this.#stopped && this.#running < this.#options.maxConcurrency) {
      const batch = this.#takeBatch();
      if (batch.length === 0) return;
      this.#running += 1;
      const delivery = this.#deliver(batch);
      this.#inFlight.add(delivery);
      void delivery.finally(() => {
        this.#inFlight.delete(delivery);
        this.#pump();
      });
    }
  }

  /** Up to a batch of messages: the unlocked groups, the one with the oldest next message first. */
  #takeBatch(): QueuedMessage[] {
    const available = [...this.#groups]
      .filter(([groupId]) => !this.#locked.has(groupId))
      .sort(([, a], [, b]) => compareSequence(a[0], b[0]));
    const batch: QueuedMessage[] = [];
    for (const [groupId, messages] of available) {
      if (batch.length >= this.#batchSize) break;
      const taken = messages.splice(0, this.#batchSize - batch.length);
      batch.push(...taken);
      this.#locked.add(groupId);
      if (messages.length === 0) this.#groups.delete(groupId);
    }
    return batch;
  }

  async #deliver(batch: QueuedMessage[]): Promise<void> {
    const now = this.#options.clock.now().getTime();
    for (const message of batch) {
      message.receiveCount += 1;
      message.firstReceivedAt ??= now;
    }
    this.#stats.batches += 1;
    this.#stats.received += batch.length;
    this.#inFlightMessages += batch.length;
    let failed: { ids: ReadonlySet<string>; error: { name: string; message: string } };
    try {
      const response = await this.#options.deliver({
        Records: batch.map((message) => this.#record(message)),
      });
      failed = reportedFailures(response, batch);
    } catch (error) {
      failed = { ids: new Set(batch.map((message) => message.messageId)), error: errorOf(error) };
    } finally {
      this.#inFlightMessages -= batch.length;
      this.#running -= 1;
    }
    await this.#settleBatch(batch, failed);
  }

  /** Deletes what worked, dead-letters what used its last receive, returns the rest to its group. */
  async #settleBatch(
    batch: readonly QueuedMessage[],
    failed: { ids: ReadonlySet<string>; error: { name: string; message: string } },
  ): Promise<void> {
    const retried = new Map<string, QueuedMessage[]>();
    for (const message of batch) {
      if (!failed.ids.has(message.messageId)) {
        this.#stats.deleted += 1;
      } else if (message.receiveCount >= this.#maxReceiveCount) {
        this.#deadLetter(message, failed.error);
      } else {
        const group = retried.get(message.groupId) ?? [];
        group.push(message);
        retried.set(message.groupId, group);
      }
    }
    // Back at the head of their group, before anything sent meanwhile, in their order.
    for (const [groupId, messages] of retried) {
      this.#groups.set(groupId, [...messages, ...(this.#groups.get(groupId) ?? [])]);
    }
    const batchGroups = new Set(batch.map((message) => message.groupId));
    for (const groupId of batchGroups) if (!retried.has(groupId)) this.#locked.delete(groupId);
    if (retried.size === 0) return;
    // The failed messages stay invisible for a while, and their groups stay locked with them.
    const receives = Math.max(...[...retried.values()].flat().map((message) => message.receiveCount));
    await new Promise((resolve) => setTimeout(resolve, this.#retryDelayMs * 2 ** (receives - 1)));
    for (const groupId of retried.keys()) this.#locked.delete(groupId);
  }

  #deadLetter(message: QueuedMessage, error: { name: string; message: string }): void {
    this.#stats.deadLettered += 1;
    const letter: FifoDeadLetter = {
      queue: this.name,
      messageId: message.messageId,
      groupId: message.groupId,
      body: message.body,
      receiveCount: message.receiveCount,
      error,
    };
    this.#deadLetters.push(letter);
    this.#options.onDeadLetter?.(letter);
  }

  /** The record as Lambda's SQS event carries it from a FIFO queue. */
  #record(message: QueuedMessage): SQSRecord {
    return {
      messageId: message.messageId,
      receiptHandle: `${message.messageId}#${message.receiveCount}`,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentAt),
        SenderId: LOCAL_ACCOUNT,
        ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? message.sentAt),
        SequenceNumber: message.sequenceNumber,
        MessageGroupId: message.groupId,
        MessageDeduplicationId: message.deduplicationId,
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(message.body, 'utf8').digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: this.arn,
      awsRegion: LOCAL_REGION,
    };
  }

  #forgetExpired(now: number): void {
    for (const [key, recent] of this.#recentIds) {
      if (recent.expiresAt <= now) this.#recentIds.delete(key);
    }
  }
}

function compareSequence(a: QueuedMessage | undefined, b: QueuedMessage | undefined): number {
  return (a?.sequenceNumber ?? '').localeCompare(b?.sequenceNumber ?? '');
}

/**
 * Lambda's reading of a partial batch response: `batchItemFailures` names the messages to keep;
 * no answer (or none listed) deletes the batch; an entry without an id of this batch fails all of it.
 */
function reportedFailures(
  response: unknown,
  batch: readonly QueuedMessage[],
): { ids: ReadonlySet<string>; error: { name: string; message: string } } {
  const error = { name: 'BatchItemFailure', message: 'The function reported the message as failed' };
  const items =
    typeof response === 'object' && response !== null
      ? Reflect.get(response, 'batchItemFailures')
      : undefined;
  if (items === undefined || items === null) return { ids: new Set(), error };
  const inBatch = new Set(batch.map((message) => message.messageId));
  const whole = {
    ids: inBatch,
    error: { name: 'InvalidBatchResponse', message: 'The batch response named no message of the batch' },
  };
  if (!Array.isArray(items)) return whole;
  const ids = new Set<string>();
  for (const item of items) {
    const id: unknown =
      typeof item === 'object' && item !== null ? Reflect.get(item, 'itemIdentifier') : undefined;
    if (typeof id !== 'string' || !inBatch.has(id)) return whole;
    ids.add(id);
  }
  return { ids, error };
}

function errorOf(error: unknown): { name: string; message: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'Error', message: String(error) };
}
