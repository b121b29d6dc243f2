import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { DevTokenRequest } from '../../infra/local/dev-issuer.js';
import { type LocalCloud, startLocalCloud } from '../../infra/local/local-cloud.js';
import type { CapabilityDefinition } from '../../shared/capability/types.js';
import { ControlledClock } from '../../shared/time/clock.js';

/** A local cloud for one e2e test file: its clock only moves when the test says so. */
export interface TestCloud extends LocalCloud {
  readonly clock: ControlledClock;
  /**
   * Stops the cloud as Ctrl-C would and starts it again over the same data directory and
   * tables, its clock where this one's was (or at `now`, later: time passed while it was
   * down). Use the returned cloud from then on.
   */
  restart(options?: { readonly now?: Date }): Promise<TestCloud>;
}

export interface TestCloudOptions {
  /** Default: every capability of the app. */
  readonly capabilities?: readonly CapabilityDefinition[];
  /** Where the clock starts. Default: now. */
  readonly now?: Date;
  /** Fire schedules when the clock passes them. Default false: tests run schedules explicitly. */
  readonly autoSchedules?: boolean;
}

/**
 * Starts the local cloud on the run's shared DynamoDB Local with tables of its own (unique
 * prefix), a ControlledClock, a random port and a temporary data directory (removed on stop).
 * Handlers share the process: one test cloud per test file at a time.
 */
export async function startTestCloud(options: TestCloudOptions = {}): Promise<TestCloud> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fincrm-e2e-'));
  return launchTestCloud(options, {
    dataDir,
    tablePrefix: `e2e-${randomUUID().slice(0, 8)}-`,
    now: options.now ?? new Date(),
  });
}

interface TestCloudPlace {
  readonly dataDir: string;
  readonly tablePrefix: string;
  readonly now: Date;
  /** The previous start's AWS endpoint port (a restart). */
  readonly awsPort?: number;
}

async function launchTestCloud(options: TestCloudOptions, place: TestCloudPlace): Promise<TestCloud> {
  const { dataDir, tablePrefix } = place;
  const clock = new ControlledClock(place.now);
  try {
    const cloud = await startLocalCloud({
      port: 0,
      dataDir,
      dynamodbEndpoint: inject('dynamodbEndpoint'),
      tablePrefix,
      clock,
      autoSchedules: options.autoSchedules ?? false,
      ...(options.capabilities ? { capabilities: options.capabilities } : {}),
      ...(place.awsPort === undefined ? {} : { awsPort: place.awsPort }),
    });
    return {
      ...cloud,
      clock,
      stop: async () => {
        await cloud.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
      restart: async (restart = {}) => {
        await cloud.stop();
        return launchTestCloud(options, {
          dataDir,
          tablePrefix,
          now: restart.now ?? clock.now(),
          // Handler modules stay loaded in this process (as in a warm Lambda) with the SDK
          // clients they made for the first endpoint; a new process would read the new one.
          awsPort: Number(new URL(cloud.awsEndpoint).port),
        });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** A dev access token from the cloud's issuer, through `POST /local/dev-token`. */
export async function devToken(cloud: LocalCloud, claims: DevTokenRequest): Promise<string> {
  const response = await fetch(`${cloud.apiUrl}/local/dev-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(claims),
  });
  const body = (await response.json()) as { token?: unknown };
  if (response.status !== 200 || typeof body.token !== 'string') {
    throw new Error(`dev-token failed with ${response.status}: ${JSON.stringify(body)}`);
  }
  return body.token;
}

export interface ApiResponse {
  readonly status: number;
  /** Lower-case names. */
  readonly headers: Record<string, string>;
  /** The parsed JSON body (undefined when empty or not JSON). */
  readonly body: unknown;
  /** The body when it is a JSON object, else `{}`: convenient for property assertions. */
  readonly json: Record<string, unknown>;
}

export interface ApiCallOptions {
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A tiny client for the local API as `token`'s holder (no token: anonymous).
 * @example const res = await api(cloud, token).get('/v1/customers?limit=5');
 */
export function api(cloud: LocalCloud, token?: string) {
  const call = async (method: string, path: string, options: ApiCallOptions = {}): Promise<ApiResponse> => {
    const headers: Record<string, string> = { ...options.headers };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    if (options.body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${cloud.apiUrl}${path}`, {
      method,
      headers,
      ...(options.body === undefined
        ? {}
        : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    const json =
      typeof body === 'object' && body !== null && !Array.isArray(body)
        ? (body as Record<string, unknown>)
        : {};
    return { status: response.status, headers: Object.fromEntries(response.headers), body, json };
  };
  return {
    call,
    get: (path: string, options?: ApiCallOptions) => call('GET', path, options),
    post: (path: string, body?: unknown, options?: ApiCallOptions) =>
      call('POST', path, { ...options, body }),
    put: (path: string, body?: unknown, options?: ApiCallOptions) => call('PUT', path, { ...options, body }),
    patch: (path: string, body?: unknown, options?: ApiCallOptions) =>
      call('PATCH', path, { ...options, body }),
    delete: (path: string, options?: ApiCallOptions) => call('DELETE', path, options),
  };
}
