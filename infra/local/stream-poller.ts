import { readFile, writeFile } from 'node:fs/promises';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { OUTBOX_STREAM_FILTER } from '../../shared/capability/outbox-relay.js';
import type { DeadLetter } from './bus.js';
import { errorSummary } from './bus.js';
import { LOCAL_REGION } from './environment.js';
import { compileEventPattern } from './event-pattern.js';
import type { FunctionInvoker } from './lambda-runtime.js';
import { toLambdaRecord } from './stream-records.js';

const matchesFilter = compileEventPattern(OUTBOX_STREAM_FILTER);

export interface StreamSource {
  readonly tableName: string;
  /** The relay function invoked with this table's batches. */
  readonly functionId: string;
}

export interface StreamPollerOptions {
  readonly dynamodb: DynamoDBClient;
  readonly endpoint: string;
  readonly sources: readonly StreamSource[];
  readonly invoke: FunctionInvoker;
  readonly onFailure: (letter: DeadLetter) => void;
  /** Where shard checkpoints survive restarts (omitted: start from the trim horizon). */
  readonly checkpointFile?: string;
  readonly intervalMs?: number;
  readonly batchSize?: number;
  /** Attempts per batch before the rest of it goes to the DLQ. */
  readonly maxAttempts?: number;
}

interface ShardState {
  iterator?: string | undefined;
  done: boolean;
}

/**
 * The stream side of the outbox: polls the streams of the outbox tables, applies the event
 * source mapping's filter and invokes the relay with `DynamoDBStreamEvent` batches, retrying
 * from the first reported `batchItemFailures` item, as Lambda does.
 */
export class StreamPoller {
  readonly #options: StreamPollerOptions;
  readonly #client: DynamoDBStreamsClient;
  readonly #shards = new Map<string, Map<string, ShardState>>();
  #checkpoints: Record<string, string> = {};
  #chain: Promise<unknown> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #running = false;

  constructor(options: StreamPollerOptions) {
    this.#options = options;
    this.#client = new DynamoDBStreamsClient({
      endpoint: options.endpoint,
      region: LOCAL_REGION,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  }

  /** Loads checkpoints and starts polling every `intervalMs` (default 200 ms). */
  async start(): Promise<void> {
    if (this.#options.checkpointFile) {
      try {
        this.#checkpoints = JSON.parse(await readFile(this.#options.checkpointFile, 'utf8')) as Record<
          string,
          string
        >;
      } catch {
        this.#checkpoints = {};
      }
    }
    this.#running = true;
    this.#schedule();
  }

