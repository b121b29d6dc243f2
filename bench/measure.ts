import { LocalKeyProvider } from '../shared/crypto/local-key-provider.js';

/** The p-th percentile by rank (the bench's figures; not a test). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Runs `run` n times in a row and answers each run's milliseconds. */
export async function timed(n: number, run: (i: number) => Promise<void>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const start = performance.now();
    await run(i);
    samples.push(performance.now() - start);
  }
  return samples;
}

/**
 * Counts key-provider calls in this process (the local cloud runs the handlers in-process):
 * each stands for one KMS call (GenerateDataKey or Decrypt) in AWS. Install once per process.
 */
export function countKeyCalls(): { read(): number } {
  let calls = 0;
  const proto = LocalKeyProvider.prototype;
  const generate = proto.generateDataKey;
  const decrypt = proto.decryptDataKey;
  proto.generateDataKey = function (this: LocalKeyProvider, ...args) {
    calls += 1;
    return generate.apply(this, args);
  };
  proto.decryptDataKey = function (this: LocalKeyProvider, ...args) {
    calls += 1;
    return decrypt.apply(this, args);
  };
  return { read: () => calls };
}

export interface ApiFigure {
  readonly operation: string;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly rawP50Ms: number;
  readonly ratio: number;
  readonly dynamodbRoundTrips: number;
  readonly dynamodbOperations: Readonly<Record<string, number>>;
  readonly keyProviderCalls: number;
  readonly keyProviderCallsWarm: number;
}

/** What measuring an operation counts with: the counting proxy, the key calls and the cloud's clock. */
export interface MeasureTools {
  readonly proxy: { readonly counts: Map<string, number>; reset(): void };
  readonly keyCalls: { read(): number };
  readonly clock: { advance(ms: number): unknown };
}

/**
 * One operation's figures: a first run (warms the handler), a run past the data-key cache
 * window (the DynamoDB round trips by operation and the key calls of a cold cache), a run
 * within it (the key calls of a warm cache), then `n` timed runs against `n` timed runs of the
 * raw DynamoDB round trips the same request needs. `run(i)` gets a fresh index each call.
 */
export async function measureOperation(
  tools: MeasureTools,
  operation: string,
  run: (i: number) => Promise<void>,
  rawRun: (i: number) => Promise<void>,
  n: number,
): Promise<ApiFigure> {
  const { proxy, keyCalls } = tools;
  await run(0);
  // Past the data-key cache window (5 min), so the next call shows the cold-cache cost.
  tools.clock.advance(10 * 60_000);
  proxy.reset();
  const keyBefore = keyCalls.read();
  await run(1);
  const tripsByOperation = Object.fromEntries(
    [...proxy.counts.entries()].filter(([k]) => k.startsWith('DynamoDB_')),
  );
  const trips = Object.values(tripsByOperation).reduce((a, v) => a + v, 0);
  const keyOne = keyCalls.read() - keyBefore;
  const warmBefore = keyCalls.read();
  await run(2);
  const keyWarm = keyCalls.read() - warmBefore;
  const api = await timed(n, (i) => run(i + 3));
  const rawSamples = await timed(n, rawRun);
  const p50 = percentile(api, 50);
  const rawP50 = percentile(rawSamples, 50);
  return {
    operation,
    p50Ms: p50,
    p99Ms: percentile(api, 99),
    rawP50Ms: rawP50,
    ratio: p50 / rawP50,
    dynamodbRoundTrips: trips,
    dynamodbOperations: tripsByOperation,
    keyProviderCalls: keyOne,
    keyProviderCallsWarm: keyWarm,
  };
}

/** Prints the figures as the bench shows them, with the round trips by DynamoDB operation. */
export function printApiFigures(title: string, figures: readonly ApiFigure[]): void {
  console.log(`\n${title}`);
  console.table(
    figures.map((f) => ({
      operation: f.operation,
      'p50 ms': f.p50Ms.toFixed(2),
      'p99 ms': f.p99Ms.toFixed(2),
      'raw p50 ms': f.rawP50Ms.toFixed(2),
      ratio: f.ratio.toFixed(2),
      'DynamoDB trips': f.dynamodbRoundTrips,
      'key calls (cold cache)': f.keyProviderCalls,
      'key calls (in cache window)': f.keyProviderCallsWarm,
    })),
  );
  for (const f of figures) console.log(`${f.operation}: ${JSON.stringify(f.dynamodbOperations)}`);
}

/**
 * The API latency split: per operation, the in-function p50 over the raw round trips (goal
 * ≤ 1.3x), and what the local HTTP stack and JWT authorizer add on top (API Gateway's part in
 * AWS, which the local server only stands in for).
 */
export function printApiSplit(inFunction: readonly ApiFigure[], viaHttp: readonly ApiFigure[]): void {
  console.log('\nAPI latency split: in the function vs what the HTTP stack and authorizer add');
  console.table(
    inFunction.map((f) => {
      const http = viaHttp.find((h) => h.operation === f.operation);
      return {
        operation: f.operation,
        'raw p50 ms': f.rawP50Ms.toFixed(2),
        'in function p50 ms': f.p50Ms.toFixed(2),
        'in function / raw': f.ratio.toFixed(2),
        'goal (<=1.3x)': f.ratio <= 1.3 ? 'met' : 'not met',
        'via HTTP p50 ms': http === undefined ? '' : http.p50Ms.toFixed(2),
        'HTTP + authorizer add ms': http === undefined ? '' : (http.p50Ms - f.p50Ms).toFixed(2),
      };
    }),
  );
}
