import { randomBytes } from 'node:crypto';

/** An AWS-style error carrying the name the Step Functions API returns (`__type`). */
export class StatesApiError extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

/** The error a task fails with: its name is what a Catch's ErrorEquals matches. */
export class TaskFailedError extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

export interface PendingTask {
  readonly token: string;
  readonly executionArn: string;
  readonly stateName: string;
  readonly since: string;
}

interface Waiter extends PendingTask {
  readonly resolve: (output: unknown) => void;
  readonly reject: (error: Error) => void;
}

/** Output size Step Functions accepts in SendTaskSuccess. */
const MAX_OUTPUT_CHARS = 256 * 1024;

/**
 * Task tokens of `.waitForTaskToken` states: minted per task attempt, settled by
 * SendTaskSuccess / SendTaskFailure, or failed by a timeout. A settled token answers as AWS
 * does: TaskTimedOut once timed out, TaskDoesNotExist otherwise.
 */
export class TaskTokens {
  readonly #waiting = new Map<string, Waiter>();
  readonly #finished = new Map<string, 'completed' | 'timedOut'>();

  /** A new opaque token (long and random, like the real ones). */
  mint(): string {
    return `AQ${randomBytes(48).toString('base64url')}`;
  }

  /** Registers a task waiting on `token`; the promise settles when the token is answered. */
  wait(token: string, task: { executionArn: string; stateName: string; since: Date }): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.#waiting.set(token, {
        token,
        executionArn: task.executionArn,
        stateName: task.stateName,
        since: task.since.toISOString(),
        resolve,
        reject,
      });
    });
  }

  /** Tasks waiting for a callback (what `GET /local/tasks` lists). */
  pending(): PendingTask[] {
    return [...this.#waiting.values()].map(({ token, executionArn, stateName, since }) => ({
      token,
      executionArn,
      stateName,
      since,
    }));
  }

  /** SendTaskSuccess: `output` is the JSON text the caller sent. */
  succeed(token: string, output: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(output);
    } catch {
      throw new StatesApiError('InvalidOutput', 'The output is not valid JSON.');
    }
    if (output.length > MAX_OUTPUT_CHARS)
      throw new StatesApiError('InvalidOutput', 'The output is too large.');
    this.#take(token, 'completed').resolve(parsed);
  }

  /** SendTaskFailure: the task fails with `error` as its error name. */
  fail(token: string, error = 'States.TaskFailed', cause = ''): void {
    this.#take(token, 'completed').reject(new TaskFailedError(error, cause));
  }

  /** SendTaskHeartbeat: only checks that the task is still waiting. */
  heartbeat(token: string): void {
    this.#get(token);
  }

  /** The task's deadline passed: it fails with States.Timeout. */
  timeOut(token: string): void {
    if (!this.#waiting.has(token)) return;
    this.#take(token, 'timedOut').reject(new TaskFailedError('States.Timeout', 'Task timed out.'));
  }

  /** Whether a task still waits on `token` (not answered, timed out or discarded). */
  isWaiting(token: string): boolean {
    return this.#waiting.has(token);
  }

  /**
   * Forgets every waiting task without settling it: on shutdown, so that nothing moves an
   * execution on while the local cloud stops; a restart waits on the tokens again.
   */
  abandonAll(): void {
    this.#waiting.clear();
  }

  /** Forgets a token without settling it (its Lambda invocation failed first). */
  discard(token: string): void {
    this.#waiting.delete(token);
  }

  /** Fails every task of an execution (abort, shutdown). */
  cancelExecution(executionArn: string, reason: string): void {
    for (const waiter of [...this.#waiting.values()]) {
      if (waiter.executionArn === executionArn) {
        this.#take(waiter.token, 'completed').reject(new TaskFailedError('States.Runtime', reason));
      }
    }
  }

  #get(token: string): Waiter {
    const waiter = this.#waiting.get(token);
    if (waiter) return waiter;
    if (this.#finished.get(token) === 'timedOut') {
      throw new StatesApiError('TaskTimedOut', 'Task Timed Out');
    }
    if (!/^[A-Za-z0-9_-]{1,1024}$/.test(token)) throw new StatesApiError('InvalidToken', 'Invalid token');
    throw new StatesApiError('TaskDoesNotExist', 'Task does not exist anymore');
  }

  #take(token: string, outcome: 'completed' | 'timedOut'): Waiter {
    const waiter = this.#get(token);
    this.#waiting.delete(token);
    this.#finished.set(token, outcome);
    return waiter;
  }
}
