import { randomUUID } from 'node:crypto';
import type { RuleSpec } from '../../shared/capability/types.js';
import type { Clock } from '../../shared/time/clock.js';
import { LOCAL_ACCOUNT, LOCAL_BUS_NAME, LOCAL_REGION } from './environment.js';
import { compileEventPattern, type EventMatcher } from './event-pattern.js';
import type { FunctionInvoker } from './lambda-runtime.js';
import { notifyBusEntry } from './observers.js';

/** The event a rule target receives, as EventBridge builds it. */
export interface EventEnvelope {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: unknown;
}

/** A PutEvents request entry (the SDK's field names). */
export interface PutEventsEntry {
  readonly Source?: string;
  readonly DetailType?: string;
  readonly Detail?: string;
  readonly Resources?: readonly string[];
  /** ISO string, Date, or epoch seconds (the JSON wire format). */
  readonly Time?: string | number | Date;
  readonly EventBusName?: string;
}

export interface PutEventsResultEntry {
  readonly EventId?: string;
  readonly ErrorCode?: string;
  readonly ErrorMessage?: string;
}

export interface PutEventsResult {
  readonly FailedEntryCount: number;
  readonly Entries: readonly PutEventsResultEntry[];
}

/** An event a target could not process after the retries (AWS: the target's DLQ). */
export interface DeadLetter {
  readonly source: string;
  readonly target: string;
  readonly payload: unknown;
  readonly error: { readonly name: string; readonly message: string };
  readonly attempts: number;
  readonly failedAt: string;
  /** Set when a consumer rejected the event itself (UnprocessableEventError's stable code). */
  readonly code?: string;
  /** Why it was rejected: fields and rules, never values. */
  readonly reason?: string;
}

export interface BusTargets {
  readonly invokeFunction: FunctionInvoker;
  readonly startExecution: (stateMachineId: string, input: unknown) => Promise<unknown>;
}

export interface LocalBusOptions {
  readonly rules: readonly RuleSpec[];
  readonly targets: BusTargets;
  readonly clock: Clock;
  /** Pause before the first retry; doubles for the second (AWS waits minutes; locally it need not). */
  readonly retryDelayMs?: number;
}

/** Lambda retries a failed asynchronous invocation twice before giving up. */
const ASYNC_ATTEMPTS = 3;
const MAX_ENTRIES = 10;
const RECENT_EVENTS = 500;

/**
 * The in-process EventBridge bus. Rules come from the capability definitions and their patterns
 * are compiled at construction, so an unsupported operator stops the local cloud from starting.
 * Matching targets are invoked asynchronously, as EventBridge does; failures are retried
 * twice and then kept in `deadLetters` (`GET /local/dlq`).
 */
/** How a PutEvents call reaches the bus. */
export interface PutEventsOptions {
  readonly defaultBusName?: string;
  /**
   * Put by a system outside the CRM (`POST /local/events`), not by a function: a `crm.*` source
   * is refused per entry, as the bus policy in AWS denies it to everyone but the outbox relays.
   */
  readonly fromOutside?: boolean;
}

const OWN_SOURCE_PREFIX = 'crm.';
const OWN_SOURCE_REFUSED: PutEventsResultEntry = {
  ErrorCode: 'AccessDeniedException',
  ErrorMessage: 'Only the outbox relays put crm.* sources on the bus.',
};

export class LocalBus {
  readonly name = LOCAL_BUS_NAME;
  readonly #rules: { readonly spec: RuleSpec; readonly matches: EventMatcher }[];
  readonly #targets: BusTargets;
  readonly #clock: Clock;
  readonly #retryDelayMs: number;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #deadLetters: DeadLetter[] = [];
  readonly #recent: EventEnvelope[] = [];

