import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { FunctionSpec } from '../../shared/capability/types.js';
import type { Runtime } from '../../shared/runtime/runtime.js';
import { ConcurrencyLimit } from './concurrency.js';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './environment.js';
import { notifyInvocation } from './observers.js';
import { REPO_ROOT } from './paths.js';

type Handler = (event: unknown, context: Context) => unknown;

/**
 * Invocations of one function that run at once locally. Each uses a few DynamoDB requests at a
 * time, so this keeps a function's client below the SDK's 50 sockets and DynamoDB Local below
 * the concurrency at which it starts failing requests on its locks.
 */
export const LOCAL_FUNCTION_CONCURRENCY = 12;

/** Lambda's error when a function runs past its timeout. */
export class LambdaTimeoutError extends Error {
  override readonly name = 'Sandbox.Timedout';
}

/** Invokes a function by its FunctionSpec id, with the event and a Lambda context. */
export type FunctionInvoker = (functionId: string, event: unknown) => Promise<unknown>;

/** The ARN of a local function, as a state machine definition names it. */
export function functionArn(id: string): string {
  return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${id}`;
}

/**
 * The capabilities' functions loaded in process. Every handler module exports
 * `createHandler(runtime)`: the local cloud builds each handler with its own runtime (the local
 * environment, its clock, the local key files), once, after that environment is in place, the
 * way Lambda starts a module with its configuration already set; the handler is then reused,
 * like a warm container. Invocations may run concurrently.
 */
export class LocalFunctions {
  readonly #specs = new Map<string, FunctionSpec>();
  readonly #handlers = new Map<string, Handler>();
  readonly #repoRoot: string;
  readonly #runtime: () => Runtime;
  readonly #limits = new Map<string, ConcurrencyLimit>();

  /** Functions created without `DEAD_LETTER_QUEUE_URL`: AWS gives them no dead-letter queue. */
  readonly #withoutDeadLetterQueue: ReadonlySet<string>;

  constructor(
    specs: readonly FunctionSpec[],
    runtime: () => Runtime,
    repoRoot = REPO_ROOT,
    withoutDeadLetterQueue: ReadonlySet<string> = new Set(),
  ) {
    this.#withoutDeadLetterQueue = withoutDeadLetterQueue;
    for (const spec of specs) {
      if (this.#specs.has(spec.id)) throw new Error(`Two functions declare the id ${spec.id}`);
      this.#specs.set(spec.id, spec);
    }
    this.#runtime = runtime;
    this.#repoRoot = repoRoot;
  }

  has(id: string): boolean {
    return this.#specs.has(id);
  }

  /** Ids of every function. */
  ids(): string[] {
    return [...this.#specs.keys()];
  }

  /** Imports every handler module (fails fast on a missing module or export). */
  async loadAll(): Promise<void> {
    for (const id of this.#specs.keys()) await this.#load(id);
  }

  /**
   * Invokes the function as Lambda would: event plus a context with its name, memory and
   * deadline; at most {@link LOCAL_FUNCTION_CONCURRENCY} invocations of one function at once
   * (the others queue, as they would behind a function's concurrency limit).
   */
  readonly invoke: FunctionInvoker = async (functionId, event) => {
    const spec = this.#specs.get(functionId);
    if (spec === undefined) throw new Error(`Unknown function ${functionId}`);
    let limit = this.#limits.get(functionId);
    if (limit === undefined) {
      limit = new ConcurrencyLimit(LOCAL_FUNCTION_CONCURRENCY);
      this.#limits.set(functionId, limit);
    }
    return limit.run(() => this.#invoke(spec, event));
  };

  async #invoke(spec: FunctionSpec, event: unknown): Promise<unknown> {
    const handler = await this.#load(spec.id);
    const started = performance.now();
    const deadline = Date.now() + spec.timeoutSeconds * 1000;
    const context = lambdaContext(spec, deadline);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new LambdaTimeoutError(`Task timed out after ${spec.timeoutSeconds}.00 seconds`)),
        spec.timeoutSeconds * 1000,
      );
      timer.unref();
    });
    try {
      return await Promise.race([Promise.resolve().then(() => handler(event, context)), timeout]);
    } finally {
      clearTimeout(timer);
      notifyInvocation({
        functionId: spec.id,
        memoryMb: spec.memoryMb,
        durationMs: performance.now() - started,
      });
    }
  }

  #runtimeOf(id: string): Runtime {
    const runtime = this.#runtime();
    if (!this.#withoutDeadLetterQueue.has(id)) return runtime;
    const { DEAD_LETTER_QUEUE_URL: _none, ...env } = runtime.env;
    return { ...runtime, env };
  }

  async #load(id: string): Promise<Handler> {
    const cached = this.#handlers.get(id);
    if (cached) return cached;
    const spec = this.#specs.get(id);
    if (spec === undefined) throw new Error(`Unknown function ${id}`);
    const module: Record<string, unknown> = await import(
      pathToFileURL(resolve(this.#repoRoot, spec.entry)).href
    );
    const create = module.createHandler;
    if (typeof create !== 'function') {
      throw new Error(`${spec.entry} does not export createHandler(runtime)`);
    }
    const created: unknown = create(this.#runtimeOf(id));
    if (typeof created !== 'function')
      throw new Error(`${spec.entry}: createHandler did not return a handler`);
    const handler = created as Handler;
    this.#handlers.set(id, handler);
    return handler;
  }
}

function lambdaContext(spec: FunctionSpec, deadline: number): Context {
  const functionName = `fincrm-local-${spec.id}`;
  const unsupported = (): never => {
    throw new Error('Callback-style handlers are not supported; return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn(spec.id),
    memoryLimitInMB: String(spec.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${randomUUID().replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
