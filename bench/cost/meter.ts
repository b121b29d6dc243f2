import type { LocalCloud } from '../../infra/local/local-cloud.js';
import { observeLocalCloud } from '../../infra/local/observers.js';
import type { CapabilityDefinition } from '../../shared/capability/types.js';
import { countKeyCalls } from '../measure.js';
import { startCapacityProxy } from './capacity-proxy.js';
import type { Quantities, QuantityKey } from './model.js';
import { Tally } from './tally.js';

/**
 * Counts, while the real code runs in the local cloud, every billable operation it makes, in
 * the units AWS bills (bench/cost/prices): DynamoDB request units per table (the capacity
 * proxy), Lambda requests and GB-seconds per function (memory from its definition × the
 * duration measured here: local time, on this machine), API Gateway requests (invocations of
 * an API function), custom events on the bus in 64 KB chunks and the bytes archived, SQS
 * requests (SendMessage seen by the AWS endpoint, a receive and a batch delete per batch a
 * coalesced-work worker takes), KMS requests (each key-provider call), state transitions
 * (states entered by every execution), log bytes (what the functions write to stdout/stderr at
 * the deployed log level, plus Lambda's platform records) and the custom metrics seen in EMF.
 */

const GB = 1024 ** 3;
const CHUNK = 64 * 1024;
/**
 * What Lambda itself logs per invocation in the JSON log format (platform.start and
 * platform.report records), in bytes: a modelled figure, not counted.
 */
export const PLATFORM_LOG_BYTES_PER_INVOCATION = 550;

/** The share of requests X-Ray's default sampling rule records beyond its reservoir. */
export const XRAY_SAMPLED_SHARE = 0.05;

export interface Meter {
  readonly tally: Tally;
  /** The DynamoDB endpoint the local cloud must use (the metering proxy). */
  readonly dynamodbEndpoint: string;
  /** Distinct custom metrics (namespace, name, dimension values) seen so far. */
  readonly metrics: ReadonlySet<string>;
  /** Reads the quantities that are taken whole from the cloud (state transitions) into the tally. */
  attach(cloud: LocalCloud, capabilities: readonly CapabilityDefinition[]): void;
  snapshot(): Quantities;
  /** How many invocations have finished so far (a mark for {@link Meter.gbSecondsSince}). */
  invocationsSoFar(): number;
  /**
   * GB-seconds of the invocations since `mark`, robust to this machine's load: per function,
   * its invocations × its memory × the median of their durations (a single slow invocation,
   * a garbage collection or another process's burst, does not make every one slow).
   */
  gbSecondsSince(mark: number): Quantities;
  /** Writes to the terminal without being counted as a function's log. */
  print(line: string): void;
  stop(): Promise<void>;
}