  constructor(options: LocalBusOptions) {
    this.#rules = options.rules.map((spec) => {
      try {
        return { spec, matches: compileEventPattern(spec.eventPattern) };
      } catch (error) {
        throw new Error(`Rule ${spec.id}: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
      }
    });
    this.#targets = options.targets;
    this.#clock = options.clock;
    this.#retryDelayMs = options.retryDelayMs ?? 100;
  }

  /** The rules this bus routes with (ids, patterns, targets). */
  listRules(): RuleSpec[] {
    return this.#rules.map(({ spec }) => spec);
  }

  /** Failed deliveries, oldest first. */
  get deadLetters(): readonly DeadLetter[] {
    return this.#deadLetters;
  }

  /**
   * Records a failure that happened outside the bus (stream poller, scheduler, a consumer's
   * SendMessage); without `failedAt` it is stamped with the bus clock.
   */
  recordDeadLetter(letter: Omit<DeadLetter, 'failedAt'> & { readonly failedAt?: string }): void {
    this.#deadLetters.push({ ...letter, failedAt: letter.failedAt ?? this.#clock.now().toISOString() });
  }

  /** The last events put on the bus, oldest first. */
  get recentEvents(): readonly EventEnvelope[] {
    return this.#recent;
  }

  /**
   * PutEvents: validates each entry as EventBridge does (a failed entry does not fail the
   * others), builds the envelope and routes it. Entries without EventBusName go to
   * `defaultBusName` (the AWS default bus has no rules here, so it fails the entry).
   */
  putEvents(entries: readonly PutEventsEntry[], options: PutEventsOptions = {}): PutEventsResult {
    if (entries.length === 0 || entries.length > MAX_ENTRIES) {
      throw new RangeError(`PutEvents takes 1 to ${MAX_ENTRIES} entries`);
    }
    const results = entries.map((entry) =>
      options.fromOutside === true && entry.Source?.startsWith(OWN_SOURCE_PREFIX) === true
        ? OWN_SOURCE_REFUSED
        : this.#put(entry, options.defaultBusName ?? 'default'),
    );
    return { FailedEntryCount: results.filter((result) => result.ErrorCode).length, Entries: results };
  }

  /** Whether a delivery is in flight. */
  get busy(): boolean {
    return this.#inFlight.size > 0;
  }

  /** Resolves when every delivery in flight (retries included) has settled. */
  async whenIdle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  #put(entry: PutEventsEntry, defaultBusName: string): PutEventsResultEntry {
    const busName = (entry.EventBusName ?? defaultBusName).split('event-bus/').pop();
    if (busName !== this.name) {
      return { ErrorCode: 'NotFoundException', ErrorMessage: `Event bus ${busName} does not exist locally.` };
    }
    if (!entry.Source || !entry.DetailType) {
      return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameters Source and DetailType are required.' };
    }
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail ?? '');
    } catch {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail must be a JSON object.' };
    }
    const event: EventEnvelope = {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: LOCAL_ACCOUNT,
      time: eventTime(entry.Time ?? this.#clock.now()),
      region: LOCAL_REGION,
      resources: [...(entry.Resources ?? [])],
      detail,
    };
    notifyBusEntry({ source: entry.Source, detailType: entry.DetailType, bytes: entrySize(entry) });
    this.#recent.push(event);
    if (this.#recent.length > RECENT_EVENTS) this.#recent.shift();
    for (const rule of this.#rules) {
      if (rule.matches(event)) this.#track(this.#deliver(rule.spec, event));
    }
    return { EventId: event.id };
  }

  #track(delivery: Promise<void>): void {
    this.#inFlight.add(delivery);
    void delivery.finally(() => this.#inFlight.delete(delivery));
  }

  async #deliver(rule: RuleSpec, event: EventEnvelope): Promise<void> {
    const target = rule.target;
    const describe =
      target.kind === 'function' ? `function:${target.functionId}` : `stateMachine:${target.stateMachineId}`;
    let lastError: unknown;
    for (let attempt = 1; attempt <= ASYNC_ATTEMPTS; attempt++) {
      try {
        if (target.kind === 'function') await this.#targets.invokeFunction(target.functionId, event);
        else await this.#targets.startExecution(target.stateMachineId, event);
        return;
      } catch (error) {
        lastError = error;
        if (attempt < ASYNC_ATTEMPTS) {
          await new Promise((resolve) => setTimeout(resolve, this.#retryDelayMs * 2 ** (attempt - 1)));
        }
      }
    }
    this.#deadLetters.push({
      source: `rule:${rule.id}`,
      target: describe,
      payload: event,
      error: errorSummary(lastError),
      attempts: ASYNC_ATTEMPTS,
      failedAt: this.#clock.now().toISOString(),
    });
  }
}

/** Name and message of anything thrown (for dead letters and AWS error responses). */
export function errorSummary(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

function eventTime(time: string | number | Date): string {
  const date =
    time instanceof Date ? time : typeof time === 'number' ? new Date(time * 1000) : new Date(time);
  // EventBridge writes whole seconds.
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * An entry's size as EventBridge meters it (each 64 KB chunk is billed as one event): the UTF-8
 * bytes of Source, DetailType, Detail and each resource, plus 14 for Time.
 */
function entrySize(entry: PutEventsEntry): number {
  const text = [entry.Source ?? '', entry.DetailType ?? '', entry.Detail ?? '', ...(entry.Resources ?? [])];
  return text.reduce((bytes, part) => bytes + Buffer.byteLength(part, 'utf8'), 14);
}