  /**
   * Resolves once every record written before the call has been delivered (or dead-lettered);
   * returns how many records were read.
   */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const delivered = await this.#exclusive(() => this.#pollAll());
      if (delivered === 0) return total;
      total += delivered;
    }
  }

  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    await this.#chain.catch(() => undefined);
    this.#client.destroy();
  }

  #schedule(): void {
    if (!this.#running) return;
    this.#timer = setTimeout(() => {
      void this.#exclusive(() => this.#pollAll())
        .catch((error: unknown) => console.error('Stream poller:', error))
        .finally(() => this.#schedule());
    }, this.#options.intervalMs ?? 200);
    this.#timer.unref();
  }

  /** One poll at a time: the background loop and drain() share shard iterators. */
  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#chain.catch(() => undefined).then(work);
    this.#chain = next;
    return next;
  }

  async #pollAll(): Promise<number> {
    let delivered = 0;
    for (const source of this.#options.sources) delivered += await this.#pollTable(source);
    return delivered;
  }

  async #pollTable(source: StreamSource): Promise<number> {
    const table = await this.#options.dynamodb.send(
      new DescribeTableCommand({ TableName: source.tableName }),
    );
    const streamArn = table.Table?.LatestStreamArn;
    if (!streamArn) return 0;
    const shards = this.#shards.get(streamArn) ?? new Map<string, ShardState>();
    this.#shards.set(streamArn, shards);
    const description = await this.#client.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    let delivered = 0;
    for (const shard of description.StreamDescription?.Shards ?? []) {
      const shardId = shard.ShardId;
      if (!shardId) continue;
      const parent = shard.ParentShardId ? shards.get(shard.ParentShardId) : undefined;
      if (parent && !parent.done) continue; // Parents first: records stay in order.
      const state = shards.get(shardId) ?? { done: false };
      shards.set(shardId, state);
      if (!state.done) delivered += await this.#readShard(source, streamArn, shardId, state);
    }
    return delivered;
  }

  async #readShard(
    source: StreamSource,
    streamArn: string,
    shardId: string,
    state: ShardState,
  ): Promise<number> {
    const checkpointKey = `${streamArn}|${shardId}`;
    if (state.iterator === undefined)
      state.iterator = await this.#iterator(streamArn, shardId, checkpointKey);
    let delivered = 0;
    let trimmed = 0;
    while (state.iterator) {
      let page: GetRecordsCommandOutput;
      try {
        page = await this.#getRecords(state.iterator);
      } catch (error) {
        // DynamoDB Local sometimes refuses an iterator taken on an empty shard once records
        // arrive (TrimmedDataAccessException, a known DynamoDB Local bug; nothing is trimmed
        // within 24 hours in AWS). Take a fresh iterator after the last record delivered.
        if (!(error instanceof Error && error.name === 'TrimmedDataAccessException') || trimmed >= 3)
          throw error;
        trimmed += 1;
        state.iterator = await this.#iterator(streamArn, shardId, checkpointKey);
        continue;
      }
      state.iterator = page.NextShardIterator;
      if (state.iterator === undefined) state.done = true;
      const records = (page.Records ?? []).map((record) => toLambdaRecord(record, streamArn));
      if (records.length === 0) break;
      const wanted = records.filter((record) => matchesFilter(record));
      if (wanted.length > 0) await this.#deliver(source, wanted);
      delivered += records.length;
      const last = records.at(-1)?.dynamodb?.SequenceNumber;
      if (last) await this.#checkpoint(checkpointKey, last);
    }
    return delivered;
  }

  /** An iterator after the shard's checkpoint, or at its start when nothing was delivered yet. */
  async #iterator(streamArn: string, shardId: string, checkpointKey: string): Promise<string | undefined> {
    const after = this.#checkpoints[checkpointKey];
    const iterator = await this.#client.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ...(after
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
          : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return iterator.ShardIterator;
  }

  #getRecords(iterator: string) {
    return this.#client.send(
      new GetRecordsCommand({ ShardIterator: iterator, Limit: this.#options.batchSize ?? 100 }),
    );
  }

  async #deliver(source: StreamSource, records: DynamoDBRecord[]): Promise<void> {
    const attempts = this.#options.maxAttempts ?? 3;
    let pending = records;
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts && pending.length > 0; attempt++) {
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** (attempt - 2)));
      try {
        const response = (await this.#options.invoke(source.functionId, { Records: pending })) as
          | DynamoDBBatchResponse
          | undefined;
        const failed = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
        // Lambda resumes from the first failed record: everything before it is done.
        const firstFailed = pending.findIndex((record) => failed.has(record.dynamodb?.SequenceNumber ?? ''));
        pending = firstFailed < 0 ? [] : pending.slice(firstFailed);
        lastError = new Error('Records reported as batchItemFailures');
      } catch (error) {
        lastError = error;
      }
    }
    if (pending.length === 0) return;
    this.#options.onFailure({
      source: `stream:${source.tableName}`,
      target: `function:${source.functionId}`,
      payload: { Records: pending },
      error: errorSummary(lastError),
      attempts,
      failedAt: new Date().toISOString(),
    });
  }

  async #checkpoint(key: string, sequenceNumber: string): Promise<void> {
    this.#checkpoints[key] = sequenceNumber;
    if (this.#options.checkpointFile) {
      await writeFile(this.#options.checkpointFile, JSON.stringify(this.#checkpoints));
    }
  }
}