export async function startMeter(dynamodbLocal: string): Promise<Meter> {
  const tally = new Tally();
  // Table names as the cloud made them (`<prefix><TableSpec.id>`), reported by their spec id.
  let tableIds: ReadonlyMap<string, string> = new Map();
  const proxy = await startCapacityProxy(dynamodbLocal, ({ table, kind, units }) => {
    const id = tableIds.get(table) ?? table;
    tally.add(`${kind === 'read' ? 'dynamodb.readRequestUnits' : 'dynamodb.writeRequestUnits'}|${id}`, units);
  });
  const keyCalls = countKeyCalls();
  const metrics = new Set<string>();
  const invocations: { functionId: string; memoryMb: number; durationMs: number }[] = [];
  let apiFunctions: ReadonlySet<string> = new Set();
  let workers: ReadonlyMap<string, string> = new Map();
  let cloud: LocalCloud | undefined;

  const stopObserving = observeLocalCloud({
    invocation: ({ functionId, memoryMb, durationMs }) => {
      invocations.push({ functionId, memoryMb, durationMs });
      tally.add(`lambda.requests|${functionId}`, 1);
      // Lambda bills duration rounded up to the millisecond.
      tally.add(`lambda.armGbSeconds|${functionId}`, ((memoryMb / 1024) * Math.ceil(durationMs)) / 1000);
      tally.add('cloudwatch.logsIngestedGb|Lambda platform records', PLATFORM_LOG_BYTES_PER_INVOCATION / GB);
      // Active tracing: beyond the reservoir (a fixed item), the default rule samples 5 % of
      // requests; each invocation is counted as a trace of its own (EventBridge does not carry
      // the trace on): a modelled figure.
      tally.add('xray.traces|5 % of invocations sampled', XRAY_SAMPLED_SHARE);
      if (apiFunctions.has(functionId)) tally.add(`apigateway.httpRequests|${functionId}`, 1);
      const work = workers.get(functionId);
      // The event source mapping receives the batch and deletes what succeeded: two requests.
      if (work !== undefined) tally.add(`sqs.fifoRequests|${work} receive and delete`, 2);
    },
    busEntry: ({ source, detailType, bytes }) => {
      // Events AWS services publish (SES to the default bus) are free.
      if (source.startsWith('aws.')) return;
      tally.add(`eventbridge.customEvents|${detailType}`, Math.ceil(bytes / CHUNK));
      tally.add(`eventbridge.archiveGb|${detailType}`, bytes / GB);
    },
    awsRequest: ({ target, input }) => {
      const [service, operation] = target.split('.');
      if (service !== 'AmazonSQS' || !operation?.startsWith('SendMessage')) return;
      const url = String(input.QueueUrl ?? '');
      const name = url.split('/').pop() ?? 'queue';
      const bodies = Array.isArray(input.Entries)
        ? input.Entries.map((entry: unknown) =>
            typeof entry === 'object' && entry !== null
              ? String((entry as { MessageBody?: unknown }).MessageBody)
              : '',
          )
        : [String(input.MessageBody ?? '')];
      const chunks = Math.max(
        1,
        Math.ceil(bodies.reduce((n, body) => n + Buffer.byteLength(body), 0) / CHUNK),
      );
      tally.add(
        `${url.endsWith('.fifo') ? 'sqs.fifoRequests' : 'sqs.standardRequests'}|${name} send`,
        chunks,
      );
    },
  });

  const restoreOutput = captureOutput((line) => {
    const bytes = Buffer.byteLength(line) + 1;
    const parsed = parseLine(line);
    const emf = parsed?._aws;
    if (emf !== undefined) {
      for (const metric of emfMetrics(parsed ?? {})) metrics.add(metric);
      tally.add('cloudwatch.logsIngestedGb|EMF metric records', bytes / GB);
      return;
    }
    const source = typeof parsed?.function_name === 'string' ? parsed.function_name : 'other output';
    tally.add(`cloudwatch.logsIngestedGb|${source.replace(/^fincrm-local-/, '')}`, bytes / GB);
  });

  return {
    tally,
    dynamodbEndpoint: proxy.url,
    metrics,
    attach(localCloud, capabilities) {
      cloud = localCloud;
      tableIds = new Map(Object.entries(localCloud.tables).map(([id, name]) => [name, id]));
      apiFunctions = new Set(capabilities.flatMap((c) => (c.api ? [c.api.functionId] : [])));
      workers = new Map(
        capabilities.flatMap((c) =>
          (c.coalescedWork ?? []).map((work) => [work.functionId, work.id] as const),
        ),
      );
    },
    snapshot() {
      tally.set('kms.requests|data keys (GenerateDataKey, Decrypt)', keyCalls.read());
      if (cloud !== undefined) {
        const byMachine = new Map<string, number>();
        for (const execution of cloud.stepFunctions.listExecutions()) {
          byMachine.set(
            execution.stateMachineId,
            (byMachine.get(execution.stateMachineId) ?? 0) + execution.history.length,
          );
        }
        for (const [machine, transitions] of byMachine) {
          tally.set(`stepfunctions.stateTransitions|${machine}` satisfies QuantityKey, transitions);
        }
      }
      return tally.snapshot();
    },
    invocationsSoFar: () => invocations.length,
    gbSecondsSince(mark) {
      const byFunction = new Map<string, { memoryMb: number; durations: number[] }>();
      for (const { functionId, memoryMb, durationMs } of invocations.slice(mark)) {
        const entry = byFunction.get(functionId) ?? { memoryMb, durations: [] };
        entry.durations.push(Math.ceil(durationMs));
        byFunction.set(functionId, entry);
      }
      const result: Partial<Record<QuantityKey, number>> = {};
      for (const [functionId, { memoryMb, durations }] of byFunction) {
        result[`lambda.armGbSeconds|${functionId}`] =
          (durations.length * (memoryMb / 1024) * median(durations)) / 1000;
      }
      return result;
    },
    print: (line) => restoreOutput.write(`${line}\n`),
    async stop() {
      stopObserving();
      restoreOutput.restore();
      await proxy.close();
    },
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function parseLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The metric identities of an EMF record: namespace, name and the values of its dimensions. */
function emfMetrics(record: Record<string, unknown>): string[] {
  const aws = record._aws as { CloudWatchMetrics?: unknown } | undefined;
  const directives = Array.isArray(aws?.CloudWatchMetrics) ? aws.CloudWatchMetrics : [];
  return directives.flatMap((directive: unknown) => {
    const { Namespace, Dimensions, Metrics } = directive as {
      Namespace?: unknown;
      Dimensions?: unknown;
      Metrics?: unknown;
    };
    const dimensionSets = Array.isArray(Dimensions) ? (Dimensions as unknown[]) : [[]];
    const names = Array.isArray(Metrics)
      ? Metrics.map((m: unknown) => String((m as { Name?: unknown }).Name))
      : [];
    return dimensionSets.flatMap((set) => {
      const dims = Array.isArray(set)
        ? set.map((d) => `${String(d)}=${String(record[String(d)])}`).join(',')
        : '';
      return names.map((name) => `${String(Namespace)}/${name}/${dims}`);
    });
  });
}

/**
 * Takes over stdout and stderr: every line the functions write is handed to `onLine` (and not
 * shown); `write` goes to the terminal as before.
 */
function captureOutput(onLine: (line: string) => void): { write(text: string): void; restore(): void } {
  const streams = [process.stdout, process.stderr] as const;
  const originals = streams.map((stream) => stream.write.bind(stream));
  const pending = ['', ''];
  streams.forEach((stream, index) => {
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      const text = pending[index] + (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const lines = text.split('\n');
      pending[index] = lines.pop() ?? '';
      for (const line of lines) onLine(line);
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof stream.write;
  });
  const [stdout] = originals;
  return {
    write: (text) => {
      stdout?.(text);
    },
    restore: () => {
      streams.forEach((stream, index) => {
        const original = originals[index];
        if (original !== undefined) stream.write = original as typeof stream.write;
      });
    },
  };
}
