import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localDynamoDbClient, startDynamoDbLocal } from '../infra/local/dynamodb-local.js';
import { type LocalCloud, startLocalCloud } from '../infra/local/local-cloud.js';
import { type CountingProxy, startCountingProxy } from './counting-proxy.js';
import { countKeyCalls } from './measure.js';

/**
 * What every bench that measures against DynamoDB Local starts with: DynamoDB Local, the
 * counting proxy the measured code talks through (exact round trips per operation), the count of
 * key-provider calls (each a KMS call in AWS), and a raw client that goes around the proxy for
 * the baseline round trips.
 */
export interface BenchDynamo {
  /** DynamoDB Local itself (the raw baseline's endpoint). */
  readonly endpoint: string;
  readonly proxy: CountingProxy;
  readonly keyCalls: { read(): number };
  readonly raw: DynamoDBDocumentClient;
  stop(): Promise<void>;
}

export async function startBenchDynamo(): Promise<BenchDynamo> {
  const dynamo = await startDynamoDbLocal({});
  const proxy = await startCountingProxy(dynamo.endpoint);
  const keyCalls = countKeyCalls();
  // EMF metrics and info logs go to stdout on every request; Lambda ships them
  // asynchronously, so they are not part of the latency being compared.
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  process.env.POWERTOOLS_LOG_LEVEL = 'WARN';
  const raw = DynamoDBDocumentClient.from(localDynamoDbClient(dynamo.endpoint));
  return {
    endpoint: dynamo.endpoint,
    proxy,
    keyCalls,
    raw,
    stop: async () => {
      raw.destroy();
      await proxy.close();
      await dynamo.stop();
    },
  };
}

/** An API answer as the benches read it. */
export interface BenchAnswer {
  readonly status: number;
  readonly etag: string;
  readonly json: Record<string, unknown>;
}

/** The benches' DynamoDB plus the local cloud on it, and a call through its HTTP API. */
export interface BenchCloud extends BenchDynamo {
  readonly cloud: LocalCloud;
  /** One request with `token`; an answer of 300 or more throws (a bench measures successes). */
  call(
    token: string,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<BenchAnswer>;
}

/**
 * The local cloud over a fresh DynamoDB Local, its tables under `tablePrefix`, no timers
 * (schedules run only when a bench asks). `settings` are set in the environment before the
 * cloud starts, as a deployment's would be.
 */
export async function startBenchCloud(
  tablePrefix: string,
  settings: Readonly<Record<string, string>> = {},
): Promise<BenchCloud> {
  const dynamo = await startBenchDynamo();
  Object.assign(process.env, settings);
  const cloud = await startLocalCloud({
    port: 0,
    dataDir: await mkdtemp(join(tmpdir(), `fincrm-${tablePrefix}`)),
    dynamodbEndpoint: dynamo.proxy.url,
    tablePrefix,
    autoSchedules: false,
  });
  const call: BenchCloud['call'] = async (token, method, path, body, headers = {}) => {
    const response = await fetch(`${cloud.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await response.json()) as Record<string, unknown>;
    if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}`);
    return { status: response.status, etag: response.headers.get('etag') ?? '', json };
  };
  return {
    ...dynamo,
    cloud,
    call,
    stop: async () => {
      // What the measured requests set off (outbox relays, consumers, deliveries) finishes on
      // the DynamoDB it started on, instead of retrying against a stopped one.
      await cloud.settle();
      await cloud.stop();
      await dynamo.stop();
    },
  };
}
